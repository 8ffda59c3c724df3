import type { ArgoPulseSyncRequest } from '@argo-pulse/backstage-plugin-common';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ArgoCdApplication,
  ArgoCdApplicationList,
  ArgoCdApplicationResourceResponse,
  ArgoCdApplicationSetList,
  ArgoCdApplicationWatchEvent,
  ArgoCdApplicationTree,
  ArgoCdManifestResponse,
  ArgoCdOCIMetadata,
  ArgoCdRevisionMetadata,
} from '@argo-pulse/backstage-plugin-common';
import type { ArgoCdInstanceConfig } from '../config/readArgoPulseConfig';
import {
  ArgoCdRequestError,
  ArgoCdRequestErrorOptions,
} from './ArgoCdRequestError';
import {
  argoCdMessage,
  describeNetworkError,
  networkCodeOf,
} from './errorText';
import { secretRedactor } from '../config/redactSecrets';
import { readEventStream } from './eventStream';
import { LIST_FIELDS } from './listFields';
import { RequestLimiter, RequestPriority } from './RequestLimiter';

/** Called once for every answered or failed request, for metrics. */
export type ArgoCdRequestObserver = (event: {
  instance: string;
  endpoint: string;
  status: number | 'error';
}) => void;

export interface ArgoCdClientOptions {
  instance: Omit<ArgoCdInstanceConfig, 'mode'>;
  logger: LoggerService;
  /** Each attempt's time limit. */
  requestTimeoutMs: number;
  /** The largest answer read; a larger one fails the request. Default 100 MB. */
  maxAnswerBytes?: number;
  /** Requests in flight at once to this instance, when no shared `limiter` is given. */
  concurrency?: number;
  /** Bounds requests in flight per instance and across instances; shared by every client of a backend. */
  limiter?: RequestLimiter;
  /** Attempts after the first for network errors and 5xx. Default 2. */
  retries?: number;
  /** First backoff delay; doubled per retry, with full jitter. Default 250 ms. */
  backoffMs?: number;
  onRequest?: ArgoCdRequestObserver;
}

/** The list as the poller sees it: projected items and the list's resourceVersion. */
export interface ApplicationListSnapshot {
  resourceVersion?: string;
  items: ArgoCdApplication[];
  /** Set when a projected list came back whole (Argo CD or a proxy ignored `fields`), with its size. */
  unprojected?: { bytes: number };
}

/** How one call is made: cancelled with the poll, and queued by importance. */
export interface RequestOptions {
  /** Aborts the request, queued or in flight (the poll's deadline). */
  signal?: AbortSignal;
  /** Default `overview`. */
  priority?: RequestPriority;
}

interface RequestSpec extends RequestOptions {
  /** A route template for errors and metrics, e.g. `GET /api/v1/applications/{name}`. */
  endpoint: string;
  path: string;
  /** A list value is sent as the key repeated, as Argo CD's gateway reads arrays. */
  query?: Record<string, string | string[] | undefined>;
  /** Only the caller's signal bounds it (a full list can take longer than one request's limit). */
  unbounded?: boolean;
  /** Told the size of the answer's body, once read. */
  onAnswerBytes?: (bytes: number) => void;
  /** Sent as JSON with a POST. */
  body?: unknown;
  /** Never sent twice (a write: a second sync would be refused, or worse, run twice). */
  once?: boolean;
}

/** What a sync asks of Argo CD: always the application's target revision, never another one. */
export type SyncOptions = ArgoPulseSyncRequest;

/** What a rollback asks of Argo CD: an entry of its history by Argo CD's id. */
export interface RollbackOptions {
  id: number;
  prune?: boolean;
  dryRun?: boolean;
}

/**
 * Whether a listed application carries what the projection leaves out: the
 * managed resources and the history, always present in a whole application.
 */
const outsideProjection = (app: ArgoCdApplication): boolean =>
  app.status?.resources !== undefined || app.status?.history !== undefined;

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Talks to one Argo CD instance: authenticates (static token, or a session
 * login that is cached and renewed once on 401), bounds every attempt in
 * time, retries transient failures with jittered backoff, and caps how many
 * requests are in flight. Polls never ask Argo CD to refresh (`refresh=` blocks
 * until the controller re-checks the app); only a user's refresh does
 * (`refreshApplication`). The write calls (refresh, sync, rollback) go at
 * `user` priority and are never retried.
 */
