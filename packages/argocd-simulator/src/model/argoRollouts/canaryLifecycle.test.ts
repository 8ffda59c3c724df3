import { scenarioInstanceSchema } from '../../scenario/scenarioSchema';
import { SimulatedInstance } from '../../SimulatedInstance';
import { podImagesUnder, rolloutReads } from '../../testing/rolloutReads';
import { rolloutApp, testInstance } from '../../testing/testSimulator';
import { useTestSimulator } from '../../testing/useTestSimulator';
import { k8sTime } from '../ids';
import { RolloutConflictError } from './rolloutSummary';

const OLD = 'ghcr.io/acme/shop:1.0.0';
const NEW = 'ghcr.io/acme/shop:2.0.0';

/** The simulator's clock: each step moves it on, so each change has its own time. */
let clock = new Date('2026-12-08T10:00:00Z');
const tick = () => {
  clock = new Date(clock.getTime() + 10_000);
  return k8sTime(clock);
};

const { simulator, argo } = useTestSimulator(
  {
    instances: [
      testInstance('main', [
        rolloutApp('shop', undefined, { images: [OLD] }),
        rolloutApp('byhand', undefined, { autoSync: false }),
      ]),
    ],
  },
  { now: () => clock },
);
const read = rolloutReads(argo);
const instance = () => simulator().instance('main');
const advance = () => {
  tick();
  return instance().rollouts.advance(instance().application('shop'))!;
};

// The steps of one canary, in order: setWeight 20, pause {}, setWeight 50, analysis, pause 30s, setWeight 100.
describe(
  // eslint-disable-next-line jest/valid-describe-callback -- vitest's options argument
  'a canary with a pause and an analysis, step by step',
  { shuffle: false },
  () => {
    let stableRS: string;
    let canaryRS: string;

    it('0. starts fully promoted: Healthy, one ReplicaSet <rollout>-<stableRS> with five pods of the image', async () => {
      const rollout = await read.rollout('shop');
      expect(rollout).toMatchObject({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        metadata: { name: 'shop', namespace: 'shop', generation: 3 },
        spec: {
          replicas: 5,
          template: { spec: { containers: [{ name: 'shop', image: OLD }] } },
          strategy: { canary: { steps: expect.any(Array) } },
        },
        status: {
          phase: 'Healthy',
          currentStepIndex: 6,
          observedGeneration: '3',
        },
      });
      stableRS = rollout.status!.stableRS!;
      expect(rollout.status!.currentPodHash).toBe(stableRS);
      expect(stableRS).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
      const tree = await read.tree('shop');
      expect(podImagesUnder(tree, `shop-${stableRS}`)).toEqual(
        Array(5).fill([OLD]),
      );
      expect(tree.nodes!.find(n => n.kind === 'Rollout')).toMatchObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        health: { status: 'Healthy' },
        info: [{ name: 'Revision', value: 'Rev:3' }],
      });
      expect((await read.app('shop')).status!.health!.status).toBe('Healthy');
    });

    it('1. the sync succeeds: Synced, the Rollout has a new ReplicaSet and is Progressing', async () => {
      instance().rollout('shop', { images: [NEW], manual: true });
      expect(advance().phase).toBe('syncing');
      const at = tick();
      expect(
        instance().rollouts.advance(instance().application('shop'))!.phase,
      ).toBe('progressing');
      const app = await read.app('shop');
      expect(app.status!.sync!.status).toBe('Synced');
      expect(app.status!.health).toEqual({
        status: 'Progressing',
        lastTransitionTime: at,
      });
      const rollout = await read.rollout('shop');
      canaryRS = rollout.status!.currentPodHash!;
      expect(canaryRS).not.toBe(stableRS);
      expect(rollout).toMatchObject({
        metadata: {
          generation: 4,
          annotations: { 'rollout.argoproj.io/revision': '4' },
        },
        spec: { template: { spec: { containers: [{ image: NEW }] } } },
        status: {
          phase: 'Progressing',
          message: 'more replicas need to be updated',
          stableRS,
          currentStepIndex: 0,
        },
      });
    });

    it('2. setWeight 20: the canary gets 20 % of the traffic and one pod; both images run', async () => {
      expect(advance().phase).toBe('step-1-set-weight');
      const rollout = await read.rollout('shop');
      expect(rollout.status!.canary!.weights).toMatchObject({
        canary: { weight: 20, podTemplateHash: canaryRS },
        stable: { weight: 80, podTemplateHash: stableRS },
      });
      const tree = await read.tree('shop');
      expect(podImagesUnder(tree, `shop-${canaryRS}`)).toEqual([[NEW]]);
      expect(podImagesUnder(tree, `shop-${stableRS}`)).toHaveLength(5);
      expect(
        tree.nodes!.find(n => n.name === `shop-${canaryRS}`)!.info,
      ).toEqual([{ name: 'Revision', value: 'Rev:4' }]);
      expect((await read.app('shop')).status!.summary!.images).toEqual([
        OLD,
        NEW,
      ]);
    });

    it('3. pause {}: Paused (CanaryPauseStep), Suspended in Argo CD, and advance does not pass it', async () => {
      const status = advance();
      expect(status).toMatchObject({
        phase: 'step-2-pause',
        rollout: {
          phase: 'Paused',
          paused: 'CanaryPauseStep',
          awaitingPromotion: true,
        },
      });
      const rollout = await read.rollout('shop');
      expect(rollout.status).toMatchObject({
        phase: 'Paused',
        message: 'CanaryPauseStep',
        currentStepIndex: 1,
        controllerPause: true,
        pauseConditions: [
          { reason: 'CanaryPauseStep', startTime: k8sTime(clock) },
        ],
      });
      const app = await read.app('shop');
      expect(app.status!.health!.status).toBe('Suspended');
      expect(app.status!.reconciledAt).toBe(k8sTime(clock));
      expect(
        (await read.tree('shop')).nodes!.find(n => n.kind === 'Rollout')!
          .health,
      ).toEqual({
        status: 'Suspended',
        message: 'CanaryPauseStep',
      });
      expect(() => advance()).toThrow(RolloutConflictError);
    });

    it('4. promoted: setWeight 50, three canary pods', async () => {
      tick();
      expect(instance().promote('shop').phase).toBe('step-3-set-weight');
      const rollout = await read.rollout('shop');
      expect(rollout.status).not.toHaveProperty('pauseConditions');
      expect(rollout.status!.canary!.weights!.canary!.weight).toBe(50);
      expect(
        podImagesUnder(await read.tree('shop'), `shop-${canaryRS}`),
      ).toHaveLength(3);
      expect((await read.app('shop')).status!.health!.status).toBe(
        'Progressing',
      );
    });

    it('5. analysis: its run is Running, and the Rollout Progressing', async () => {
      expect(advance().phase).toBe('step-4-analysis');
      const rollout = await read.rollout('shop');
      expect(rollout.status).toMatchObject({
        phase: 'Progressing',
        currentStepIndex: 3,
        canary: {
          currentStepAnalysisRunStatus: {
            name: `shop-${canaryRS}-4-3`,
            status: 'Running',
          },
        },
      });
    });

    it('6. the analysis succeeds: the timed pause starts at once, and advance may skip it', async () => {
      expect(advance()).toMatchObject({
        phase: 'step-5-pause',
        rollout: { phase: 'Paused', awaitingPromotion: false },
      });
      const rollout = await read.rollout('shop');
      expect(rollout.status!.canary).not.toHaveProperty(
        'currentStepAnalysisRunStatus',
      );
      expect(rollout.status!.currentStepIndex).toBe(4);
      expect(advance().phase).toBe('step-6-set-weight');
      expect(
        podImagesUnder(await read.tree('shop'), `shop-${canaryRS}`),
      ).toHaveLength(5);
    });

    it('7. all steps done: the canary is the stable ReplicaSet, the old one is scaled down, Healthy', async () => {
      expect(advance()).toMatchObject({ phase: 'healthy', done: true });
      const rollout = await read.rollout('shop');
      expect(rollout.status).toMatchObject({
        phase: 'Healthy',
        stableRS: canaryRS,
        currentPodHash: canaryRS,
        currentStepIndex: 6,
      });
      const tree = await read.tree('shop');
      expect(
        tree.nodes!.filter(n => n.kind === 'ReplicaSet').map(n => n.name),
      ).toEqual([`shop-${canaryRS}`]);
      const app = await read.app('shop');
      expect(app.status!.health!.status).toBe('Healthy');
      expect(app.status!.summary!.images).toEqual([NEW]);
    });
  },
);

