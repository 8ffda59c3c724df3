import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Argo Pulse: Argo CD in Backstage. */
  argoPulse?: {
    /**
     * The Argo CD instances to poll. Names must be unique; they appear in
     * the UI and in the `argocd/instance-name` annotation.
     */
    instances: Array<{
      /**
       * A short name, e.g. `prod-eu`.
       * @visibility frontend
       */
      name: string;
      /** Base URL of the Argo CD API server, e.g. `https://argocd.example.com`. */
      url: string;
      /**
       * Base URL of the Argo CD UI for links; defaults to `url`.
       * @visibility frontend
       */
      frontendUrl?: string;
      /**
       * A static Argo CD API token (an account's or a project role's JWT).
       * @visibility secret
       */
      token?: string;
      /** A local Argo CD account to log in with, instead of a token. */
      username?: string;
      /**
       * The password of `username`.
       * @visibility secret
       */
      password?: string;
      /** This instance's `polling.mode`, when it differs: `poll` or `stream`. */
      mode?: 'poll' | 'stream';
    }>;
    polling?: {
      /** How often each instance is polled. Default 10 seconds. */
      frequency?: HumanDuration | string;
      /**
       * How long one poll of one instance may read; what it stored by then stays, and the next
       * poll goes on from there. Default: the frequency.
       */
      timeout?: HumanDuration | string;
      /** How long one request to Argo CD may take. Default 10 seconds. */
      requestTimeout?: HumanDuration | string;
      /**
       * The largest answer to one request that is read, in megabytes; a larger one fails the
       * request, in words. Default 100: a projected list is about 1.3 MB per 1,000 applications.
       */
      maxAnswerMegabytes?: number;
      /** Requests to one instance in flight at once. Default 4. */
      concurrency?: number;
      /** Requests to all instances together in flight at once, per backend replica. Default 16. */
      maxRequestsInFlight?: number;
      /**
       * `poll` lists each instance every interval. `stream` also watches Argo CD's event stream
       * between lists, for changes within a second. Default `poll`; an instance may set its own.
       */
      mode?: 'poll' | 'stream';
    };
    /**
     * The environments of the version matrix, in rollout order (dev, staging, prod): each a
     * name and where its applications are, as whole instances and/or an instance with a
     * destination namespace glob. Without them, the matrix has one column per instance.
     */
    environments?: Array<{
      name: string;
      /** Every application of these instances. */
      instances?: string[];
      /** Applications of an instance whose destination namespace matches a glob (`payments-*`). */
      destinations?: Array<{ instance: string; namespace?: string }>;
    }>;
    /** Delivery figures (`GET /insights`). */
    insights?: {
      /** The environments (instances, without `environments`) the headline figures cover. Default the last in rollout order. */
      productionEnvironments?: string[];
    };
    history?: {
      /** How long deployments are kept. Default 90 days. */
      retention?: HumanDuration | string;
      /** A deployment not Healthy this long after its sync finished is `degraded` ("did not become healthy within …"). Default 10 minutes. */
      settleTimeout?: HumanDuration | string;
    };
    /** How expected versions posted by CI are decided. */
    expectations?: {
      /** Deadline of an expectation posted without `timeoutSeconds`. Default 10 minutes. */
      defaultTimeout?: HumanDuration | string;
      /** The longest `timeoutSeconds` accepted. Default 24 hours. */
      maxTimeout?: HumanDuration | string;
      /** How long an application may stay Degraded after the new image appeared before the expectation fails. Default 2 minutes. */
      degradedGrace?: HumanDuration | string;
      /** How long a target application may be missing from Argo CD before the expectation fails. Default 2 minutes. */
      appMissingGrace?: HumanDuration | string;
      /** Count Suspended as healthy (for applications paused or scaled to zero on purpose). Default false. */
      acceptSuspended?: boolean;
    };
  };
}
