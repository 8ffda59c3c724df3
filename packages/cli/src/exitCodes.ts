/** What the CLI's exit code means, for a CI step to branch on. */
export const EXIT = {
  /** The expected images are live (or, without --wait, the expectation was accepted). */
  deployed: 0,
  /** Argo Pulse decided the rollout failed (sync failed, degraded, app not found, wrong image), or it was superseded or cancelled. */
  failed: 1,
  /** The deadline passed before the images were live. */
  timedOut: 2,
  /** A usage mistake, or input the server refused (with its message). */
  usage: 3,
  /** Backstage could not be reached, or refused the credentials. */
  unreachable: 4,
  /** `status` without --wait: the expectation is still pending. */
  pending: 5,
} as const;

/** An error that ends the CLI with a given exit code and message. */
export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
    /** True when trying again later may succeed (network, timeouts, 5xx). */
    readonly transient = false,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
