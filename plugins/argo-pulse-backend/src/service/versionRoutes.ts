import type { PortalVersionMatrixResponse } from '@argo-pulse/backstage-plugin-common';
import type { Router } from 'express';
import { z } from 'zod';
import { portalVersionMatrix } from '../matrix/portalVersionMatrix';
import {
  entityFilterParams,
  PortalRouteOptions,
  readPortalRequest,
} from './portalQuery';

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
  options: PortalRouteOptions,
): void {
  const { db, store, config } = options;
  router.get('/versions', async (req, res) => {
    const { query, access, filters } = await readPortalRequest(
      req,
      versionsQuery,
      'versions query',
      options,
    );
    if (!access) {
      res.json({
        environments: [],
        entities: [],
      } satisfies PortalVersionMatrixResponse);
      return;
    }
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
