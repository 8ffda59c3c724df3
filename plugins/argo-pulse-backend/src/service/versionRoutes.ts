import type {
  AuthService,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { PortalVersionMatrixResponse } from '@argo-pulse/backstage-plugin-common';
import type { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { ArgoPulseConfig } from '../config/readArgoPulseConfig';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import { portalVersionMatrix } from '../matrix/portalVersionMatrix';
import { parseInput } from './parseInput';
import { entityAccess, entityFilterParams, entityFilters } from './portalQuery';

const versionsQuery = z
  .object({
    ...entityFilterParams,
    limit: z.coerce.number().int().min(1).max(100).default(50),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict();

/**
 * `GET /versions`: the version matrix of every entity in the entity index
 * that the filters select (a team's with `owner`, a system's with `system`)
 * and the caller may read (`argo-pulse.application.read`, a conditional
 * decision applied in the query), one entry per entity.
 */
export function addVersionRoutes(
  router: Router,
  options: {
    db: Knex;
    store: ArgoPulseStore;
    config: ArgoPulseConfig;
    auth: AuthService;
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    userInfo: UserInfoService;
  },
): void {
  const { db, store, config, auth, httpAuth, permissions, userInfo } = options;
  router.get('/versions', async (req, res) => {
    const query = parseInput(versionsQuery, req.query, 'versions query');
    const credentials = await httpAuth.credentials(req);
    const access = await entityAccess(permissions, credentials);
    if (!access) {
      res.json({
        environments: [],
        entities: [],
      } satisfies PortalVersionMatrixResponse);
      return;
    }
    const filters = await entityFilters(query, { auth, userInfo, credentials });
    const page = await portalVersionMatrix({
      db,
      store,
      filters,
      access,
      environments: config.environments,
      instances: config.instances.map(instance => instance.name),
      limit: query.limit,
      offset: query.offset,
    });
    res.json({
      environments: page.environments,
      entities: page.entities,
      ...(page.hasMore ? { nextOffset: query.offset + query.limit } : {}),
    } satisfies PortalVersionMatrixResponse);
  });
}