export class ArgoCdClient {
  private readonly limiter: RequestLimiter;
  private sessionToken?: Promise<string>;
  private overviewRequests = 0;

  private readonly redact: (text: string) => string;

  constructor(private readonly options: ArgoCdClientOptions) {
    const perInstance = options.concurrency ?? 4;
    this.limiter =
      options.limiter ??
      new RequestLimiter({ perInstance, total: perInstance });
    this.redact = secretRedactor(options.instance);
  }

  get instanceName(): string {
    return this.options.instance.name;
  }

  /** Requests sent so far at overview priority (polls: lists, applications, logins), retries included. */
  get overviewRequestsSent(): number {
    return this.overviewRequests;
  }

  /** How long one request may wait for its answer. */
  get requestTimeoutMs(): number {
    return this.options.requestTimeoutMs;
  }

  /**
   * One list request. Projected to the fields change detection needs, or
   * with `full`, every application whole (history, conditions, messages,
   * managed resources): one request instead of a GET per application, bounded
   * only by the caller's signal.
   */
  async listApplications(
    options: RequestOptions & { full?: boolean } = {},
  ): Promise<ApplicationListSnapshot> {
    let bytes = 0;
    const list = await this.get<ArgoCdApplicationList>({
      endpoint: 'GET /api/v1/applications',
      path: '/api/v1/applications',
      query: { fields: options.full ? undefined : LIST_FIELDS.join(',') },
      unbounded: options.full && options.signal !== undefined,
      onAnswerBytes: size => (bytes = size),
      ...options,
    });
    // Argo CD answers `items: null` for an empty list.
    const items = list.items ?? [];
    return {
      resourceVersion: list.metadata?.resourceVersion,
      items,
      ...(!options.full && items.some(outsideProjection)
        ? { unprojected: { bytes } }
        : {}),
    };
  }

  /**
   * Reads the whole-application list and hands it to `use` (which writes it),
   * holding one of the limiter's few whole-list places throughout, so that
   * only a few whole instances are in memory at once.
   */
  async withWholeList<T>(
    options: RequestOptions & { onRequested?: () => void },
    use: (list: ApplicationListSnapshot) => Promise<T>,
  ): Promise<T> {
    return this.limiter.withWholeList(async () => {
      options.signal?.throwIfAborted();
      options.onRequested?.();
      return use(
        await this.listApplications({
          signal: options.signal,
          priority: options.priority,
          full: true,
        }),
      );
    });
  }

  /** The full application, with history, conditions and operation messages. */
  async getApplication(
    name: string,
    namespace?: string,
    options: RequestOptions = {},
  ): Promise<ArgoCdApplication> {
    return this.getOfApplication('', name, namespace, options);
  }

  /**
   * `GET /api/v1/applications/{name}?refresh=normal|hard`: Argo CD compares
   * the application again (`hard` also regenerates the manifests) and
   * answers it as reconciled.
   */
  async refreshApplication(
    name: string,
    namespace: string | undefined,
    hard: boolean,
    options: Omit<RequestOptions, 'priority'> = {},
  ): Promise<ArgoCdApplication> {
    return this.get<ArgoCdApplication>({
      endpoint: 'GET /api/v1/applications/{name}?refresh',
      path: `/api/v1/applications/${encodeURIComponent(name)}`,
      query: { appNamespace: namespace, refresh: hard ? 'hard' : 'normal' },
      priority: 'user',
      once: true,
      ...options,
    });
  }

  /**
   * `POST /api/v1/applications/{name}/sync` (an `ApplicationSyncRequest`) to
   * the application's target revision: no `revision` is ever sent, so
   * Argo CD resolves the one git (or the chart) names now.
   */
  async syncApplication(
    name: string,
    namespace: string | undefined,
    body: SyncOptions,
    options: Omit<RequestOptions, 'priority'> = {},
  ): Promise<ArgoCdApplication> {
    return this.get<ArgoCdApplication>({
      endpoint: 'POST /api/v1/applications/{name}/sync',
      path: `/api/v1/applications/${encodeURIComponent(name)}/sync`,
      body: {
        name,
        ...(namespace ? { appNamespace: namespace } : {}),
        ...(body.prune ? { prune: true } : {}),
        ...(body.dryRun ? { dryRun: true } : {}),
        ...(body.resources?.length
          ? {
              resources: body.resources.map(r => ({
                group: r.group ?? '',
                kind: r.kind,
                name: r.name,
                ...(r.namespace ? { namespace: r.namespace } : {}),
              })),
            }
          : {}),
      },
      priority: 'user',
      once: true,
      ...options,
    });
  }

