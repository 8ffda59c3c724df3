import type { AuthService, BackstageCredentials, PermissionsService, UserInfoService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { argoPulseApplicationReadPermission, PortalDeploymentsResponse } from '@argo-pulse/backstage-plugin-common';
import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { EntityAccess, portalDeployments } from '../deployments/portalDeployments';
import { entitiesWithDetail } from './authorizeEntity';
import { parseInput } from './parseInput';
import { toDeployment } from './presenters';

const list = z
  .string()
  .transform(value => value.split(',').map(v => v.trim()).filter(Boolean))
  .pipe(z.array(z.string().min(1).max(512)).max(50));

const deploymentsQuery = z
  .object({
    owner: list.optional(),
    entity: list.optional(),
    kind: list.optional(),
    system: list.optional(),
    instance: list.optional(),
    outcome: z
      .string()
      .transform(value => value.split(',').map(v => v.trim()))
      .pipe(z.array(z.enum(['deployed', 'failed'])))
      .optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict();

/** Which entities the caller may read, from `argo-pulse.application.read`; undefined for none. */
async function entityAccess(permissions: PermissionsService, credentials: BackstageCredentials): Promise<EntityAccess | undefined> {
  const [decision] = await permissions.authorizeConditional([{ permission: argoPulseApplicationReadPermission }], { credentials });
  if (decision.result === AuthorizeResult.ALLOW) return { kind: 'all' };
  // Conditions are the catalog's rules on catalog entities; any other kind is not one this index can apply.
  if (decision.result === AuthorizeResult.CONDITIONAL && decision.resourceType === 'catalog-entity') return { kind: 'conditional', criteria: decision.conditions };
  return undefined;
}

/** `owner=me` stands for what the signed-in user owns through: themself and their groups. */
async function owners(requested: string[] | undefined, auth: AuthService, userInfo: UserInfoService, credentials: BackstageCredentials): Promise<string[] | undefined> {
  if (!requested?.includes('me')) return requested;
  if (!auth.isPrincipal(credentials, 'user')) throw new InputError('owner=me needs a signed-in user');
  const { ownershipEntityRefs } = await userInfo.getUserInfo(credentials);
  return [...requested.filter(owner => owner !== 'me'), ...ownershipEntityRefs];
}

/**
 * `GET /deployments`: the deployments of every entity in the entity index
 * that the caller may read, newest first, filtered and paged in the
 * database. Access is the caller's `argo-pulse.application.read`: a
 * conditional decision becomes part of the query. Detail-only fields follow
 * `argo-pulse.application.detail.read` on each row's entity, as on the
 * entity page.
 */
export function addDeploymentRoutes(
  router: Router,
  options: { db: Knex; auth: AuthService; httpAuth: HttpAuthService; permissions: PermissionsService; userInfo: UserInfoService },
): void {
  const { db, auth, httpAuth, permissions, userInfo } = options;
  router.get('/deployments', async (req, res) => {
    const query = parseInput(deploymentsQuery, req.query, 'deployments query');
    const credentials = await httpAuth.credentials(req);
    const access = await entityAccess(permissions, credentials);
    if (!access) {
      res.json({ items: [] } satisfies PortalDeploymentsResponse);
      return;
    }
    const filters = {
      owners: await owners(query.owner, auth, userInfo, credentials),
      entityRefs: query.entity,
      kinds: query.kind,
      systems: query.system,
      instances: query.instance,
      outcomes: query.outcome,
      from: query.from && new Date(query.from).toISOString(),
      to: query.to && new Date(query.to).toISOString(),
    };
    const page = await portalDeployments(db, { filters, access, limit: query.limit, offset: query.offset });
    const detail = await entitiesWithDetail({ permissions, credentials, entityRefs: page.items.map(item => item.entityRef) });
    res.json({
      items: page.items.map(item => ({ ...toDeployment({ ...item, commits: [] }, { withDetail: detail.has(item.entityRef) }), entityRef: item.entityRef })),
      ...(page.hasMore ? { nextOffset: query.offset + query.limit } : {}),
    } satisfies PortalDeploymentsResponse);
  });
}
