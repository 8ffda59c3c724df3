/**
 * The `fields` projection of the poll's list request: exactly what change
 * detection and the overview need, and nothing heavy (no `status.resources`).
 * Only Argo CD's list whitelist works here; the sync revision, history,
 * conditions and messages come from the single-application GET.
 */
export const LIST_FIELDS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.labels',
  'spec',
  'status.sync.status',
  'status.health',
  'status.summary',
  // A hydrated application's dry and hydrated commits (Argo CD's source hydrator).
  'status.sourceHydrator',
  'status.operationState.startedAt',
  'status.operationState.finishedAt',
  'status.operationState.phase',
  // Carries the operation's syncResult, with the revision(s) it synced to.
  'status.operationState.operation.sync',
].map(path => `items.${path}`);
