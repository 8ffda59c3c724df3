import { ExpectationRecord } from './types';
import { waitForVerdict } from './waitForVerdict';

/** A store holding one expectation, and the resolution listeners of a service. */
function fixture(state: ExpectationRecord['state'] = 'pending') {
  let record = { id: 'e1', state } as ExpectationRecord;
  const listeners = new Set<(r: ExpectationRecord) => void>();
  const reads = { count: 0 };
  return {
    reads,
    store: {
      get: async (id: string) => {
        reads.count += 1;
        return id === record.id ? record : undefined;
      },
    },
    expectations: {
      onResolved: (listener: (r: ExpectationRecord) => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    listeners,
    /** Another replica resolves it: the store changes, no listener hears. */
    resolveElsewhere(next: ExpectationRecord['state']) {
      record = { ...record, state: next };
    },
    /** This replica resolves it: the store changes and the listeners hear. */
    resolveHere(next: ExpectationRecord['state']) {
      record = { ...record, state: next };
      for (const listener of listeners) listener(record);
    },
  };
}

describe('waitForVerdict', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('answers a resolved expectation at once, and nothing for an unknown id', async () => {
    const f = fixture('deployed');
    await expect(
      waitForVerdict({ ...f, id: 'e1', timeoutMs: 60_000 }),
    ).resolves.toMatchObject({ state: 'deployed' });
    await expect(
      waitForVerdict({ ...f, id: 'nope', timeoutMs: 60_000 }),
    ).resolves.toBeUndefined();
    expect(f.listeners.size).toBe(0);
  });

  it('wakes at once when this replica resolves it', async () => {
    const f = fixture();
    const waiting = waitForVerdict({
      ...f,
      id: 'e1',
      timeoutMs: 60_000,
      recheckMs: 30_000,
    });
    await vi.advanceTimersByTimeAsync(1_000);
    f.resolveHere('deployed');
    await vi.advanceTimersByTimeAsync(0);
    await expect(waiting).resolves.toMatchObject({ state: 'deployed' });
    expect(f.reads.count).toBe(2);
    expect(f.listeners.size).toBe(0);
  });

  it("sees another replica's resolution at the next re-read of the store", async () => {
    const f = fixture();
    let answered: ExpectationRecord | undefined;
    void waitForVerdict({
      ...f,
      id: 'e1',
      timeoutMs: 60_000,
      recheckMs: 5_000,
    }).then(r => {
      answered = r;
    });
    await vi.advanceTimersByTimeAsync(1_000);
    f.resolveElsewhere('failed');
    await vi.advanceTimersByTimeAsync(3_000);
    expect(answered).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(answered).toMatchObject({ state: 'failed' });
  });

  it('answers it still pending at the timeout', async () => {
    const f = fixture();
    const timedOut = waitForVerdict({
      ...f,
      id: 'e1',
      timeoutMs: 12_000,
      recheckMs: 5_000,
    });
    await vi.advanceTimersByTimeAsync(12_000);
    await expect(timedOut).resolves.toMatchObject({ state: 'pending' });
    expect(f.reads.count).toBe(4); // at 0, 5, 10 and 12 s
  });
});