it('without auto-sync, the Rollout starts its steps once someone syncs through the API', async () => {
  instance().rollout('byhand', {
    images: ['ghcr.io/acme/byhand:2.0.0'],
    manual: true,
  });
  const sync = await argo('main', '/api/v1/applications/byhand/sync', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  expect(sync.status).toBe(200);
  const app = instance().application('byhand');
  expect(instance().rollouts.status(app)!.phase).toBe('syncing');
  expect(instance().rollouts.advance(app)!.phase).toBe('progressing');
  expect(instance().rollouts.advance(app)!.phase).toBe('step-1-set-weight');
  expect(
    (await read.rollout('byhand')).status!.canary!.weights!.canary,
  ).toMatchObject({
    weight: 20,
  });
});

describe('on its own timers', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a timed pause ends after its duration; a pause {} waits for a promotion however long', () => {
    const scenario = scenarioInstanceSchema.parse(
      testInstance('timed', [rolloutApp('shop', undefined, { images: [OLD] })]),
    );
    const timed = new SimulatedInstance(scenario, {
      now: () => new Date(),
      phaseDurations: { outOfSync: 10, syncing: 10, progressing: 10 },
    });
    const phase = () => timed.rollouts.status(timed.application('shop'))!.phase;
    timed.rollout('shop', { images: [NEW] });
    vi.advanceTimersByTime(40);
    expect(phase()).toBe('step-2-pause');
    vi.advanceTimersByTime(3_600_000);
    expect(phase()).toBe('step-2-pause');
    timed.promote('shop');
    vi.advanceTimersByTime(20);
    expect(phase()).toBe('step-5-pause');
    vi.advanceTimersByTime(29_000);
    expect(phase()).toBe('step-5-pause');
    vi.advanceTimersByTime(1_000);
    expect(phase()).toBe('step-6-set-weight');
    vi.advanceTimersByTime(10);
    expect(timed.rollouts.status(timed.application('shop'))).toMatchObject({
      phase: 'healthy',
      done: true,
    });
    timed.stop();
  });
});