  /** `POST /api/v1/applications/{name}/rollback` (an `ApplicationRollbackRequest`) to an entry of Argo CD's history. */
  async rollbackApplication(
    name: string,
    namespace: string | undefined,
    body: RollbackOptions,
    options: Omit<RequestOptions, 'priority'> = {},
  ): Promise<ArgoCdApplication> {
    return this.get<ArgoCdApplication>({
      endpoint: 'POST /api/v1/applications/{name}/rollback',
      path: `/api/v1/applications/${encodeURIComponent(name)}/rollback`,
      body: {
        name,
        ...(namespace ? { appNamespace: namespace } : {}),
        id: body.id,
        ...(body.prune ? { prune: true } : {}),
        ...(body.dryRun ? { dryRun: true } : {}),
      },
      priority: 'user',
      once: true,
      ...options,
    });
  }

  /** The live resource tree: each resource's health, and the pods with their images. */
  async getResourceTree(
    name: string,
    namespace?: string,
    options: RequestOptions = {},
  ): Promise<ArgoCdApplicationTree> {
    return this.getOfApplication('/resource-tree', name, namespace, options);
  }

  /**
   * `GET /api/v1/applications/{name}/resource`: the live manifest of one
   * resource the application manages (Argo CD answers it as a JSON string),
   * parsed. Only for resources the tree named: Argo CD reads it from the cluster.
   */
  async getResource(
    application: { name: string; namespace?: string },
    resource: {
      group?: string;
      version: string;
      kind: string;
      namespace?: string;
      name: string;
    },
    options: RequestOptions = {},
  ): Promise<unknown> {
    const answer = await this.get<ArgoCdApplicationResourceResponse>({
      endpoint: 'GET /api/v1/applications/{name}/resource',
      path: `/api/v1/applications/${encodeURIComponent(
        application.name,
      )}/resource`,
      query: {
        appNamespace: application.namespace,
        namespace: resource.namespace,
        resourceName: resource.name,
        version: resource.version,
        group: resource.group,
        kind: resource.kind,
      },
      ...options,
    });
    try {
      return JSON.parse(answer.manifest ?? '');
    } catch {
      throw new ArgoCdRequestError({
        instance: this.instanceName,
        endpoint: 'GET /api/v1/applications/{name}/resource',
        message: `the live manifest of ${resource.kind} ${resource.name} is not JSON`,
        kind: 'bad-answer',
        answer: 'not-json',
        retryable: false,
      });
    }
  }

  /** `GET /api/v1/applicationsets`: every ApplicationSet the token may read, with its status. */
  async listApplicationSets(
    options: RequestOptions = {},
  ): Promise<ArgoCdApplicationSetList> {
    return this.get<ArgoCdApplicationSetList>({
      endpoint: 'GET /api/v1/applicationsets',
      path: '/api/v1/applicationsets',
      ...options,
    });
  }

  /** `GET /api/v1/applications/{name}` and the path below it, in the application's namespace. */
  private getOfApplication<T>(
    below: '' | '/resource-tree',
    name: string,
    namespace: string | undefined,
    options: RequestOptions,
  ): Promise<T> {
    return this.get<T>({
      endpoint: `GET /api/v1/applications/{name}${below}`,
      path: `/api/v1/applications/${encodeURIComponent(name)}${below}`,
      query: { appNamespace: namespace },
      ...options,
    });
  }

  /** Author, date and message of a git revision of one of the application's sources. */
  async getRevisionMetadata(
    options: RequestOptions & {
      name: string;
      namespace?: string;
      revision: string;
      sourceIndex?: number;
    },
  ): Promise<ArgoCdRevisionMetadata> {
    const { name, namespace, revision, sourceIndex, signal, priority } =
      options;
    return this.get<ArgoCdRevisionMetadata>({
      endpoint: 'GET /api/v1/applications/{name}/revisions/{revision}/metadata',
      path: `/api/v1/applications/${encodeURIComponent(
        name,
      )}/revisions/${encodeURIComponent(revision)}/metadata`,
      query: {
        appNamespace: namespace,
        sourceIndex:
          sourceIndex === undefined ? undefined : String(sourceIndex),
      },
      signal,
      priority,
    });
  }

