import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/**
 * A permission policy for the portal-wide routes' tests: everything is
 * allowed until `onlyOwnedBy` names an owner; from then on reading is a
 * conditional decision, the catalog's `IS_ENTITY_OWNER` rule with that
 * owner, as a policy granting "my team's entities" answers it.
 */
export function ownerPolicy() {
  let owner: string | undefined;
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    authorizeConditional: async requests =>
      requests.map(() =>
        owner
          ? {
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'catalog',
              resourceType: 'catalog-entity',
              conditions: {
                rule: 'IS_ENTITY_OWNER',
                resourceType: 'catalog-entity',
                params: { claims: [owner] },
              },
            }
          : { result: AuthorizeResult.ALLOW },
      ) as never,
  });
  return {
    permissions,
    /** Restricts reading to this owner's entities; undefined allows everything again. */
    onlyOwnedBy: (next: string | undefined) => {
      owner = next;
    },
  };
}
