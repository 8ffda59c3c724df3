import type { ArgoPulseExpectation, ExpectationObservation } from '@argo-pulse/backstage-plugin-common';
import type { ArgoCdInstanceConfig } from '../config/readArgoPulseConfig';
import type { ApplicationKey, ApplicationSnapshot } from '../database/types';
import { argoCdUrl } from '../service/presenters';
import type { ExpectationRecord } from './types';

/** A stored expectation as the routes and events answer it: no idempotency key, no internals. */
export function presentExpectation(record: ExpectationRecord, instances: Map<string, ArgoCdInstanceConfig>): ArgoPulseExpectation {
  const durationMs = record.state === 'deployed' && record.resolvedAt ? Date.parse(record.resolvedAt) - Date.parse(record.createdAt) : undefined;
  return {
    id: record.id,
    ...(record.entityRef ? { entityRef: record.entityRef } : {}),
    applications: record.targets.map(t => ({ ...t, argoCdUrl: argoCdUrl(instances.get(t.instance), t.namespace, t.name) })),
    images: record.images,
    state: record.state,
    ...(record.reason ? { reason: record.reason } : {}),
    ...(record.message ? { message: record.message } : {}),
    ...(record.state === 'pending' && record.waitingFor ? { waitingFor: record.waitingFor } : {}),
    createdAt: record.createdAt,
    deadline: record.deadlineAt,
    ...(record.resolvedAt ? { resolvedAt: record.resolvedAt } : {}),
    ...(durationMs !== undefined ? { durationSeconds: Math.round(durationMs / 1000) } : {}),
    ...(record.revision ? { revision: record.revision } : {}),
    ...(record.author ? { author: record.author } : {}),
    ...(record.runUrl ? { runUrl: record.runUrl } : {}),
    ...(record.createdBy ? { createdBy: record.createdBy } : {}),
    ...(record.supersededBy ? { supersededBy: record.supersededBy } : {}),
    ...(record.observed ? { observed: record.observed } : {}),
    ...(record.deployments ? { deployments: record.deployments } : {}),
  };
}

/** What an application looked like at resolution, for the record. */
export function observe(key: ApplicationKey, app: ApplicationSnapshot | undefined): ExpectationObservation {
  if (!app) return { ...key };
  return {
    ...key,
    sync: app.sync,
    health: app.health,
    // Phase and times only: operation messages are application detail (argo-pulse.application.detail.read).
    ...(app.operation ? { operation: { phase: app.operation.phase, startedAt: app.operation.startedAt, finishedAt: app.operation.finishedAt } } : {}),
    images: app.images,
  };
}
