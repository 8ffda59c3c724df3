import { setTimeout as delay } from 'node:timers/promises';

/**
 * What the actions wait by: the time, and a pause that ends early when the
 * task is cancelled. Tests pass their own, so none of them waits for real.
 */
export interface ActionClock {
  /** Milliseconds, as `Date.now()`. */
  now(): number;
  /** Resolves after `ms`; rejects as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The wall clock and real timers. */
export const realClock: ActionClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(ms, undefined, { signal }),
};

/** Throws, in words, when the task was cancelled (its signal aborted); returns otherwise. */
export function throwIfCancelled(
  signal: AbortSignal | undefined,
  what: string,
): void {
  if (signal?.aborted) throw new Error(`The task was cancelled while ${what}`);
}

/** `clock.sleep`, ended by the task's cancellation with a message that says what it interrupted. */
export async function pause(
  clock: ActionClock,
  ms: number,
  signal: AbortSignal | undefined,
  what: string,
): Promise<void> {
  try {
    await clock.sleep(ms, signal);
  } catch (error) {
    throwIfCancelled(signal, what);
    throw error;
  }
}
