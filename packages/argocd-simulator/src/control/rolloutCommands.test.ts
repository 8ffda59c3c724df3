import type { RolloutStatus } from '../model/rolloutRequest';
import { gitApp, rolloutApp, testInstance } from '../testing/testSimulator';
import { useTestSimulator } from '../testing/useTestSimulator';

const { control } = useTestSimulator({
  instances: [
    testInstance('main', [
      rolloutApp('shop'),
      rolloutApp('cart'),
      rolloutApp('web', { strategy: 'blueGreen', autoPromotion: false }),
      gitApp('api'),
    ]),
  ],
});

const app = (name: string) => `/instances/main/applications/${name}`;
const expectRefusal = async (
  response: Response,
  status: number,
  message: string | RegExp,
) => {
  expect(response.status).toBe(status);
  const { error } = (await response.json()) as { error: string };
  expect(error).toMatch(message);
};
/** Starts a manual rollout and advances it `advances` times (4: a canary at its first pause). */
const startAndAdvance = async (name: string, advances: number) => {
  const started = await control('POST', `${app(name)}/rollout`, {
    images: [`ghcr.io/acme/${name}:2.0.0`],
    manual: true,
  });
  expect(started.status).toBe(202);
  let status: RolloutStatus | undefined;
  for (let step = 0; step < advances; step++)
    status = await (
      await control('POST', `${app(name)}/rollout/advance`)
    ).json();
  return status!;
};

// One canary, promoted then aborted: its tests run in order.
// eslint-disable-next-line jest/valid-describe-callback -- vitest's options argument
describe('POST .../promote and .../abort', { shuffle: false }, () => {
  it('a Rollout paused at a pause {} step: advance is refused with 409, promote goes on', async () => {
    expect(await startAndAdvance('shop', 4)).toMatchObject({
      phase: 'step-2-pause',
      rollout: {
        name: 'shop',
        strategy: 'canary',
        phase: 'Paused',
        message: 'CanaryPauseStep',
        health: 'Suspended',
        currentStepIndex: 1,
        steps: 6,
        paused: 'CanaryPauseStep',
        aborted: false,
        awaitingPromotion: true,
      },
    });
    await expectRefusal(
      await control('POST', `${app('shop')}/rollout/advance`),
      409,
      'Rollout "shop" is paused until promoted (CanaryPauseStep): promote it instead',
    );
    const promoted = await control('POST', `${app('shop')}/promote`);
    expect(promoted.status).toBe(200);
    expect(await promoted.json()).toMatchObject({
      phase: 'step-3-set-weight',
      rollout: {
        phase: 'Progressing',
        currentStepIndex: 2,
        awaitingPromotion: false,
      },
    });
  });

  it('promote answers 409 when nothing is paused, saying what the Rollout is doing', async () => {
    await expectRefusal(
      await control('POST', `${app('shop')}/promote`),
      409,
      'Rollout "shop" is not paused: nothing to promote (Progressing: more replicas need to be updated)',
    );
  });

  it('abort sends the traffic back to the stable version; a second abort answers 409', async () => {
    const aborted = await control('POST', `${app('shop')}/abort`);
    expect(aborted.status).toBe(200);
    expect(await aborted.json()).toMatchObject({
      phase: 'aborted',
      done: true,
      rollout: {
        phase: 'Degraded',
        message: 'RolloutAborted: Rollout aborted update to revision 4',
        health: 'Degraded',
        aborted: true,
      },
    });
    await expectRefusal(
      await control('POST', `${app('shop')}/abort`),
      409,
      /^Rollout "shop" has no update in progress: nothing to abort \(Degraded: RolloutAborted/,
    );
  });
});

describe('refusals', () => {
  it('a blue-green preview is promoted once it waits for it', async () => {
    const status = await startAndAdvance('web', 3);
    expect(status).toMatchObject({ phase: 'preview' });
    await expectRefusal(
      await control('POST', `${app('web')}/promote`),
      409,
      /is not paused: nothing to promote \(Progressing: active service cutover pending\)/,
    );
    await control('POST', `${app('web')}/rollout/advance`);
    const promoted = await control('POST', `${app('web')}/promote`);
    expect(await promoted.json()).toMatchObject({
      phase: 'healthy',
      done: true,
    });
  });

  it('answers 409 for an application that runs no Rollout, and for a Rollout with no update', async () => {
    await expectRefusal(
      await control('POST', `${app('api')}/promote`),
      409,
      'application "api" runs no Rollout (its workloads are Deployments)',
    );
    await expectRefusal(
      await control('POST', `${app('cart')}/abort`),
      409,
      'Rollout "cart" has no update in progress: nothing to abort (Healthy)',
    );
  });

  it.each([
    ['an unknown application', `${app('ghost')}/promote`, undefined, 404, 'instance "main" has no application "ghost"'],
    ['an unknown instance', '/instances/nope/applications/shop/abort', undefined, 404, 'no instance "nope"'],
    ['an option it does not take', `${app('cart')}/promote`, { full: true }, 400, /Unrecognized key: "full"/],
  ])('answers %s with %s', async (_what, path, body, status, message) => {
    await expectRefusal(await control('POST', path, body), status, message);
  }); // prettier-ignore

  it('refuses an analysis outcome it does not know with 400', async () => {
    await expectRefusal(
      await control('POST', `${app('cart')}/rollout`, {
        images: ['ghcr.io/acme/cart:2.0.0'],
        analysis: 'maybe',
      }),
      400,
      /at analysis/,
    );
  });
});
