import type { ArgoPulseRolloutStep } from '@argo-pulse/backstage-plugin-common';
import { rolloutStepWords } from './rolloutStepWords';

describe('rolloutStepWords', () => {
  it.each<[Omit<ArgoPulseRolloutStep, 'state'>, string]>([
    [{ kind: 'setWeight', weight: 20 }, 'set weight 20\u00a0%'],
    [{ kind: 'setWeight', weight: 0 }, 'set weight 0\u00a0%'],
    [{ kind: 'setWeight' }, 'set weight'],
    [{ kind: 'pause', duration: '30s' }, 'pause 30s'],
    [{ kind: 'pause' }, 'pause until promoted'],
    [
      { kind: 'analysis', templates: ['success-rate'] },
      'analysis success-rate',
    ],
    [
      { kind: 'analysis', templates: ['success-rate', 'latency'] },
      'analysis success-rate, latency',
    ],
    [{ kind: 'analysis' }, 'analysis'],
    [{ kind: 'experiment' }, 'experiment'],
  ])('%j reads "%s"', (step, words) => {
    expect(rolloutStepWords({ ...step, state: 'pending' })).toBe(words);
  });
});
