import type { ArgoPulseRolloutStep } from '@argo-pulse/backstage-plugin-common';

/**
 * A canary step in words: "set weight 20 %", "pause 30s", "pause until
 * promoted", "analysis success-rate"; a kind Argo Pulse does not describe
 * (an experiment, a canary scale) by its own name.
 */
export function rolloutStepWords(step: ArgoPulseRolloutStep): string {
  switch (step.kind) {
    case 'setWeight':
      // A no-break space: the per cent sign never wraps onto a line alone.
      return step.weight === undefined
        ? 'set weight'
        : `set weight ${step.weight}\u00a0%`;
    case 'pause':
      return step.duration ? `pause ${step.duration}` : 'pause until promoted';
    case 'analysis':
      return step.templates?.length
        ? `analysis ${step.templates.join(', ')}`
        : 'analysis';
    default:
      return step.kind;
  }
}
