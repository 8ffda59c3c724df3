import { mockServices } from '@backstage/backend-test-utils';
import { DeadlineTimer } from './DeadlineTimer';

describe('DeadlineTimer', () => {
  it('wakes at the earliest next check, and keeps going after a failed look-up', async () => {
    const firstCheck = new Date(Date.now() + 50).toISOString();
    let next: string | undefined = firstCheck;
    let failures = 1;
    const woke: number[] = [];
    const timer = new DeadlineTimer({
      logger: mockServices.logger.mock(),
      earliest: async () => {
        if (woke.length === 1 && failures-- > 0)
          throw new Error('database is away');
        return next;
      },
      evaluateDue: async () => {
        woke.push(Date.now());
        next = undefined;
      },
    });
    timer.arm();
    await vi.waitFor(() => expect(woke).toHaveLength(1), { timeout: 10_000 });
    // Not before the check was due (a Node timer may fire a millisecond or two early by Date.now()).
    expect(woke[0]).toBeGreaterThanOrEqual(Date.parse(firstCheck) - 5);

    // The re-arm after the wake-up failed; a later arm still works.
    next = new Date(Date.now() + 30).toISOString();
    timer.arm();
    await vi.waitFor(() => expect(woke).toHaveLength(2), { timeout: 10_000 });
    timer.stop();
  });

  it('does not wake after stop', async () => {
    const evaluateDue = vi.fn(async () => undefined);
    const timer = new DeadlineTimer({
      logger: mockServices.logger.mock(),
      earliest: async () => new Date(Date.now() + 20).toISOString(),
      evaluateDue,
    });
    timer.arm();
    await new Promise(resolve => setTimeout(resolve, 5));
    timer.stop();
    await new Promise(resolve => setTimeout(resolve, 60));
    expect(evaluateDue).not.toHaveBeenCalled();
  });
});
