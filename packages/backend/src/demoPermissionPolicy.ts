import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  argoPulseApplicationDetailReadPermission,
  argoPulseApplicationReadPermission,
  argoPulseApplicationRefreshPermission,
  argoPulseApplicationRollbackPermission,
  argoPulseApplicationSyncPermission,
  argoPulseInstanceReadPermission,
} from '@argo-pulse/backstage-plugin-common';

/** Application detail, and refreshing, syncing and rolling back from Backstage: for the owners only. */
const ACTS_ON_APPLICATIONS = new Set([
  argoPulseApplicationDetailReadPermission.name,
  argoPulseApplicationRefreshPermission.name,
  argoPulseApplicationSyncPermission.name,
  argoPulseApplicationRollbackPermission.name,
]);

/** The demo's admins: who runs the portal and Argo CD. */
export const PLATFORM_GROUP = 'group:default/platform';

/**
 * The demo's policy, to show Argo Pulse's permissions at work: everyone may
 * read the overview, history and expectations of any entity but those
 * annotated `acme.example/visibility: private`, which only their owners may
 * (on the entity page and in the portal-wide deployments alike); application
 * detail, and refreshing, syncing and rolling back an application from
 * Backstage, only for members of the entity's owner group; the Argo CD
 * instances page (every instance, its applications and errors) only for the
 * platform team; CI (a service) may do everything. Everything else is allowed.
 */
export class DemoPermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const owner = catalogConditions.isEntityOwner({
      claims: user?.info.ownershipEntityRefs ?? [],
    });
    if (
      request.permission.name === argoPulseApplicationReadPermission.name &&
      isResourcePermission(request.permission, 'catalog-entity')
    ) {
      const isPrivate = catalogConditions.hasAnnotation({
        annotation: 'acme.example/visibility',
        value: 'private',
      });
      return createCatalogConditionalDecision(request.permission, {
        anyOf: [{ not: isPrivate }, owner],
      });
    }
    if (
      ACTS_ON_APPLICATIONS.has(request.permission.name) &&
      isResourcePermission(request.permission, 'catalog-entity')
    ) {
      return createCatalogConditionalDecision(request.permission, owner);
    }
    if (request.permission.name === argoPulseInstanceReadPermission.name) {
      const platform =
        user?.info.ownershipEntityRefs?.includes(PLATFORM_GROUP) ?? false;
      return {
        result: platform ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'argo-pulse-demo-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new DemoPermissionPolicy());
      },
    });
  },
});
