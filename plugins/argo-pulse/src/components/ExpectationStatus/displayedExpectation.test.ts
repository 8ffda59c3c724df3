import { DateTime } from 'luxon';
import { application, expectation, minutesAgo } from '../../testing/fixtures';
import { displayedExpectation } from './displayedExpectation';

const NEW = 'ghcr.io/acme/payments-api:1.9.0';
const OLD = 'ghcr.io/acme/payments-api:1.8.0';

const deployed = expectation({
  state: 'deployed',
  images: [NEW],
  createdAt: minutesAgo(10),
  resolvedAt: minutesAgo(9),
  durationSeconds: 16,
});
const failed = (reason: 'degraded' | 'timeout' | 'sync-failed') =>
  expectation({
    state: 'failed',
    reason,
    message: 'payments-api-prod is Degraded since the new image appeared',
    images: [NEW],
    createdAt: minutesAgo(10),
    resolvedAt: minutesAgo(6),
  });

describe('displayedExpectation: the verdict as true now', () => {
  it.each([
    {
      what: 'pending: how long, and what it waits for',
      expectation: expectation({
        state: 'pending',
        createdAt: minutesAgo(2),
        waitingFor: ['prod/payments-api-prod: health is Progressing'],
      }),
      app: application(),
      shown: {
        tone: 'pending',
        headline: 'payments-api:1.9.0: pending for 2m',
        detail: 'waiting for: prod/payments-api-prod: health is Progressing',
        failing: false,
      },
    },
    {
      what: 'deployed, in the feed (no application): as it was reached',
      expectation: deployed,
      app: undefined,
      shown: {
        tone: 'ok',
        headline: 'payments-api:1.9.0: deployed 16s after the post',
        failing: false,
      },
    },
    {
      what: 'deployed and the images run Synced and Healthy: live',
      expectation: deployed,
      app: application({ images: [NEW] }),
      shown: {
        tone: 'ok',
        headline: 'payments-api:1.9.0: live, deployed 16s after the post',
        failing: false,
      },
    },
    {
      what: 'deployed, but a new rollout of the same image is Progressing: not green',
      expectation: deployed,
      app: application({ images: [NEW], health: { status: 'Progressing' } }),
      shown: {
        tone: 'running',
        headline:
          'payments-api:1.9.0: deployed 16s after the post, now Synced and Progressing',
        failing: false,
      },
    },
    {
      what: 'deployed, and now Degraded on the same images: red',
      expectation: deployed,
      app: application({ images: [NEW], health: { status: 'Degraded' } }),
      shown: {
        tone: 'error',
        headline:
          'payments-api:1.9.0: deployed 16s after the post, now Synced and Degraded',
        failing: true,
      },
    },
    {
      what: 'deployed, since replaced by another tag',
      expectation: deployed,
      app: application({ images: [OLD] }),
      shown: {
        tone: 'warning',
        headline: 'payments-api:1.9.0: deployed, since replaced',
        replacements: [OLD],
        failing: false,
      },
    },
    {
      what: 'failed and still Degraded: red, with why',
      expectation: failed('degraded'),
      app: application({ images: [NEW], health: { status: 'Degraded' } }),
      shown: {
        tone: 'error',
        headline:
          'payments-api:1.9.0: failed, Degraded after the new image appeared',
        detail: 'payments-api-prod is Degraded since the new image appeared',
        failing: true,
      },
    },
    {
      what: "failed because its Rollout aborted (canary or blue-green), the old version back: red, with Argo Rollouts' reason",
      expectation: expectation({
        state: 'failed',
        reason: 'rollout-aborted',
        message:
          'prod/payments-api-prod: Rollout payments-api aborted the update to payments-api:1.9.0: Metric "success-rate" assessed Failed',
        images: [NEW],
        createdAt: minutesAgo(10),
        resolvedAt: minutesAgo(6),
      }),
      app: application({ images: [OLD], health: { status: 'Degraded' } }),
      shown: {
        tone: 'error',
        headline: 'payments-api:1.9.0: failed, the rollout was aborted',
        detail:
          'prod/payments-api-prod: Rollout payments-api aborted the update to payments-api:1.9.0: Metric "success-rate" assessed Failed',
        failing: true,
      },
    },
    {
      what: 'failed, then a later deployment is Synced and Healthy: recovered, not failing',
      expectation: failed('degraded'),
      app: application({ images: [OLD], lastDeployedAt: minutesAgo(2) }),
      shown: {
        tone: 'neutral',
        headline:
          'payments-api:1.9.0: failed, Degraded after the new image appeared',
        detail: 'since recovered: runs payments-api:1.8.0, Synced and Healthy',
        failing: false,
      },
    },
    {
      what: 'failed on a timeout, the old version still running, no deployment since: still failing',
      expectation: failed('timeout'),
      app: application({ images: [OLD], lastDeployedAt: minutesAgo(30) }),
      shown: { tone: 'error', failing: true },
    },
    {
      what: 'failed on a timeout, the expected version live after all: recovered',
      expectation: failed('timeout'),
      app: application({ images: [NEW], lastDeployedAt: minutesAgo(8) }),
      shown: {
        tone: 'neutral',
        headline: 'payments-api:1.9.0: failed, not live before the deadline',
        failing: false,
      },
    },
    {
      what: 'superseded: grey, never failing',
      expectation: expectation({
        state: 'superseded',
        message: 'superseded by e2',
      }),
      app: application(),
      shown: {
        tone: 'neutral',
        headline: 'payments-api:1.9.0: superseded',
        detail: 'superseded by e2',
        failing: false,
      },
    },
  ])('$what', ({ expectation: e, app, shown }) => {
    expect(
      displayedExpectation({ expectation: e, application: app }),
    ).toMatchObject(shown);
  });

  it.each([
    ['live', deployed, application({ images: [NEW] })],
    [
      'failing',
      failed('degraded'),
      application({ images: [NEW], health: { status: 'Degraded' } }),
    ],
  ])(
    'a %s verdict on an instance that stopped answering is greyed, "as of", and never failing',
    (_what, e, app) => {
      const shown = displayedExpectation({
        expectation: e,
        application: app,
        asOf: '12 minutes ago',
      });
      expect(shown.tone).toBe('stale');
      expect(shown.failing).toBe(false);
      expect(shown.detail).toMatch(/as of 12 minutes ago$/);
    },
  );

  it('a pending verdict counts from when it was posted, by the clock it is given', () => {
    const now = DateTime.fromISO('2026-12-07T12:00:00Z');
    const shown = displayedExpectation({
      expectation: expectation({ createdAt: '2026-12-07T11:58:30Z' }),
      now,
    });
    expect(shown.headline).toBe('payments-api:1.9.0: pending for 1m 30s');
  });
});
