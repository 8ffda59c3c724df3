import type { ExpectationService } from './ExpectationService';
import type { ExpectationStore } from './ExpectationStore';
import type { ExpectationRecord } from './types';

/** How often the store is read again while waiting: another replica may resolve it. */
export const DEFAULT_RECHECK_MS = 5_000;

/**
 * Waits until the expectation leaves `pending` or `timeoutMs` passes, and
 * answers it as it then is (still pending after the timeout; undefined when
 * there is no such expectation). A resolution on this replica wakes the
 * waiter at once; one on another replica is seen at the next re-read of the
 * store, every `recheckMs`.
 */
export async function waitForVerdict(options: {
  id: string;
  store: Pick<ExpectationStore, 'get'>;
  expectations: Pick<ExpectationService, 'onResolved'>;
  timeoutMs: number;
  recheckMs?: number;
}): Promise<ExpectationRecord | undefined> {
  const { id, store, expectations, timeoutMs } = options;
  const recheckMs = options.recheckMs ?? DEFAULT_RECHECK_MS;
  const giveUpAt = Date.now() + timeoutMs;
  // Set when a resolution arrives while the store is being read: that read may predate it.
  let signalled = false;
  let wake = () => {};
  // A pause that a resolution cuts short.
  const pause = (ms: number) =>
    new Promise<void>(resolve => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      wake = done;
    });
  const unsubscribe = expectations.onResolved(record => {
    if (record.id !== id) return;
    signalled = true;
    wake();
  });
  try {
    for (;;) {
      signalled = false;
      const record = await store.get(id);
      const remaining = giveUpAt - Date.now();
      if (!record || record.state !== 'pending') return record;
      if (remaining <= 0) return record;
      if (signalled) continue;
      await pause(Math.min(recheckMs, remaining));
    }
  } finally {
    unsubscribe();
  }
}
