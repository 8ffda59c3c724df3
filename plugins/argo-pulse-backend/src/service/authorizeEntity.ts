import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { argoPulseApplicationDetailReadPermission } from '@argo-pulse/backstage-plugin-common';

/** A permission on an entity (or, without one, an unconditional grant). */
export interface EntityPermissionQuery {
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  permission: ResourcePermission<'catalog-entity'>;
  entityRef?: string;
}

/** Whether the caller holds the permission on the entity. */
export async function hasEntityPermission(
  options: EntityPermissionQuery,
): Promise<boolean> {
  const { permissions, credentials, permission, entityRef } = options;
  const [decision] = entityRef
    ? await permissions.authorize([{ permission, resourceRef: entityRef }], {
        credentials,
      })
    : await permissions.authorizeConditional([{ permission }], { credentials });
  return decision.result === AuthorizeResult.ALLOW;
}

/**
 * Throws `NotAllowedError` (403) unless the caller holds the permission
 * on the entity. Without an entity (an expectation posted for one
 * application alone) there is nothing to evaluate a condition against, so
 * only an unconditional grant passes.
 */
export async function requireEntityPermission(
  options: EntityPermissionQuery,
): Promise<void> {
  const { permission, entityRef } = options;
  if (!(await hasEntityPermission(options))) {
    throw new NotAllowedError(
      entityRef
        ? `Not allowed: ${permission.name} on ${entityRef}`
        : `Not allowed: ${permission.name} without an entity needs an unconditional grant`,
    );
  }
}

/**
 * Throws `NotAllowedError` (403) when the caller is denied the permission
 * whatever the entity; a conditional grant passes, to be decided on the
 * entity once it is known.
 */
export async function refuseDenied(
  options: Omit<EntityPermissionQuery, 'entityRef'>,
): Promise<void> {
  const [decision] = await options.permissions.authorizeConditional(
    [{ permission: options.permission }],
    { credentials: options.credentials },
  );
  if (decision.result === AuthorizeResult.DENY)
    throw new NotAllowedError(`Not allowed: ${options.permission.name}`);
}

/**
 * Whether the caller may read the entity's application detail, and so Argo
 * CD's own words wherever they appear (operation and health messages,
 * sources, why an application is unhealthy). One rule for every route.
 */
export function mayReadDetail(
  options: Omit<EntityPermissionQuery, 'permission'>,
): Promise<boolean> {
  return hasEntityPermission({
    ...options,
    permission: argoPulseApplicationDetailReadPermission,
  });
}

/** {@link mayReadDetail} for several entities in one request: those whose detail the caller may read. */
export async function entitiesWithDetail(options: {
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  entityRefs: string[];
}): Promise<Set<string>> {
  const refs = [...new Set(options.entityRefs)];
  if (refs.length === 0) return new Set();
  const decisions = await options.permissions.authorize(
    refs.map(ref => ({
      permission: argoPulseApplicationDetailReadPermission,
      resourceRef: ref,
    })),
    { credentials: options.credentials },
  );
  return new Set(
    refs.filter((_ref, i) => decisions[i].result === AuthorizeResult.ALLOW),
  );
}
