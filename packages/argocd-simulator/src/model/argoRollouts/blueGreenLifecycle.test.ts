import { podImagesUnder, rolloutReads } from '../../testing/rolloutReads';
import { rolloutApp, testInstance } from '../../testing/testSimulator';
import { useTestSimulator } from '../../testing/useTestSimulator';

// The Rollout is named after the image: `manual` for ghcr.io/acme/manual.
const OLD = 'ghcr.io/acme/manual:1.0.0';
const NEW = 'ghcr.io/acme/manual:2.0.0';

const { simulator, argo } = useTestSimulator({
  instances: [
    testInstance('main', [
      rolloutApp('manual', { strategy: 'blueGreen', autoPromotion: false }),
      rolloutApp('auto', { strategy: 'blueGreen' }),
    ]),
  ],
});
const read = rolloutReads(argo);
const instance = () => simulator().instance('main');
const advance = (name: string) =>
  instance().rollouts.advance(instance().application(name))!;

describe(
  // eslint-disable-next-line jest/valid-describe-callback -- vitest's options argument
  'a blue-green Rollout without auto-promotion',
  { shuffle: false },
  () => {
    let active: string;
    let preview: string;

    it('1. after the sync, the preview ReplicaSet comes up beside the active one', async () => {
      active = (await read.rollout('manual')).status!.stableRS!;
      instance().rollout('manual', { images: [NEW], manual: true });
      advance('manual');
      advance('manual');
      expect(advance('manual').phase).toBe('preview');
      const rollout = await read.rollout('manual');
      preview = rollout.status!.currentPodHash!;
      expect(rollout).toMatchObject({
        spec: {
          strategy: {
            blueGreen: {
              activeService: 'manual',
              previewService: 'manual-preview',
              autoPromotionEnabled: false,
            },
          },
        },
        status: {
          phase: 'Progressing',
          message: 'active service cutover pending',
          stableRS: active,
          blueGreen: { activeSelector: active, previewSelector: preview },
        },
      });
      expect(rollout.status).not.toHaveProperty('currentStepIndex');
      const tree = await read.tree('manual');
      expect(podImagesUnder(tree, `manual-${preview}`)).toEqual(
        Array(5).fill([NEW]),
      );
      expect(podImagesUnder(tree, `manual-${active}`)).toEqual(
        Array(5).fill([OLD]),
      );
      expect((await read.app('manual')).status!.summary!.images).toEqual([
        OLD,
        NEW,
      ]);
    });

    it('2. the preview waits to be promoted: Paused (BlueGreenPause), Suspended', async () => {
      expect(advance('manual')).toMatchObject({
        phase: 'awaiting-promotion',
        rollout: { paused: 'BlueGreenPause', awaitingPromotion: true },
      });
      const rollout = await read.rollout('manual');
      expect(rollout.status).toMatchObject({
        phase: 'Paused',
        message: 'BlueGreenPause',
        pauseConditions: [{ reason: 'BlueGreenPause' }],
        blueGreen: { activeSelector: active },
      });
      expect((await read.app('manual')).status!.health!.status).toBe(
        'Suspended',
      );
    });

    it('3. promoted: the active Service switches to the new ReplicaSet, the old one is scaled down', async () => {
      expect(instance().promote('manual')).toMatchObject({
        phase: 'healthy',
        done: true,
      });
      const rollout = await read.rollout('manual');
      expect(rollout.status).toMatchObject({
        phase: 'Healthy',
        stableRS: preview,
        blueGreen: { activeSelector: preview, previewSelector: preview },
      });
      const tree = await read.tree('manual');
      expect(
        tree.nodes!.filter(n => n.kind === 'ReplicaSet').map(n => n.name),
      ).toEqual([`manual-${preview}`]);
      const app = await read.app('manual');
      expect(app.status!.health!.status).toBe('Healthy');
      expect(app.status!.summary!.images).toEqual([NEW]);
    });
  },
);

it('with auto-promotion, the active Service switches as soon as the preview is up', async () => {
  instance().rollout('auto', {
    images: ['ghcr.io/acme/auto:2.0.0'],
    manual: true,
  });
  const phases = [1, 2, 3, 4].map(() => advance('auto').phase);
  expect(phases).toEqual(['syncing', 'progressing', 'preview', 'healthy']);
  expect((await read.rollout('auto')).status!.phase).toBe('Healthy');
});
