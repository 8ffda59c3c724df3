import type { LoggerService } from '@backstage/backend-plugin-api';

/** Timers fire at most this far ahead, so a clock change or a missed re-arm heals itself. */
const MAX_SLEEP_MS = 60_000;

/**
 * Wakes the evaluator at the next deadline or grace-period end, so a
 * timeout fires at the deadline rather than at the next poll. Each
 * replica arms its own timer from the database; resolutions are guarded,
 * so two replicas waking together resolve an expectation once.
 */
export class DeadlineTimer {
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private running = Promise.resolve();

  constructor(
    private readonly options: {
      /** The earliest next check of any pending expectation. */
      earliest: () => Promise<string | undefined>;
      /** Evaluates everything that is due. */
      evaluateDue: () => Promise<void>;
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  /** (Re)arms the timer for the earliest next check. */
  arm(): void {
    this.running = this.running
      .then(() => this.armNow())
      .catch(error =>
        this.warn('Could not schedule expectation deadlines', error),
      );
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async armNow(): Promise<void> {
    if (this.stopped) return;
    const earliest = await this.options.earliest();
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!earliest || this.stopped) return;
    const now = this.options.now?.() ?? Date.now();
    const delay = Math.min(
      Math.max(Date.parse(earliest) - now, 0),
      MAX_SLEEP_MS,
    );
    this.timer = setTimeout(() => this.fire(), delay);
    this.timer.unref();
  }

  // Every step catches its own error, so `running` never stays rejected and
  // one database hiccup cannot stop the timer (the sweep re-arms it too).
  private fire(): void {
    this.timer = undefined;
    this.running = this.running
      .then(() => this.options.evaluateDue())
      .catch(error => this.warn('Evaluating due expectations failed', error))
      .then(() => this.armNow())
      .catch(error =>
        this.warn('Could not schedule expectation deadlines', error),
      );
  }

  private warn(what: string, error: unknown): void {
    this.options.logger.warn(`${what}: ${(error as Error).message}`);
  }
}
