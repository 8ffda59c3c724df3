import type { AuthService, BackstageCredentials, PermissionsService, UserInfoService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { argoPulseApplicationReadPermission } from '@argo-pulse/backstage-plugin-common';
import type { EntityAccess, EntityFilters } from '../entities/entityFilters';
import { queryList } from './parseInput';

/** The query parameters that select entities on the portal-wide routes. */
export const entityFilterParams = {
  owner: queryList.optional(),
  entity: queryList.optional(),
  kind: queryList.optional(),
  system: queryList.optional(),
};

/** Which entities the caller may read, from `argo-pulse.application.read`; undefined for none. */
export async function entityAccess(permissions: PermissionsService, credentials: BackstageCredentials): Promise<EntityAccess | undefined> {
  const [decision] = await permissions.authorizeConditional([{ permission: argoPulseApplicationReadPermission }], { credentials });
  if (decision.result === AuthorizeResult.ALLOW) return { kind: 'all' };
  // Conditions are the catalog's rules on catalog entities; any other kind is not one this index can apply.
  if (decision.result === AuthorizeResult.CONDITIONAL && decision.resourceType === 'catalog-entity') return { kind: 'conditional', criteria: decision.conditions };
  return undefined;
}

/**
 * The entity filters of a parsed query; `owner=me` stands for what the
 * signed-in user owns through: themself and their groups.
 */
export async function entityFilters(
  query: { owner?: string[]; entity?: string[]; kind?: string[]; system?: string[] },
  options: { auth: AuthService; userInfo: UserInfoService; credentials: BackstageCredentials },
): Promise<EntityFilters> {
  let owners = query.owner;
  if (owners?.includes('me')) {
    if (!options.auth.isPrincipal(options.credentials, 'user')) throw new InputError('owner=me needs a signed-in user');
    const { ownershipEntityRefs } = await options.userInfo.getUserInfo(options.credentials);
    owners = [...owners.filter(owner => owner !== 'me'), ...ownershipEntityRefs];
  }
  return { owners, entityRefs: query.entity, kinds: query.kind, systems: query.system };
}
