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
    }>;
    polling?: {
      /** How often each instance is polled. Default 10 seconds. */
      frequency?: HumanDuration | string;
      /** How long one poll of one instance may take. Default 30 seconds. */
      timeout?: HumanDuration | string;
      /** How long one request to Argo CD may take. Default 10 seconds. */
      requestTimeout?: HumanDuration | string;
      /** Requests to one instance in flight at once. Default 4. */
      concurrency?: number;
    };
    history?: {
      /** How long deployments are kept. Default 90 days. */
      retention?: HumanDuration | string;
    };
  };
}
