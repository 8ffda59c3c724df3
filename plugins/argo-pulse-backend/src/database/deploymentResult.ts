import type { ArgoPulseDeploymentResultStatus } from '@argo-pulse/backstage-plugin-common';
import { movingRollout } from '../rollouts/rolloutState';
import type { ApplicationSnapshot, DeploymentRecord } from './types';

/** Every result a deployment can have, for the filters that take them. */
export const DEPLOYMENT_RESULT_STATUSES: readonly [
  ArgoPulseDeploymentResultStatus,
  ...ArgoPulseDeploymentResultStatus[],
] = ['progressing', 'healthy', 'degraded', 'failed', 'superseded', 'unknown'];

/** A deployment's result, and what decided it. */
export interface DeploymentResult {
  status: ArgoPulseDeploymentResultStatus;
  /** Why it is degraded: the unhealthy resource's reason (Argo CD's words: detail), or the timeout. */
  reason?: string;
  /** Whether `reason` quotes Argo CD (application detail) or is ours (a timeout). */
  reasonIsDetail?: boolean;
  /** When the result became final; absent while progressing. */
  settledAt?: string;
  /** From the sync's end to Healthy, when the deployment was watched from close to its end. */
  healthyAfterSeconds?: number;
}

export interface SettleOptions {
  /** A deployment still not Healthy this long after its sync is degraded. */
  settleTimeoutMs: number;
  /** Degraded this long after the sync is final (a rollout's pods may be Degraded for a moment). */
  degradedGraceMs: number;
  /** Suspended counts as Healthy (`expectations.acceptSuspended`). */
  acceptSuspended: boolean;
}

const UNHEALTHY = new Set(['Degraded', 'Missing']);

const sameRevisions = (a: string[], b: string[]) =>
  a.length === b.length && a.every((revision, i) => revision === b[i]);

function minutes(ms: number): string {
  const m = Math.round(ms / 60_000);
  return m === 1 ? '1 minute' : `${m} minutes`;
}

/**
 * The result of an application's newest deployment, from the application as
 * it is `now`. A sync of other revisions, or an operation still running,
 * leaves it progressing: the newer deployment will supersede it.
 */
export function settleNewest(
  deployment: Pick<DeploymentRecord, 'finishedAt' | 'revisions'>,
  app: ApplicationSnapshot | undefined,
  now: string,
  options: SettleOptions,
): DeploymentResult {
  const sinceSync = Date.parse(now) - Date.parse(deployment.finishedAt);
  const settled = (
    status: ArgoPulseDeploymentResultStatus,
    extra: Partial<DeploymentResult> = {},
  ): DeploymentResult => ({ status, settledAt: now, ...extra });
  if (!app) return settled('unknown');
  const running = app.operation?.phase === 'Running';
  const current =
    !running && sameRevisions(app.sync.revisions, deployment.revisions);
  const health = app.health.status;
  // A canary or blue-green update takes as long as its steps and pauses: neither a paused
  // Rollout's Suspended nor the settle timeout decides it; Argo Rollouts' own abort does.
  const moving = current ? movingRollout(app.rollouts) : undefined;
  const aborted = current
    ? app.rollouts?.find(rollout => rollout.aborted)
    : undefined;
  if (aborted) {
    return settled('degraded', {
      reason: `Rollout ${aborted.name} aborted${
        aborted.aborted?.message ? `: ${aborted.aborted.message}` : ''
      }`,
      reasonIsDetail: true,
    });
  }
  if (moving) return { status: 'progressing' };
  if (current) {
    if (
      health === 'Healthy' ||
      (health === 'Suspended' && options.acceptSuspended)
    ) {
      // Watched from close to the sync's end: the time it took is known to within one poll.
      return settled(
        'healthy',
        sinceSync >= 0 && sinceSync <= options.settleTimeoutMs
          ? { healthyAfterSeconds: Math.round(sinceSync / 1000) }
          : {},
      );
    }
    if (UNHEALTHY.has(health) && sinceSync >= options.degradedGraceMs) {
      const resource = app.unhealthyResource;
      const reason = resource
        ? `${resource.kind} ${resource.name}: ${
            [resource.reason, resource.message].filter(Boolean).join(' — ') ||
            resource.status
          }`
        : app.health.message;
      return settled(
        'degraded',
        reason ? { reason, reasonIsDetail: true } : {},
      );
    }
  }
  if (sinceSync > options.settleTimeoutMs) {
    return settled('degraded', {
      reason: `did not become healthy within ${minutes(
        options.settleTimeoutMs,
      )}`,
      reasonIsDetail: false,
    });
  }
  return { status: 'progressing' };
}

/**
 * The earlier deployment of the same application this one goes back to: the
 * same revisions (and the same images, where both are known) as an earlier
 * one that a deployment of other revisions replaced since. `history` holds
 * the application's deployments, oldest first, this one among them.
 */
export function rollbackOf(
  deployment: DeploymentRecord,
  history: DeploymentRecord[],
): DeploymentRecord | undefined {
  const successful = history.filter(d => d.historyId !== undefined);
  const index = successful.indexOf(deployment);
  if (index <= 0) return undefined;
  const previous = successful[index - 1];
  if (sameRevisions(previous.revisions, deployment.revisions)) return undefined;
  const sameImages = (d: DeploymentRecord) =>
    d.images.length === 0 ||
    deployment.images.length === 0 ||
    (d.images.length === deployment.images.length &&
      d.images.every(image => deployment.images.includes(image)));
  return successful
    .slice(0, index - 1)
    .reverse()
    .find(
      d => sameRevisions(d.revisions, deployment.revisions) && sameImages(d),
    );
}
