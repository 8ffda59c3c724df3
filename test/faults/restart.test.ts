// A backend killed in the middle of a poll: the restarted one polls the instance again within
// one interval, instead of waiting for a scheduler lock to be freed (up to a minute).
import { measureRestart } from './restartScenario';

const INTERVAL_SECONDS = 5;

describe('a backend killed mid-poll', () => {
  it(`is polling again within one interval (${INTERVAL_SECONDS} s) of its restart`, async () => {
    expect(
      await measureRestart({ intervalSeconds: INTERVAL_SECONDS }),
    ).toBeLessThanOrEqual(INTERVAL_SECONDS);
  }, 180_000);
});
