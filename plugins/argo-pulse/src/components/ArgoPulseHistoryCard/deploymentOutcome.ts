import type { ArgoPulseDeployment } from '@argo-pulse/backstage-plugin-common';
import type { StatusTone } from '../StatusText';
import { duration } from '../format';

/** How a deployment's row says what happened: a word, its tone, and more in words. */
export interface DeploymentOutcome {
  word: string;
  tone: StatusTone;
  /** Red: the deployment did not work. */
  failed: boolean;
  /** What the word stands on: the sync's phase, how long to Healthy. */
  explanation: string;
}

/**
 * What happened to a deployment, from its settled result: Healthy,
 * Degraded, Failed (the sync), Progressing, Superseded, or only that the
 * sync succeeded when Argo Pulse did not watch it settle. A deployment
 * stored before results were kept shows its sync's phase, as it used to.
 */
export function deploymentOutcome(d: ArgoPulseDeployment): DeploymentOutcome {
  const sync = `the sync ${
    d.outcome === 'Succeeded' ? 'succeeded' : d.outcome
  }`;
  switch (d.result?.status) {
    case 'healthy':
      return {
        word: 'Healthy',
        tone: 'ok',
        failed: false,
        explanation:
          d.result.healthyAfterSeconds !== undefined
            ? `${sync}; Healthy ${duration(
                d.result.healthyAfterSeconds,
              )} after it`
            : `${sync}; Healthy when Argo Pulse first saw it`,
      };
    case 'degraded':
      return {
        word: 'Degraded',
        tone: 'error',
        failed: true,
        explanation: `${sync}, then the application was not healthy`,
      };
    case 'failed':
      return {
        word: d.outcome,
        tone: 'error',
        failed: true,
        explanation: sync,
      };
    case 'progressing':
      return {
        word: 'Progressing',
        tone: 'running',
        failed: false,
        explanation: `${sync}; not healthy yet`,
      };
    case 'superseded':
      return {
        word: 'Superseded',
        tone: 'neutral',
        failed: false,
        explanation: `${sync}; a newer deployment came before it settled`,
      };
    case 'unknown':
      return {
        word: 'Synced',
        tone: 'neutral',
        failed: false,
        explanation: `${sync}; Argo Pulse did not watch it settle (before it ran, or between two polls)`,
      };
    default:
      return {
        word: d.outcome,
        tone: d.outcome === 'Succeeded' ? 'ok' : 'error',
        failed: d.outcome !== 'Succeeded',
        explanation: sync,
      };
  }
}
