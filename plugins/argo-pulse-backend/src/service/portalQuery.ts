import type {
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { Request } from 'express';
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { ArgoPulseConfig } from '../config/readArgoPulseConfig';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import { InputError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { argoPulseApplicationReadPermission } from '@argo-pulse/backstage-plugin-common';
import type { EntityAccess, EntityFilters } from '../entities/entityFilters';
import { normalizeEntityRef } from './loadEntity';
import { parseInput, queryList } from './parseInput';

/** What the portal-wide routes (`/versions`, `/insights`) read with. */
export interface PortalRouteOptions {
  db: Knex;
  store: ArgoPulseStore;
  config: ArgoPulseConfig;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  now?: () => Date;
}

/** The query parameters that select entities on the portal-wide routes. */
export const entityFilterParams = {
  owner: queryList.optional(),
  entity: queryList.optional(),
  kind: queryList.optional(),
  system: queryList.optional(),
};

/** Which entities the caller may read, from `argo-pulse.application.read`; undefined for none. */
export async function entityAccess(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<EntityAccess | undefined> {
  const [decision] = await permissions.authorizeConditional(
    [{ permission: argoPulseApplicationReadPermission }],
    { credentials },
  );
  if (decision.result === AuthorizeResult.ALLOW) return { kind: 'all' };
  // Conditions are the catalog's rules on catalog entities; any other kind is not one this index can apply.
  if (
    decision.result === AuthorizeResult.CONDITIONAL &&
    decision.resourceType === 'catalog-entity'
  )
    return { kind: 'conditional', criteria: decision.conditions };
  return undefined;
}

/**
 * Entity references in their full form, short ones completed the way the
 * catalog completes them (`team-a` as an owner is `group:default/team-a`).
 */
function fullRefs(
  parameter: string,
  refs: string[] | undefined,
  defaultKind: string,
): string[] | undefined {
  return refs?.map(ref =>
    normalizeEntityRef(ref, { defaultKind, what: parameter }),
  );
}

/**
 * The entity filters of a parsed query; `owner=me` stands for what the
 * signed-in user owns through: themself and their groups.
 */
/** What of a query selects entities. */
type EntityFilterQuery = {
  owner?: string[];
  entity?: string[];
  kind?: string[];
  system?: string[];
};

export async function entityFilters(
  query: EntityFilterQuery,
  options: {
    auth: AuthService;
    userInfo: UserInfoService;
    credentials: BackstageCredentials;
  },
): Promise<EntityFilters> {
  let owners = fullRefs(
    'owner',
    query.owner?.filter(owner => owner !== 'me'),
    'group',
  );
  if (query.owner?.includes('me')) {
    if (!options.auth.isPrincipal(options.credentials, 'user'))
      throw new InputError('owner=me needs a signed-in user');
    const { ownershipEntityRefs } = await options.userInfo.getUserInfo(
      options.credentials,
    );
    owners = [...(owners ?? []), ...ownershipEntityRefs];
  }
  return {
    owners,
    entityRefs: fullRefs('entity', query.entity, 'component'),
    kinds: query.kind,
    systems: fullRefs('system', query.system, 'system'),
  };
}

/**
 * A portal-wide request read: its query (parsed with `schema`, 400 when
 * wrong), which entities the caller may read, and the entity filters.
 */
export async function readPortalRequest<T extends z.ZodType<EntityFilterQuery>>(
  req: Request,
  schema: T,
  what: string,
  options: PortalRouteOptions,
): Promise<{
  query: z.output<T>;
  access: EntityAccess | undefined;
  filters: EntityFilters;
}> {
  const query = parseInput(schema, req.query, what);
  const credentials = await options.httpAuth.credentials(req);
  return {
    query,
    access: await entityAccess(options.permissions, credentials),
    filters: await entityFilters(query, {
      auth: options.auth,
      userInfo: options.userInfo,
      credentials,
    }),
  };
}
