import { taskStatus } from './argoWatcherCompat';

describe("argo-watcher's task status for each verdict", () => {
  it.each([
    [{ state: 'pending' }, 'in progress'],
    [{ state: 'deployed' }, 'deployed'],
    [{ state: 'failed', reason: 'sync-failed' }, 'failed'],
    [{ state: 'failed', reason: 'degraded' }, 'failed'],
    [{ state: 'failed', reason: 'timeout' }, 'failed'],
    [{ state: 'failed', reason: 'app-not-found' }, 'app not found'],
    [{ state: 'failed', reason: 'instance-unreachable' }, 'aborted'],
    [{ state: 'superseded' }, 'cancelled'],
    [{ state: 'cancelled' }, 'cancelled'],
  ] as const)('%o → %s', (record, status) => {
    expect(taskStatus(record)).toBe(status);
  });
});