  /**
   * What an OCI artifact's annotations say of a digest of one of the application's OCI sources
   * (Argo CD 3.1+): created, authors, version, source URL, description. Git sources have no
   * such thing (Argo CD errors), nor do OCI sources `getRevisionMetadata`.
   */
  async getOciMetadata(
    options: RequestOptions & {
      name: string;
      namespace?: string;
      revision: string;
      sourceIndex?: number;
    },
  ): Promise<ArgoCdOCIMetadata> {
    const { name, namespace, revision, sourceIndex, signal, priority } =
      options;
    return this.get<ArgoCdOCIMetadata>({
      endpoint:
        'GET /api/v1/applications/{name}/revisions/{revision}/ocimetadata',
      path: `/api/v1/applications/${encodeURIComponent(
        name,
      )}/revisions/${encodeURIComponent(revision)}/ocimetadata`,
      query: {
        appNamespace: namespace,
        sourceIndex:
          sourceIndex === undefined ? undefined : String(sourceIndex),
      },
      signal,
      priority,
    });
  }

  /**
   * The manifests Argo CD renders for the application at the given revisions
   * (one per source). A multi-source application names every source's
   * position, as Argo CD asks.
   */
  async getManifests(
    options: RequestOptions & {
      name: string;
      namespace?: string;
      revisions: string[];
    },
  ): Promise<ArgoCdManifestResponse> {
    const { name, namespace, revisions, signal, priority } = options;
    const multiSource = revisions.length > 1;
    return this.get<ArgoCdManifestResponse>({
      endpoint: 'GET /api/v1/applications/{name}/manifests',
      path: `/api/v1/applications/${encodeURIComponent(name)}/manifests`,
      query: {
        appNamespace: namespace,
        ...(multiSource
          ? {
              revisions,
              sourcePositions: revisions.map((_, i) => String(i + 1)),
            }
          : { revision: revisions[0] }),
      },
      signal,
      priority,
    });
  }

  /**
   * Watches `GET /api/v1/stream/applications` from a list's
   * `resourceVersion`, yielding each event as it comes, until the signal
   * aborts or Argo CD ends the stream. It stays open, so it takes no slot of
   * the request limiter. `onActivity` is called for every line, keepalives
   * included (Argo CD sends one every 15 s), so the caller can tell a dead
   * connection from a quiet one.
   */
  async *watchApplications(options: {
    resourceVersion?: string;
    signal: AbortSignal;
    onActivity?: () => void;
  }): AsyncGenerator<ArgoCdApplicationWatchEvent> {
    const spec: RequestSpec = {
      endpoint: 'GET /api/v1/stream/applications',
      path: '/api/v1/stream/applications',
      query: { resourceVersion: options.resourceVersion },
      signal: options.signal,
      unbounded: true,
    };
    const { credentials } = this.options.instance;
    const token =
      credentials.kind === 'token' ? credentials.token : await this.loginOnce();
    const response = await this.open(spec, token, 'text/event-stream');
    if (response.status === 401) this.sessionToken = undefined; // the next connection logs in again
    if (!response.ok || !response.body) {
      const text = await response.text().catch(() => '');
      throw this.statusError(spec, response, text);
    }
    try {
      for await (const message of readEventStream(
        response.body as unknown as AsyncIterable<Uint8Array>,
        options.onActivity,
      )) {
        if (message.error)
          throw this.error(spec, {
            kind: 'status',
            message: `the stream answered: ${
              message.error.message ?? 'an error'
            }`,
            status: message.error.http_code,
            retryable: true,
          });
        if (message.result) yield message.result;
      }
    } catch (error) {
      if (options.signal.aborted) return;
      if (error instanceof ArgoCdRequestError) throw error;
      throw this.error(spec, {
        kind: 'bad-answer',
        message: `the stream broke off (${describeNetworkError(error)})`,
        retryable: true,
      });
    }
  }

  private get<T>(spec: RequestSpec): Promise<T> {
    return this.limiter
      .run(this.instanceName, spec.priority ?? 'overview', spec.signal, () =>
        this.withRetries<T>(spec),
      )
      .catch(error => {
        // Aborted while it waited for a slot: the same error as aborted in flight.
        if (spec.signal?.aborted && !(error instanceof ArgoCdRequestError))
          throw this.cancelled(spec);
        throw error;
      });
  }

