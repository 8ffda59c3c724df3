import type { ArgoCdApplication } from '@argo-pulse/backstage-plugin-common';
import { createHash } from 'node:crypto';

/** Sorted keys, and no null, undefined or empty object: how Argo CD marshals "nothing" varies by path. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object') return value;
  const entries = Object.keys(value)
    .sort()
    .map(
      key => [key, canonical((value as Record<string, unknown>)[key])] as const,
    )
    .filter(([, child]) => child !== undefined);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

/**
 * A hash of what Argo CD's projected list shows of an application (the
 * poll's change detection), read alike from a projected list item or from a
 * whole application (a full list or a GET). In a projected item the last
 * sync's revisions sit at `operationState.operation.sync` (Argo CD's
 * projection puts the syncResult there); in a whole application, at
 * `operationState.syncResult`.
 */
export function listFingerprint(
  app: ArgoCdApplication,
  shape: 'projected' | 'whole',
): string {
  const status = app.status;
  const op = status?.operationState;
  const syncResult =
    shape === 'projected'
      ? (op?.operation?.sync as
          | { revision?: string; revisions?: string[] }
          | undefined)
      : op?.syncResult;
  const visible = {
    name: app.metadata?.name,
    namespace: app.metadata?.namespace,
    labels: app.metadata?.labels,
    spec: app.spec,
    sync: status?.sync?.status,
    health: status?.health,
    summary: status?.summary,
    // A new hydration (absent for applications without the source hydrator).
    hydration: status?.sourceHydrator?.currentOperation?.hydratedSHA,
    operation: op && {
      startedAt: op.startedAt,
      finishedAt: op.finishedAt,
      phase: op.phase,
      revision: syncResult?.revision,
      revisions: syncResult?.revisions,
    },
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(visible) ?? {}))
    .digest('hex');
}
