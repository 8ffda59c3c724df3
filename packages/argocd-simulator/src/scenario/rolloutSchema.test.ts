import { parseScenario } from './loadScenario';
import { durationMs } from './rolloutSchema';

const withRollout = (rollout: unknown, extra: object = {}) => ({
  instances: [
    {
      name: 'one',
      applications: [
        {
          name: 'shop',
          destination: { namespace: 'shop' },
          sources: [{ repoURL: 'https://x' }],
          images: ['ghcr.io/acme/shop:1.0.0'],
          rollout,
          ...extra,
        },
      ],
    },
  ],
});

describe('the rollout option of an application', () => {
  it('takes a canary with its steps as a Rollout writes them, five replicas unless told', () => {
    const steps = [
      { setWeight: 20 },
      { pause: {} },
      { pause: { duration: '30s' } },
      { pause: { duration: 45 } },
      { analysis: { templates: [{ templateName: 'success-rate' }] } },
    ];
    const app = parseScenario(withRollout({ strategy: 'canary', steps }))
      .instances[0].applications[0];
    expect(app.rollout).toEqual({ strategy: 'canary', steps, replicas: 5 });
  });

  it('takes a blue-green, auto-promoted unless told otherwise (as Argo Rollouts)', () => {
    const parse = (rollout: object) =>
      parseScenario(withRollout(rollout)).instances[0].applications[0].rollout;
    expect(parse({ strategy: 'blueGreen' })).toEqual({
      strategy: 'blueGreen',
      autoPromotion: true,
      replicas: 5,
    });
    expect(
      parse({ strategy: 'blueGreen', autoPromotion: false, replicas: 2 }),
    ).toMatchObject({ autoPromotion: false, replicas: 2 });
  });

  it.each([
    [{ strategy: 'rolling' }, /rollout\.strategy/],
    [{ strategy: 'canary', steps: [{ setWeight: 120 }] }, /rollout\.steps\[0\]/],
    [{ strategy: 'canary', steps: [{ setWeight: 20, pause: {} }] }, /rollout\.steps\[0\]/],
    [{ strategy: 'canary', steps: [{ pause: { duration: 'soon' } }] }, /rollout\.steps\[0\]/],
    [{ strategy: 'canary', steps: [{ analysis: { templates: [] } }] }, /rollout\.steps\[0\]/],
    [{ strategy: 'blueGreen', steps: [] }, /Unrecognized key: "steps"/],
    [{ strategy: 'canary', replicas: 0 }, /rollout\.replicas/],
    [{ strategy: 'canary', name: 'Cart_API' }, /rollout\.name/],
  ])('refuses %j, naming the key', (rollout, message) => {
    expect(() => parseScenario(withRollout(rollout))).toThrow(message);
  }); // prettier-ignore

  it('refuses a starting health other than Healthy: the Rollout says how healthy it is', () => {
    expect(() =>
      parseScenario(
        withRollout({ strategy: 'canary' }, { health: 'Degraded' }),
      ),
    ).toThrow(/an application with a rollout starts Healthy/);
  });
});

describe('durationMs', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['45', 45_000],
    [10, 10_000],
  ])('reads %s as %s ms', (duration, ms) => {
    expect(durationMs(duration)).toBe(ms);
  });
});