  private async withRetries<T>(spec: RequestSpec): Promise<T> {
    const retries = spec.once ? 0 : this.options.retries ?? 2;
    const backoffMs = this.options.backoffMs ?? 250;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.authenticated<T>(spec);
      } catch (error) {
        if (
          !(error instanceof ArgoCdRequestError) ||
          !error.retryable ||
          attempt >= retries ||
          spec.signal?.aborted
        )
          throw error;
        await sleep(Math.random() * backoffMs * 2 ** attempt);
        if (spec.signal?.aborted) throw this.cancelled(spec);
      }
    }
  }

  /** Sends with a token; on 401 with a login account, logs in again once. */
  private async authenticated<T>(spec: RequestSpec): Promise<T> {
    const { credentials } = this.options.instance;
    if (credentials.kind === 'token')
      return this.send<T>(spec, credentials.token, spec.body);
    const token = await this.loginOnce();
    try {
      return await this.send<T>(spec, token, spec.body);
    } catch (error) {
      if (!(error instanceof ArgoCdRequestError) || error.status !== 401)
        throw error;
      if (
        this.sessionToken &&
        (await this.sessionToken.catch(() => undefined)) === token
      )
        this.sessionToken = undefined;
      return this.send<T>(spec, await this.loginOnce(), spec.body);
    }
  }

  /** One login shared by every request waiting for it. */
  private loginOnce(): Promise<string> {
    if (!this.sessionToken) {
      this.sessionToken = this.login();
      this.sessionToken.catch(() => (this.sessionToken = undefined));
    }
    return this.sessionToken;
  }

  private async login(): Promise<string> {
    const { credentials } = this.options.instance;
    if (credentials.kind !== 'login')
      throw new Error('login without credentials');
    const body = await this.send<{ token?: string }>(
      { endpoint: 'POST /api/v1/session', path: '/api/v1/session' },
      undefined,
      { username: credentials.username, password: credentials.password },
    );
    if (!body.token)
      throw this.error(
        { endpoint: 'POST /api/v1/session' },
        {
          kind: 'bad-answer',
          answer: 'no-token',
          message: 'login answered without a token',
          status: 200,
          retryable: false,
        },
      );
    return body.token;
  }

  /** Sends one request and answers its response, whatever the status; throws only when no answer came. */
  private async open(
    spec: RequestSpec,
    token: string | undefined,
    accept = 'application/json',
    body?: unknown,
  ): Promise<Response> {
    const url = new URL(`${this.options.instance.url}${spec.path}`);
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      for (const item of value === undefined ? [] : [value].flat())
        url.searchParams.append(key, item);
    }
    if ((spec.priority ?? 'overview') === 'overview') this.overviewRequests++;
    let response: Response;
    try {
      response = await fetch(url, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          Accept: accept,
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: this.signalFor(spec),
        // Never followed: a redirect would carry the login body (the password) or the token's
        // request to whatever host it names. An SSO proxy in front of the API is told as such.
        redirect: 'manual',
      });
    } catch (error) {
      this.observe(spec, 'error');
      if (spec.signal?.aborted) throw this.cancelled(spec);
      const timedOut = (error as Error).name === 'TimeoutError';
      // Timeouts are not retried: the attempt already used its whole budget.
      if (timedOut)
        throw this.error(spec, {
          kind: 'timeout',
          message: `no answer within ${this.options.requestTimeoutMs} ms`,
          retryable: false,
        });
      throw this.error(spec, {
        kind: 'cannot-connect',
        message: `cannot connect (${describeNetworkError(error)})`,
        retryable: true,
        networkCode: networkCodeOf(error),
      });
    }
    this.observe(spec, response.status);
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => undefined);
      throw this.redirectError(spec, url, response);
    }
    return response;
  }

  /** Where a redirect pointed, as a host only: its path or query may carry a token. */
  private redirectError(spec: RequestSpec, from: URL, response: Response) {
    const location = response.headers.get('location');
    let redirectHost: string | undefined;
    try {
      redirectHost = location ? new URL(location, from).host : undefined;
    } catch {
      redirectHost = undefined;
    }
    const message = `answered ${response.status} with a redirect to ${
      redirectHost ?? 'an unreadable location'
    }`;
    return this.error(spec, {
      kind: 'redirect',
      message,
      status: response.status,
      retryable: false,
      redirectHost,
    });
  }

  private async send<T>(
    spec: RequestSpec,
    token: string | undefined,
    body?: unknown,
  ): Promise<T> {
    const response = await this.open(spec, token, 'application/json', body);
    let text: string;
    try {
      text = await this.readWithin(spec, response);
      spec.onAnswerBytes?.(Buffer.byteLength(text));
    } catch (error) {
      if (error instanceof ArgoCdRequestError) throw error;
      if (spec.signal?.aborted) throw this.cancelled(spec);
      throw this.error(spec, {
        kind: 'bad-answer',
        message: `the answer broke off (${describeNetworkError(error)})`,
        status: response.status,
        retryable: true,
      });
    }
    if (!response.ok) throw this.statusError(spec, response, text);
    try {
      return JSON.parse(text) as T;
    } catch {
      if (
        /text\/html/i.test(response.headers.get('content-type') ?? '') ||
        /^\s*</.test(text)
      ) {
        throw this.error(spec, {
          kind: 'bad-answer',
          answer: 'html',
          message: `answered ${response.status} with an HTML page, not Argo CD's API`,
          status: response.status,
          retryable: false,
        });
      }
      throw this.error(spec, {
        kind: 'bad-answer',
        answer: 'not-json',
        message: `answered ${response.status} with a body that is not JSON`,
        status: response.status,
        retryable: false,
      });
    }
  }

  /**
   * The answer's text, read only up to `maxAnswerBytes`: an Argo CD (or a proxy) that ignores
   * `fields` could otherwise send tens of megabytes every poll, held in memory whole.
   */
  private async readWithin(
    spec: RequestSpec,
    response: Response,
  ): Promise<string> {
    const max = this.options.maxAnswerBytes ?? 100 * 1024 * 1024;
    const megabytes = (n: number) => `${Math.ceil(n / 1024 / 1024)} MB`;
    const tooLarge = (size: string) =>
      this.error(spec, {
        kind: 'bad-answer',
        answer: 'too-large',
        message: `answered ${size}, more than the ${megabytes(
          max,
        )} read (polling.maxAnswerMegabytes)`,
        status: response.status,
        retryable: false,
      });
    const declared = Number(response.headers.get('content-length'));
    if (declared > max) {
      await response.body?.cancel().catch(() => undefined);
      throw tooLarge(megabytes(declared));
    }
    if (!response.body) return '';
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    // Leaving the loop early cancels the rest of the answer.
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      if (bytes > max)
        throw tooLarge(`over ${megabytes(max)} without a length`);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /** The request's own time limit, and the caller's signal (the poll's deadline). */
  private signalFor(spec: RequestSpec): AbortSignal | undefined {
    const own = spec.unbounded
      ? []
      : [AbortSignal.timeout(this.options.requestTimeoutMs)];
    const signals = [...own, ...(spec.signal ? [spec.signal] : [])];
    return signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  }

  private cancelled(spec: Pick<RequestSpec, 'endpoint'>) {
    return this.error(spec, {
      kind: 'cancelled',
      message: 'cancelled: the poll ran out of time',
      retryable: false,
    });
  }

  private observe(
    spec: Pick<RequestSpec, 'endpoint'>,
    status: number | 'error',
  ) {
    this.options.onRequest?.({
      instance: this.instanceName,
      endpoint: spec.endpoint,
      status,
    });
  }

  /** Every error this client throws is made here, and passes the redaction step (see `secretRedactor`). */
  private error(
    spec: Pick<RequestSpec, 'endpoint'>,
    failure: Omit<ArgoCdRequestErrorOptions, 'instance' | 'endpoint'>,
  ) {
    return new ArgoCdRequestError({
      ...failure,
      instance: this.instanceName,
      endpoint: spec.endpoint,
      message: this.redact(failure.message),
    });
  }

  /** An HTTP error status; 5xx (a proxy or Argo CD in trouble) is worth another attempt. */
  private statusError(
    spec: Pick<RequestSpec, 'endpoint'>,
    response: Response,
    text: string,
  ) {
    const message = `${response.status} ${
      argoCdMessage(text) ?? response.statusText
    }`;
    return this.error(spec, {
      kind: 'status',
      message,
      status: response.status,
      retryable: response.status >= 500,
    });
  }
}
