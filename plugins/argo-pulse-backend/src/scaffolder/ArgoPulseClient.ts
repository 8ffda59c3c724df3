import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  ArgoPulseExpectation,
  CreateExpectationRequest,
  CreateExpectationResponse,
  EntityApplicationsResponse,
} from '@argo-pulse/backstage-plugin-common';

/** Longer than any route of Argo Pulse takes; a request that hangs past it counts as a failed one. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Argo Pulse did not give what was asked: `status` is its HTTP status, or
 * undefined when no answer came (the network, a timeout). The message is
 * Argo Pulse's own where it gave one.
 */
export class ArgoPulseRequestError extends Error {
  constructor(readonly status: number | undefined, message: string) {
    super(message);
    this.name = 'ArgoPulseRequestError';
  }

  /** Worth asking again: no answer, a server error or a rate limit; a refusal (4xx) stays one. */
  get transient(): boolean {
    return (
      this.status === undefined || this.status >= 500 || this.status === 429
    );
  }
}

/** Backstage's error body (`{error: {name, message}}`) in words; the status line for anything else (a proxy's page). */
async function refusal(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as {
      error?: { name?: string; message?: string };
    };
    if (body.error?.message) return body.error.message;
  } catch {
    // not JSON: fall back to the status line
  }
  return `${response.status} ${response.statusText}`.trim();
}

/**
 * Argo Pulse's HTTP API as the scaffolder's actions call it. The actions run
 * inside the scaffolder plugin, so they reach Argo Pulse through discovery,
 * with a token issued on behalf of the template's user: that user's own
 * permissions apply, as on the entity page.
 */
export class ArgoPulseClient {
  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
    },
  ) {}

  /** `POST /expectations`; the key makes a repeated post answer the expectation of the first. */
  createExpectation(
    body: CreateExpectationRequest,
    idempotencyKey: string,
    credentials: BackstageCredentials,
    signal?: AbortSignal,
  ): Promise<CreateExpectationResponse> {
    return this.request('POST', '/expectations', credentials, {
      body,
      headers: { 'Idempotency-Key': idempotencyKey },
      signal,
    });
  }

  getExpectation(
    id: string,
    credentials: BackstageCredentials,
    signal?: AbortSignal,
  ): Promise<ArgoPulseExpectation> {
    return this.request(
      'GET',
      `/expectations/${encodeURIComponent(id)}`,
      credentials,
      { signal },
    );
  }

  getEntityApplications(
    entity: CompoundEntityRef,
    credentials: BackstageCredentials,
    signal?: AbortSignal,
  ): Promise<EntityApplicationsResponse> {
    const path = [entity.kind, entity.namespace, entity.name]
      .map(encodeURIComponent)
      .join('/');
    return this.request('GET', `/entities/${path}/applications`, credentials, {
      signal,
    });
  }

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    credentials: BackstageCredentials,
    options: {
      body?: unknown;
      headers?: Record<string, string>;
      signal?: AbortSignal;
    },
  ): Promise<T> {
    const baseUrl = await this.options.discovery.getBaseUrl('argo-pulse');
    const { token } = await this.options.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'argo-pulse',
    });
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          Accept: 'application/json',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(options.body !== undefined
            ? { 'Content-Type': 'application/json' }
            : {}),
          ...options.headers,
        },
        body:
          options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal
          ? AbortSignal.any([options.signal, timeout])
          : timeout,
      });
    } catch (error) {
      // The task's own cancellation is not Argo Pulse's failure: the caller says what was cancelled.
      if (options.signal?.aborted) throw error;
      throw new ArgoPulseRequestError(
        undefined,
        timeout.aborted
          ? `Argo Pulse did not answer ${method} ${path} within ${
              REQUEST_TIMEOUT_MS / 1000
            } s`
          : `Could not reach Argo Pulse at ${baseUrl} (${
              (error as Error).message
            })`,
      );
    }
    if (response.ok) return (await response.json()) as T;
    const message = await refusal(response);
    throw new ArgoPulseRequestError(
      response.status,
      response.status >= 500
        ? `Argo Pulse failed to answer ${method} ${path} (${response.status}): ${message}`
        : `Argo Pulse refused ${method} ${path} (${response.status}): ${message}`,
    );
  }
}
