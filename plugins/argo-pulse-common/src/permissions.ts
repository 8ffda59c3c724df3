// Argo Pulse's permissions. Those about an entity's applications take the
// catalog entity as their resource, so a policy can decide per entity (for
// example: "members of the owning group may read application detail") with
// the catalog's own conditional rules. Reading the instances is for admins.

import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import {
  createPermission,
  PermissionAttributes,
} from '@backstage/plugin-permission-common';

/** A permission about one entity's applications: the policy decides per catalog entity. */
const entityPermission = (
  name: string,
  action: NonNullable<PermissionAttributes['action']>,
) =>
  createPermission({
    name,
    attributes: { action },
    resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
  });

/**
 * The permission (`argo-pulse.application.read`) to read the overview and
 * deployment history of an entity's applications, and the entity's expected
 * versions.
 *
 * @public
 */
export const argoPulseApplicationReadPermission = entityPermission(
  'argo-pulse.application.read',
  'read',
);

/**
 * The permission (`argo-pulse.application.detail.read`) to read the detail
 * of an entity's applications: resources, conditions, operation messages,
 * sources and destination.
 *
 * @public
 */
export const argoPulseApplicationDetailReadPermission = entityPermission(
  'argo-pulse.application.detail.read',
  'read',
);

/**
 * The permission (`argo-pulse.expectation.create`) to post (and cancel)
 * expected versions for an entity, which is what CI does.
 *
 * @public
 */
export const argoPulseExpectationCreatePermission = entityPermission(
  'argo-pulse.expectation.create',
  'create',
);

/**
 * The permission (`argo-pulse.application.refresh`) to ask Argo CD to
 * refresh an entity's application (compare it with git again) from
 * Backstage.
 *
 * @public
 */
export const argoPulseApplicationRefreshPermission = entityPermission(
  'argo-pulse.application.refresh',
  'update',
);

/**
 * The permission (`argo-pulse.application.sync`) to start a sync of an
 * entity's application to its target revision from Backstage.
 *
 * @public
 */
export const argoPulseApplicationSyncPermission = entityPermission(
  'argo-pulse.application.sync',
  'update',
);

/**
 * The permission (`argo-pulse.application.rollback`) to roll an entity's
 * application back to an earlier deployment from Backstage.
 *
 * @public
 */
export const argoPulseApplicationRollbackPermission = entityPermission(
  'argo-pulse.application.rollback',
  'update',
);

/**
 * The permission (`argo-pulse.instance.read`) to see the configured Argo CD
 * instances and how polling them goes: reachability, last refresh, last
 * error, applications tracked, cycle duration, mode and requests per cycle.
 * A basic permission (no resource): it is meant for admins.
 *
 * @public
 */
export const argoPulseInstanceReadPermission = createPermission({
  name: 'argo-pulse.instance.read',
  attributes: { action: 'read' },
});

/**
 * Every Argo Pulse permission, for registration with the permission framework.
 *
 * @public
 */
export const argoPulsePermissions = [
  argoPulseApplicationReadPermission,
  argoPulseApplicationDetailReadPermission,
  argoPulseExpectationCreatePermission,
  argoPulseApplicationRefreshPermission,
  argoPulseApplicationSyncPermission,
  argoPulseApplicationRollbackPermission,
  argoPulseInstanceReadPermission,
];
