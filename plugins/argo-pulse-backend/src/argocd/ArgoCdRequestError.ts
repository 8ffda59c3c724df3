/**
 * What kind of failure a request met, for a short reason to show users:
 * no connection, no answer in time, an HTTP error status, an answer that
 * could not be read, or cancelled by the poll's deadline.
 */
export type ArgoCdFailureKind =
  | 'cannot-connect'
  | 'timeout'
  | 'status'
  | 'redirect'
  | 'bad-answer'
  | 'cancelled';

/** What an {@link ArgoCdRequestError} is made of. */
export interface ArgoCdRequestErrorOptions {
  instance: string;
  endpoint: string;
  message: string;
  kind: ArgoCdFailureKind;
  status?: number;
  retryable: boolean;
  networkCode?: string;
  /** For `redirect`: the host it pointed at (never its path or query, which may carry a token). */
  redirectHost?: string;
  /** For `bad-answer`: what came instead of JSON, when it can be told. */
  answer?: 'html' | 'not-json' | 'cut-short' | 'no-token' | 'too-large';
}

/**
 * A request to Argo CD that did not give a usable answer. The message is
 * safe to show and to log: it names the instance and endpoint, never a
 * token or password.
 */
export class ArgoCdRequestError extends Error {
  readonly instance: string;
  readonly endpoint: string;
  /** The HTTP status, when Argo CD (or a proxy) answered at all. */
  readonly status?: number;
  /** Whether the client retries it: network errors and 5xx answers. */
  readonly retryable: boolean;
  readonly kind: ArgoCdFailureKind;
  /** For `cannot-connect`: the network error's code (ECONNREFUSED, …), when it has one. */
  readonly networkCode?: string;
  /** For `redirect`: the host the redirect pointed at. */
  readonly redirectHost?: string;
  /** For `bad-answer`: what came instead of JSON. */
  readonly answer?: ArgoCdRequestErrorOptions['answer'];

  constructor(options: ArgoCdRequestErrorOptions) {
    super(
      `Argo CD instance "${options.instance}": ${options.endpoint}: ${options.message}`,
    );
    this.name = 'ArgoCdRequestError';
    this.instance = options.instance;
    this.endpoint = options.endpoint;
    this.status = options.status;
    this.retryable = options.retryable;
    this.kind = options.kind;
    this.networkCode = options.networkCode;
    this.redirectHost = options.redirectHost;
    this.answer = options.answer;
  }
}

/** Whether Argo CD answered a request with a 4xx: a refusal, not worth asking again unchanged. */
export function isRefusal(error: unknown): boolean {
  return (
    error instanceof ArgoCdRequestError &&
    error.status !== undefined &&
    error.status >= 400 &&
    error.status < 500
  );
}
