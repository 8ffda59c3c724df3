import type { Router } from 'express';
import { z } from 'zod';
import { portalDeliveryInsights } from '../insights/deliveryInsights';
import {
  entityFilterParams,
  PortalRouteOptions,
  readPortalRequest,
} from './portalQuery';

/** The windows the figures are read over, in days. */
export const INSIGHT_WINDOWS = { '7d': 7, '30d': 30, '90d': 90 } as const;

/** `window=7d|30d|90d`, default 30 days. */
export const insightWindow = z.enum(['7d', '30d', '90d']).default('30d');

const insightsQuery = z
  .object({ ...entityFilterParams, window: insightWindow })
  .strict();

/**
 * `GET /insights`: delivery figures (DORA's four keys) of the entities the
 * filters select (a team's with `owner`, a system's with `system`, one with
 * `entity`) that the caller may read (`argo-pulse.application.read`, a
 * conditional decision applied in the query), over the last 7, 30 or 90 days.
 */
export function addInsightsRoutes(
  router: Router,
  options: PortalRouteOptions,
): void {
  const { db, store, config } = options;
  router.get('/insights', async (req, res) => {
    const { query, access, filters } = await readPortalRequest(
      req,
      insightsQuery,
      'insights query',
      options,
    );
    res.json(
      await portalDeliveryInsights({
        db,
        store,
        filters,
        access,
        environments: config.environments,
        instances: config.instances.map(instance => instance.name),
        productionEnvironments: config.insights.productionEnvironments,
        days: INSIGHT_WINDOWS[query.window],
        now: options.now?.() ?? new Date(),
      }),
    );
  });
}
