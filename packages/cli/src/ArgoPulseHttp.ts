import type {
  ArgoPulseExpectation,
  CreateExpectationResponse,
  EntityExpectationsResponse,
} from '@argo-pulse/backstage-plugin-common';
import type { Connection, EntityPath } from './args';
import { CliError, EXIT } from './exitCodes';

/** How a request is retried: network errors and 5xx only, with growing pauses. */
export interface RetryPolicy {
  attempts: number;
  delayMs: number;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 5, delayMs: 1000 };
const REQUEST_TIMEOUT_MS = 30_000;

/** The server's own words, from Backstage's error body; `fromBackstage` is false for any other answer (a proxy's page, Argo CD's API). */
async function serverMessage(
  response: Response,
): Promise<{ message: string; fromBackstage: boolean }> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: { message?: string } };
    if (body.error?.message)
      return { message: body.error.message, fromBackstage: true };
  } catch {
    // not JSON: a proxy's page
  }
  return {
    message: `${response.status} ${response.statusText}`.trim(),
    fromBackstage: false,
  };
}

/** Argo Pulse's own 404s: the thing asked for does not exist, the URL is right. */
const ARGO_PULSE_NOT_FOUND = [/^No expectation /, /^No entity /];

/**
 * For a refusal that did not come from Argo Pulse (not Backstage's error
 * shape, or a 404 that is not one of Argo Pulse's own): the URL tried, and
 * what --url should be. Argo CD's URL, or a wrong path, answers this way.
 */
function wrongUrlHint(
  response: Response,
  answer: { message: string; fromBackstage: boolean },
  method: string,
  url: string,
): string {
  const argoPulseNotFound =
    response.status === 404 &&
    ARGO_PULSE_NOT_FOUND.some(known => known.test(answer.message));
  if (answer.fromBackstage && (response.status !== 404 || argoPulseNotFound))
    return '';
  return ` (tried ${method} ${url}: is --url Backstage's base URL, such as https://backstage.example.com, with the Argo Pulse backend installed?)`;
}

/**
 * The Argo Pulse backend, as CI talks to it. Transient failures (network,
 * timeouts, 5xx) are retried; the POST carries an Idempotency-Key, so a
 * retry never creates a second expectation.
 */
export class ArgoPulseHttp {
  constructor(
    private readonly connection: Connection,
    private readonly options: {
      retry?: RetryPolicy;
      sleep?: (ms: number) => Promise<void>;
      onRetry?: (message: string) => void;
    } = {},
  ) {}

  createExpectation(
    body: Record<string, unknown>,
    idempotencyKey: string,
  ): Promise<CreateExpectationResponse> {
    return this.request('POST', '/expectations', {
      body,
      headers: { 'Idempotency-Key': idempotencyKey },
    });
  }

  getExpectation(id: string): Promise<ArgoPulseExpectation> {
    return this.request('GET', `/expectations/${encodeURIComponent(id)}`);
  }

  cancelExpectation(id: string): Promise<ArgoPulseExpectation> {
    return this.request(
      'POST',
      `/expectations/${encodeURIComponent(id)}/cancel`,
      { body: {} },
    );
  }

  listExpectations(
    entity: EntityPath,
    query: { states?: string; limit: number },
  ): Promise<EntityExpectationsResponse> {
    const path = [entity.kind, entity.namespace, entity.name]
      .map(encodeURIComponent)
      .join('/');
    const search = new URLSearchParams({
      limit: String(query.limit),
      ...(query.states ? { state: query.states } : {}),
    });
    return this.request('GET', `/entities/${path}/expectations?${search}`);
  }

  private async request<T>(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<T> {
    const retry = this.options.retry ?? DEFAULT_RETRY;
    const sleep =
      this.options.sleep ??
      (ms => new Promise(resolve => setTimeout(resolve, ms)));
    const url = `${this.connection.url}/api/argo-pulse${path}`;
    for (let attempt = 1; ; attempt++) {
      let problem: string;
      try {
        const response = await fetch(url, {
          method,
          headers: {
            Authorization: `Bearer ${this.connection.token}`,
            Accept: 'application/json',
            ...(options.body !== undefined
              ? { 'Content-Type': 'application/json' }
              : {}),
            ...options.headers,
          },
          body:
            options.body === undefined
              ? undefined
              : JSON.stringify(options.body),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        if (response.ok) return (await response.json()) as T;
        const answer = await serverMessage(response);
        const { message } = answer;
        const hint = wrongUrlHint(response, answer, method, url);
        if (response.status === 401 || response.status === 403)
          throw new CliError(
            EXIT.unreachable,
            `Backstage refused the request (${response.status}): ${message}${hint}`,
          );
        if (response.status < 500)
          throw new CliError(
            EXIT.usage,
            `Argo Pulse refused the request (${response.status}): ${message}${hint}`,
          );
        problem = `${response.status}: ${message}`;
      } catch (error) {
        if (error instanceof CliError) throw error;
        problem =
          (error as Error).name === 'TimeoutError'
            ? `no answer within ${REQUEST_TIMEOUT_MS / 1000}s`
            : `cannot connect (${(error as Error).message})`;
      }
      if (attempt >= retry.attempts)
        throw new CliError(
          EXIT.unreachable,
          `Backstage at ${this.connection.url} is unreachable: ${problem}`,
          true,
        );
      this.options.onRetry?.(
        `${method} ${path}: ${problem}; retrying (${attempt}/${
          retry.attempts - 1
        })`,
      );
      await sleep(retry.delayMs * attempt);
    }
  }
}
