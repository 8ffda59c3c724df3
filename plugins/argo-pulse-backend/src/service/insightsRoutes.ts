import type {
  AuthService,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { ArgoPulseConfig } from '../config/readArgoPulseConfig';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import { portalDeliveryInsights } from '../insights/deliveryInsights';
import { parseInput } from './parseInput';
import { entityAccess, entityFilterParams, entityFilters } from './portalQuery';

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
  options: {
    db: Knex;
    store: ArgoPulseStore;
    config: ArgoPulseConfig;
    auth: AuthService;
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    userInfo: UserInfoService;
    now?: () => Date;
  },
): void {
  const { db, store, config, auth, httpAuth, permissions, userInfo } = options;
  router.get('/insights', async (req, res) => {
    const query = parseInput(insightsQuery, req.query, 'insights query');
    const credentials = await httpAuth.credentials(req);
    const filters = await entityFilters(query, { auth, userInfo, credentials });
    const access = await entityAccess(permissions, credentials);
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
