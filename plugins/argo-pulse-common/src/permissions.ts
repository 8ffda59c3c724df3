// Argo Pulse's permissions. Those about an entity's applications take the
// catalog entity as their resource, so a policy can decide per entity (for
// example: "members of the owning group may read application detail") with
// the catalog's own conditional rules. Reading the instances is for admins.

import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The permission (`argo-pulse.application.read`) to read the overview and
 * deployment history of an entity's applications, and the entity's expected
 * versions.
 *
 * @public
 */
export const argoPulseApplicationReadPermission = createPermission({
  name: 'argo-pulse.application.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * The permission (`argo-pulse.application.detail.read`) to read the detail
 * of an entity's applications: resources, conditions, operation messages,
 * sources and destination.
 *
 * @public
 */
export const argoPulseApplicationDetailReadPermission = createPermission({
  name: 'argo-pulse.application.detail.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * The permission (`argo-pulse.expectation.create`) to post (and cancel)
 * expected versions for an entity, which is what CI does.
 *
 * @public
 */
export const argoPulseExpectationCreatePermission = createPermission({
  name: 'argo-pulse.expectation.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

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
  argoPulseInstanceReadPermission,
];
