import type {
  ArgoPulseExpectation,
  ExpectationObservation,
} from '@argo-pulse/backstage-plugin-common';
import type { ArgoCdInstanceConfig } from '../config/readArgoPulseConfig';
import type { ApplicationKey, ApplicationSnapshot } from '../database/types';
import { argoCdUrl } from '../argocd/argoCdUrl';
import type { ExpectationRecord } from './types';

/** What a caller without `argo-pulse.application.detail.read` reads instead of a failure message that quotes Argo CD. */
const WITHHELD: Partial<
  Record<NonNullable<ExpectationRecord['reason']>, string>
> = {
  'sync-failed':
    "The sync failed in Argo CD; Argo CD's message is shown only to those who may read application detail",
  degraded:
    'Degraded after the new image appeared; the reason is shown only to those who may read application detail',
};

/** The expectation's message as this caller may read it: failures that quote Argo CD only with the detail permission. */
function messageFor(
  record: ExpectationRecord,
  withDetail: boolean,
): string | undefined {
  if (withDetail || !record.reason) return record.message;
  return WITHHELD[record.reason] ?? record.message;
}

/**
 * A stored expectation as the routes and events answer it: no idempotency
 * key, no internals. Argo CD's operation and health messages only
 * `withDetail` (`argo-pulse.application.detail.read` on the entity); others
 * read the state and reason code, in words.
 */
export function presentExpectation(
  record: ExpectationRecord,
  instances: Map<string, ArgoCdInstanceConfig>,
  options: { withDetail: boolean },
): ArgoPulseExpectation {
  const message = messageFor(record, options.withDetail);
  const durationMs =
    record.state === 'deployed' && record.resolvedAt
      ? Date.parse(record.resolvedAt) - Date.parse(record.createdAt)
      : undefined;
  return {
    id: record.id,
    ...(record.entityRef ? { entityRef: record.entityRef } : {}),
    applications: record.targets.map(t => ({
      ...t,
      argoCdUrl: argoCdUrl(instances.get(t.instance), t.namespace, t.name),
    })),
    images: record.images,
    state: record.state,
    ...(record.reason ? { reason: record.reason } : {}),
    ...(message ? { message } : {}),
    ...(record.state === 'pending' && record.waitingFor
      ? { waitingFor: record.waitingFor }
      : {}),
    createdAt: record.createdAt,
    deadline: record.deadlineAt,
    ...(record.resolvedAt ? { resolvedAt: record.resolvedAt } : {}),
    ...(durationMs !== undefined
      ? { durationSeconds: Math.round(durationMs / 1000) }
      : {}),
    ...(record.revision ? { revision: record.revision } : {}),
    ...(record.author ? { author: record.author } : {}),
    ...(record.runUrl ? { runUrl: record.runUrl } : {}),
    ...(record.createdBy ? { createdBy: record.createdBy } : {}),
    ...(record.supersededBy ? { supersededBy: record.supersededBy } : {}),
    ...(record.observed
      ? {
          observed: options.withDetail
            ? record.observed
            : record.observed.map(withoutHealthMessage),
        }
      : {}),
    ...(record.deployments ? { deployments: record.deployments } : {}),
  };
}

/** An observation without Argo CD's health message, for callers without the detail permission. */
function withoutHealthMessage(
  observation: ExpectationObservation,
): ExpectationObservation {
  return observation.health
    ? { ...observation, health: { status: observation.health.status } }
    : observation;
}

/** What an application looked like at resolution, for the record. */
export function observe(
  key: ApplicationKey,
  app: ApplicationSnapshot | undefined,
): ExpectationObservation {
  if (!app) return { ...key };
  return {
    ...key,
    sync: app.sync,
    health: app.health,
    // Phase and times only: operation messages are application detail (argo-pulse.application.detail.read).
    ...(app.operation
      ? {
          operation: {
            phase: app.operation.phase,
            startedAt: app.operation.startedAt,
            finishedAt: app.operation.finishedAt,
          },
        }
      : {}),
    images: app.images,
  };
}
