import type { ArgoCdApplication } from '@argo-pulse/backstage-plugin-common';

/** A parsed `fields` query parameter: the paths, and whether they are to be dropped. */
export interface FieldSelection {
  fields: Set<string>;
  exclude: boolean;
}

/** Parses `fields` as Argo CD does: comma-separated paths; a leading `-` means "all but these". */
export function parseFieldSelection(raw: unknown): FieldSelection | undefined {
  let value: string | undefined;
  if (Array.isArray(raw)) value = raw.join(',');
  else if (typeof raw === 'string') value = raw;
  if (!value) return undefined;
  const exclude = value.startsWith('-');
  const list = exclude ? value.slice(1) : value;
  return { fields: new Set(list.split(',')), exclude };
}

/**
 * The only paths a projected application list can carry, and how Argo CD
 * reads each (pkg/apiclient/application/forwarder_overwrite.go). A getter
 * answers `undefined` where Argo CD's returns an untyped nil (the path is
 * left out) and `null` where Go marshals a typed nil pointer or map.
 */
const LIST_FIELDS: Record<string, (app: ArgoCdApplication) => unknown> = {
  'metadata.name': app => app.metadata?.name ?? '',
  'metadata.namespace': app => app.metadata?.namespace ?? '',
  'metadata.annotations': app => app.metadata?.annotations ?? null,
  'metadata.labels': app => app.metadata?.labels ?? null,
  'metadata.creationTimestamp': app => app.metadata?.creationTimestamp ?? null,
  'metadata.deletionTimestamp': app => app.metadata?.deletionTimestamp ?? null,
  spec: app => app.spec ?? {},
  'status.sourceHydrator': app => app.status?.sourceHydrator ?? {},
  'status.sync.status': app => app.status?.sync?.status ?? '',
  'status.health': app => app.status?.health ?? {},
  'status.summary': app => app.status?.summary ?? {},
  'status.operationState.startedAt': app =>
    app.status?.operationState
      ? app.status.operationState.startedAt
      : undefined,
  'status.operationState.finishedAt': app =>
    app.status?.operationState
      ? app.status.operationState.finishedAt ?? null
      : undefined,
  'status.operationState.phase': app => app.status?.operationState?.phase,
  // Argo CD's oddity: this path carries the operation's syncResult.
  'status.operationState.operation.sync': app =>
    app.status?.operationState
      ? app.status.operationState.syncResult ?? null
      : undefined,
  'status.resources': app =>
    app.status?.resources?.length ? app.status.resources : undefined,
  'operation.sync': app =>
    app.operation ? app.operation.sync ?? null : undefined,
};

function setPath(
  target: Record<string, unknown>,
  path: string,
  value: unknown,
): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    node = (node[part] ??= {}) as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

/** Projects one list item: only whitelisted paths, matched exactly against `items.<path>`. */
export function projectListItem(
  app: ArgoCdApplication,
  selection: FieldSelection,
): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const [path, read] of Object.entries(LIST_FIELDS)) {
    if (selection.fields.has(`items.${path}`) === selection.exclude) continue;
    const value = read(app);
    if (value !== undefined) setPath(item, path, structuredClone(value));
  }
  return item;
}

/**
 * Argo CD's generic field filter (used by streams): a key is kept when some
 * requested path starts with its path (a plain string prefix, as in Go),
 * an exact match keeps the whole subtree, and array elements share their
 * parent's path. With `exclude`, exact matches are dropped instead.
 */
export function filterFields(
  value: unknown,
  selection: FieldSelection,
  path = '',
): unknown {
  if (Array.isArray(value))
    return value.map(element => filterFields(element, selection, path));
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const fieldPath = path ? `${path}.${key}` : key;
    const pathIn = selection.fields.has(fieldPath);
    const parentPathIn = [...selection.fields].some(field =>
      field.startsWith(fieldPath),
    );
    const keep = selection.exclude ? !pathIn : parentPathIn;
    if (!keep) continue;
    result[key] =
      pathIn && !selection.exclude
        ? child
        : filterFields(child, selection, fieldPath);
  }
  return result;
}
