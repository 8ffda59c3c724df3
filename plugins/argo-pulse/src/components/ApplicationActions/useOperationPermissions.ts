import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApiHolder } from '@backstage/core-plugin-api';
import {
  permissionApiRef,
  usePermission,
} from '@backstage/plugin-permission-react';
import {
  argoPulseApplicationRefreshPermission,
  argoPulseApplicationRollbackPermission,
  argoPulseApplicationSyncPermission,
} from '@argo-pulse/backstage-plugin-common';

/**
 * Whether the app has a permission API (every Backstage app does by
 * default); without one, nobody is offered an operation.
 */
export function useHasPermissionApi(): boolean {
  return Boolean(useApiHolder().get(permissionApiRef));
}

/** Whether the user may refresh and sync the entity's applications (no while the answer is pending). */
export function useOperationPermissions(entity: Entity) {
  const resourceRef = stringifyEntityRef(entity);
  const refresh = usePermission({
    permission: argoPulseApplicationRefreshPermission,
    resourceRef,
  });
  const sync = usePermission({
    permission: argoPulseApplicationSyncPermission,
    resourceRef,
  });
  return { refresh: refresh.allowed, sync: sync.allowed };
}

/** Whether the user may roll the entity's applications back. */
export function useRollbackPermission(entity: Entity) {
  return usePermission({
    permission: argoPulseApplicationRollbackPermission,
    resourceRef: stringifyEntityRef(entity),
  }).allowed;
}
