import { mockServices } from '@backstage/backend-test-utils';
import {
  ARGO_PULSE_PORTAL_SIGNAL_REF,
  entitySignalKey,
} from '@argo-pulse/backstage-plugin-common';
import { ChangeSignals } from './ChangeSignals';
import type { SignalWatchers } from './SignalWatchers';

const ALICE = 'user:default/alice';
const app = { instance: 'prod', namespace: 'argocd', name: 'payments-api' };

/** Readers: alice reads the portal's pages, nobody reads an entity. */
const watchers = {
  forEntities: async (refs: string[]) =>
    new Map(
      refs.includes(ARGO_PULSE_PORTAL_SIGNAL_REF)
        ? [[ARGO_PULSE_PORTAL_SIGNAL_REF, [ALICE]]]
        : [],
    ),
  forApplications: async () => new Map(),
  forInstance: async () => new Map(),
} as unknown as SignalWatchers;

describe('ChangeSignals: the portal pages', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const publish = vi.fn(async (_signal: unknown) => {});
    const changes = new ChangeSignals({
      signals: { publish },
      watchers,
      logger: mockServices.logger.mock(),
      portalIntervalMs: 1000,
    });
    return { changes, publish };
  }

  it('any change is signalled to the portal readers at once, naming no entity; a burst makes one more signal a second later', async () => {
    const { changes, publish } = setup();
    await changes.applicationsChanged([app]);
    await vi.advanceTimersByTimeAsync(0);
    expect(publish.mock.calls.map(([signal]) => signal)).toEqual([
      {
        recipients: { type: 'user', entityRef: [ALICE] },
        channel: 'argo-pulse',
        message: { entities: [entitySignalKey(ARGO_PULSE_PORTAL_SIGNAL_REF)] },
      },
    ]);

    // Twenty changes within the next second: one signal, when the second is up.
    for (let i = 0; i < 20; i++) {
      await changes.expectationChanged({ targets: [app] });
      await vi.advanceTimersByTimeAsync(40);
    }
    expect(publish).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(publish).toHaveBeenCalledTimes(2);
  });

  it("an instance's reachability changing is a change too; a poll that changes nothing is not", async () => {
    const { changes, publish } = setup();
    await changes.instancePolled('prod', { failed: false });
    await vi.advanceTimersByTimeAsync(1000);
    expect(publish).toHaveBeenCalledTimes(1);
    await changes.instancePolled('prod', { failed: false });
    await changes.applicationsChanged([]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(publish).toHaveBeenCalledTimes(1);
  });

  it('stop drops a signal that has not gone out', async () => {
    const { changes, publish } = setup();
    await changes.applicationsChanged([app]);
    changes.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(publish).not.toHaveBeenCalled();
  });
});
