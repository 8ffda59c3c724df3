import { isWorseHealth, worstHealth } from '../healthRollup';
import {
  argoCdRolloutHealth,
  calculateRolloutPhase,
  RolloutObject,
} from './rolloutHealth';

// Cases after Argo CD's resource_customizations/argoproj.io/Rollout/health_test.yaml and Argo
// Rollouts' rolloututil tests, cut down to the fields each branch reads.
const canary = { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } };
const rollout = (
  status: NonNullable<RolloutObject['status']>,
  spec: RolloutObject['spec'] = { replicas: 5, strategy: canary },
  generation = 2,
): RolloutObject => ({ metadata: { generation }, spec, status });
const settled = {
  currentPodHash: 'a',
  stableRS: 'a',
  replicas: 5,
  updatedReplicas: 5,
  availableReplicas: 5,
};

describe("Argo CD's health of a Rollout (health.lua)", () => {
  it.each([
    ['no status yet', { metadata: { generation: 1 }, spec: {} }, 'Progressing', 'Waiting for rollout spec update to be observed'],
    ['a generation not yet observed', rollout({ observedGeneration: '1', phase: 'Healthy' }), 'Progressing', 'Waiting for rollout spec update to be observed'],
    ['phase Paused (1.0+)', rollout({ observedGeneration: '2', phase: 'Paused', message: 'CanaryPauseStep' }), 'Suspended', 'CanaryPauseStep'],
    ['phase Degraded (1.0+)', rollout({ observedGeneration: '2', phase: 'Degraded', message: 'RolloutAborted: Rollout aborted update to revision 3' }), 'Degraded', 'RolloutAborted: Rollout aborted update to revision 3'],
    ['phase Healthy (1.0+)', rollout({ observedGeneration: '2', phase: 'Healthy' }), 'Healthy', undefined],
    ['a hash observedGeneration (v0.9)', rollout({ observedGeneration: '58b949649c', ...settled }), 'Healthy', undefined],
    ['an aborted condition', rollout({ ...settled, conditions: [{ type: 'Progressing', reason: 'RolloutAborted', message: 'Rollout is aborted' }] }), 'Degraded', 'Rollout is aborted'],
    ['a timed-out condition', rollout({ ...settled, conditions: [{ type: 'Progressing', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "x" has timed out progressing.' }] }), 'Degraded', 'ReplicaSet "x" has timed out progressing.'],
    ['an InvalidSpec condition', rollout({ conditions: [{ type: 'InvalidSpec', message: 'bad' }] }), 'Degraded', 'bad'],
    ['pause conditions', rollout({ ...settled, pauseConditions: [{ reason: 'CanaryPauseStep' }] }), 'Suspended', 'Rollout is paused'],
    ['spec.paused', rollout(settled, { paused: true, strategy: canary }), 'Suspended', 'Rollout is paused'],
    ['no pod hash yet', rollout({}), 'Progressing', 'Waiting for rollout to finish: status has not been reconciled.'],
    ['replicas to update', rollout({ ...settled, stableRS: 'b', updatedReplicas: 1 }), 'Progressing', 'Waiting for roll out to finish: More replicas need to be updated'],
    ['a canary not through its steps', rollout({ ...settled, stableRS: 'b' }), 'Progressing', 'Waiting for rollout to finish steps'],
    ['a blue-green before its cutover', rollout({ ...settled, blueGreen: { activeSelector: 'b' } }, { replicas: 5, strategy: { blueGreen: {} } }), 'Progressing', 'active service cutover pending'],
    ['a blue-green serving its active version', rollout({ ...settled, blueGreen: { activeSelector: 'a' } }, { replicas: 5, strategy: { blueGreen: {} } }), 'Healthy', undefined],
  ] as Array<[string, RolloutObject, string, string | undefined]>)(
    '%s',
    (_what, object, status, message) => {
      expect(argoCdRolloutHealth(object)).toEqual(
        message === undefined ? { status } : { status, message },
      );
    },
  );
}); // prettier-ignore

describe("Argo Rollouts' phase (CalculateRolloutPhase)", () => {
  const traffic = { canary: { ...canary.canary, trafficRouting: { nginx: {} } } };
  it.each([
    ['aborted', rollout({ ...settled, conditions: [{ type: 'Progressing', reason: 'RolloutAborted', message: 'Rollout aborted update to revision 3' }] }), 'Degraded', 'RolloutAborted: Rollout aborted update to revision 3'],
    ['paused by a user', rollout(settled, { paused: true, strategy: canary }), 'Paused', 'manually paused'],
    ['paused by the controller', rollout({ ...settled, pauseConditions: [{ reason: 'InconclusiveAnalysisRun' }] }), 'Paused', 'InconclusiveAnalysisRun'],
    ['a canary at 20 %', rollout({ ...settled, stableRS: 'b', updatedReplicas: 1 }), 'Progressing', 'more replicas need to be updated'],
    ['a basic canary with old pods left', rollout({ ...settled, stableRS: 'b', replicas: 10 }), 'Progressing', 'old replicas are pending termination'],
    ['a traffic-routed canary at 100 %', rollout({ ...settled, stableRS: 'b', replicas: 10 }, { replicas: 5, strategy: traffic }), 'Progressing', 'waiting for all steps to complete'],
    ['a blue-green before its cutover', rollout({ ...settled, blueGreen: { activeSelector: 'b' } }, { replicas: 5, strategy: { blueGreen: {} } }), 'Progressing', 'active service cutover pending'],
    ['fully promoted', rollout(settled), 'Healthy', ''],
  ] as Array<[string, RolloutObject, string, string]>)('%s', (_what, object, phase, message) => {
    expect(calculateRolloutPhase(object)).toEqual({ phase, message });
  });
}); // prettier-ignore

describe("an application's health from its resources' (gitops-engine health.IsWorse)", () => {
  it.each([
    [[], 'Healthy'],
    [['Healthy', 'Suspended'], 'Suspended'],
    [['Suspended', 'Progressing'], 'Progressing'],
    [['Progressing', 'Degraded', 'Suspended'], 'Degraded'],
    [['Degraded', 'Unknown'], 'Unknown'],
    [['Missing', 'Progressing'], 'Missing'],
  ])('%s is %s', (statuses, expected) => {
    expect(worstHealth(statuses)).toBe(expected);
  });

  it('ranks a status it does not know as Healthy', () => {
    expect(isWorseHealth('Healthy', 'Sparkling')).toBe(false);
  });
});
