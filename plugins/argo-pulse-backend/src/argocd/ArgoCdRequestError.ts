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

  constructor(options: { instance: string; endpoint: string; message: string; status?: number; retryable: boolean }) {
    super(`Argo CD instance "${options.instance}": ${options.endpoint}: ${options.message}`);
    this.name = 'ArgoCdRequestError';
    this.instance = options.instance;
    this.endpoint = options.endpoint;
    this.status = options.status;
    this.retryable = options.retryable;
  }
}
