import type { Entity } from '@backstage/catalog-model';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  PermissionCondition,
  PermissionCriteria,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  argoPulseApplicationRefreshPermission,
  argoPulseApplicationRollbackPermission,
  argoPulseApplicationSyncPermission,
  argoPulseInstanceReadPermission,
} from '@argo-pulse/backstage-plugin-common';
import { DemoPermissionPolicy, PLATFORM_GROUP } from './demoPermissionPolicy';

const userIn = (...groups: string[]) =>
  ({
    info: {
      userEntityRef: 'user:default/someone',
      ownershipEntityRefs: ['user:default/someone', ...groups],
    },
  } as unknown as PolicyQueryUser);

describe("the demo's policy", () => {
  it.each([
    [
      'a member of the platform team',
      userIn('group:default/team-payments', PLATFORM_GROUP),
      AuthorizeResult.ALLOW,
    ],
    [
      'a member of another team only',
      userIn('group:default/team-storefront'),
      AuthorizeResult.DENY,
    ],
    ['nobody signed in', undefined, AuthorizeResult.DENY],
  ])('shows the Argo CD instances to %s: %s', async (_who, user, result) => {
    const decision = await new DemoPermissionPolicy().handle(
      { permission: argoPulseInstanceReadPermission },
      user,
    );
    expect(decision.result).toBe(result);
  });
});

describe("the demo's policy on acting from Backstage", () => {
  const entity = (name: string, owner: string) =>
    ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name, namespace: 'default' },
      spec: { owner },
      relations: [{ type: 'ownedBy', targetRef: owner }],
    } as unknown as Entity);
  const paymentsApi = entity('payments-api', 'group:default/team-payments');
  const checkoutWeb = entity('checkout-web', 'group:default/team-storefront');
  const alice = userIn('group:default/team-payments');

  /** Whether the policy's decision lets the user act on the entity, its conditions applied as the catalog applies them. */
  async function allows(
    permission: ResourcePermission<'catalog-entity'>,
    user: PolicyQueryUser | undefined,
    on: Entity,
  ) {
    const decision = await new DemoPermissionPolicy().handle(
      { permission },
      user,
    );
    if (decision.result !== AuthorizeResult.CONDITIONAL)
      return decision.result === AuthorizeResult.ALLOW;
    const criteria = decision.conditions as PermissionCriteria<
      PermissionCondition<'catalog-entity', any>
    >;
    const { rule, params } = criteria as PermissionCondition<
      'catalog-entity',
      any
    >;
    expect(rule).toBe(permissionRules.isEntityOwner.name);
    return permissionRules.isEntityOwner.apply(on, params);
  }

  it.each([
    argoPulseApplicationRefreshPermission,
    argoPulseApplicationSyncPermission,
    argoPulseApplicationRollbackPermission,
  ])(
    'lets alice (team-payments) $name payments-api, not checkout-web, and nobody signed out',
    async permission => {
      expect(await allows(permission, alice, paymentsApi)).toBe(true);
      expect(await allows(permission, alice, checkoutWeb)).toBe(false);
      expect(await allows(permission, undefined, paymentsApi)).toBe(false);
    },
  );
});
