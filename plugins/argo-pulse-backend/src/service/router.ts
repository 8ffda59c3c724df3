import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { authorizedEntityApplications } from './authorizedEntityApplications';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { durationToMilliseconds } from '@backstage/types';
import {
  argoPulseApplicationDetailReadPermission,
  argoPulseApplicationReadPermission,
  argoPulseInstanceReadPermission,
  ArgoPulseApplicationDetail,
  EntityApplicationsResponse,
  EntityHistoryResponse,
  ArgoPulseInsightsResponse,
  EntityVersionMatrixResponse,
  InstancesResponse,
} from '@argo-pulse/backstage-plugin-common';
import type {
  AuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import express, { Request } from 'express';
import type { Knex } from 'knex';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  ARGO_WATCHER_COMPAT_PATH,
  createArgoWatcherCompatRouter,
} from './argoWatcherCompat';
import { mayReadDetail } from './authorizeEntity';
import { entityApplicationSets } from './entityApplicationSets';
import {
  addExpectationRoutes,
  ExpectationRoutesOptions,
} from './expectationRoutes';
import { normalizeEntityRef } from './loadEntity';
import { hideInternalErrors } from './hideInternalErrors';
import { parseInput } from './parseInput';
import {
  toDeployment,
  toDetail,
  toInstanceStatuses,
  toOverview,
} from './presenters';
import { requireJsonBody } from './requireJsonBody';
import { addDeploymentRoutes } from './deploymentRoutes';
import { deliveryInsights } from '../insights/deliveryInsights';
import {
  addInsightsRoutes,
  INSIGHT_WINDOWS,
  insightWindow,
} from './insightsRoutes';
import { addVersionRoutes } from './versionRoutes';
import { addOperationRoutes } from './operationRoutes';
import type { ApplicationOperations } from './ApplicationOperations';
import { deploymentOperations } from '../operations/deploymentOperations';
import type { OperationStore } from '../operations/OperationStore';
import { entityVersionMatrix } from '../matrix/entityVersionMatrix';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import type { ApplicationKey } from '../database/types';

const entityParams = z.object({
  kind: z.string().min(1),
  namespace: z.string().min(1),
  name: z.string().min(1),
});

const historyQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

export interface RouterOptions extends ExpectationRoutesOptions {
  /** The plugin's database, for the portal-wide deployments. */
  db: Knex;
  store: ArgoPulseStore;
  auth: AuthService;
  userInfo: UserInfoService;
  /** After a signed-in user was allowed to read an entity's Argo CD data; must not throw. */
  onEntityRead?: (read: {
    userEntityRef: string;
    entityRef: string;
    applications: ApplicationKey[];
  }) => Promise<void>;
  /** After a signed-in user read a portal-wide page (deployments, rollouts); must not throw. */
  onPortalRead?: (read: { userEntityRef: string }) => Promise<void>;
  /** Refresh, sync and rollback from Backstage; without it those routes are absent. */
  operations?: ApplicationOperations;
  /** The operations started from Backstage, for the history's `startedFromBackstage` and `rollback`. */
  operationStore?: OperationStore;
  now?: () => Date;
}

/**
 * The plugin's HTTP API. Every route reads the store: a page view never
 * calls Argo CD. Entities are read with the caller's credentials, so the
 * catalog's own permissions apply.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { config, store, catalog, httpAuth, permissions, auth } = options;
  const now = options.now ?? (() => new Date());
  const configuredInstances = config.instances.map(i => i.name);
  const instanceConfig = new Map(config.instances.map(i => [i.name, i]));
  const pollingIntervalMs = durationToMilliseconds(config.polling.frequency);
  const modes = new Map(config.instances.map(i => [i.name, i.mode]));

  /** The entity named in the path, its annotations resolved against the store. */
  async function entityApplications(
    req: Request,
    permission = argoPulseApplicationReadPermission,
  ) {
    const ref = normalizeEntityRef(
      parseInput(entityParams, req.params, 'entity reference'),
    );
    const credentials = await httpAuth.credentials(req);
    const resolved = await authorizedEntityApplications({
      catalog,
      permissions,
      store,
      configuredInstances,
      credentials,
      entityRef: ref,
      permission,
    });
    if (auth.isPrincipal(credentials, 'user'))
      await options.onEntityRead?.({
        userEntityRef: credentials.principal.userEntityRef,
        entityRef: ref,
        applications: resolved.applications.map(
          ({ instance, namespace, name }) => ({ instance, namespace, name }),
        ),
      });
    return { ref, ...resolved };
  }

  const router = Router();
  // Before the JSON parser: the compat API parses (and answers errors) its own way.
  router.use(ARGO_WATCHER_COMPAT_PATH, createArgoWatcherCompatRouter(options));
  router.use(requireJsonBody(), express.json());

  // The portal's pages show what their reader may see of every entity: any change may concern them.
  router.use(
    ['/deployments', '/versions', '/insights'],
    async (req, _res, next) => {
      try {
        const credentials = await httpAuth.credentials(req);
        if (auth.isPrincipal(credentials, 'user'))
          await options.onPortalRead?.({
            userEntityRef: credentials.principal.userEntityRef,
          });
        next();
      } catch (error) {
        next(error);
      }
    },
  );

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/instances', async (req, res) => {
    const [decision] = await permissions.authorize(
      [{ permission: argoPulseInstanceReadPermission }],
      { credentials: await httpAuth.credentials(req) },
    );
    if (decision.result !== AuthorizeResult.ALLOW)
      throw new NotAllowedError(
        `Not allowed: ${argoPulseInstanceReadPermission.name}`,
      );
    const statuses = toInstanceStatuses(
      configuredInstances,
      await store.getInstanceStatuses(),
      { pollingIntervalMs, now: now(), modes },
    );
    res.json({ instances: statuses } satisfies InstancesResponse);
  });

  const detailFor = async (req: Request, entityRef: string) =>
    mayReadDetail({
      permissions,
      credentials: await httpAuth.credentials(req),
      entityRef,
    });

  router.get(
    '/entities/:kind/:namespace/:name/applications',
    async (req, res) => {
      const resolved = await entityApplications(req);
      const [stored, statuses, withDetail] = await Promise.all([
        store.getApplicationSummaries(resolved.applications),
        store.getInstanceStatuses(),
        detailFor(req, resolved.ref),
      ]);
      const applications = stored.map(app =>
        toOverview(app, instanceConfig.get(app.snapshot.instance), {
          withDetail,
        }),
      );
      const applicationSets = await entityApplicationSets(store, applications);
      const body: EntityApplicationsResponse = {
        entityRef: resolved.ref,
        applications,
        ...(applicationSets.length ? { applicationSets } : {}),
        instances: toInstanceStatuses(resolved.instances, statuses, {
          pollingIntervalMs,
          now: now(),
          modes,
        }),
        ...(resolved.problem ? { problem: resolved.problem } : {}),
      };
      res.json(body);
    },
  );

  router.get(
    '/entities/:kind/:namespace/:name/applications/:instance/:appNamespace/:appName',
    async (req, res) => {
      const resolved = await entityApplications(
        req,
        argoPulseApplicationDetailReadPermission,
      );
      const { instance, appNamespace, appName } = req.params;
      const key = resolved.applications.find(
        a =>
          a.instance === instance &&
          a.namespace === appNamespace &&
          a.name === appName,
      );
      const [stored] = key ? await store.getApplications([key]) : [];
      if (!stored)
        throw new NotFoundError(
          `${resolved.ref} has no application ${instance}/${appNamespace}/${appName}`,
        );
      res.json(
        toDetail(
          stored,
          instanceConfig.get(instance),
        ) satisfies ArgoPulseApplicationDetail,
      );
    },
  );

  router.get('/entities/:kind/:namespace/:name/versions', async (req, res) => {
    const resolved = await entityApplications(req);
    const matrix = await entityVersionMatrix({
      store,
      applications: resolved.applications,
      instances: resolved.instances,
      environments: config.environments,
    });
    res.json({
      entityRef: resolved.ref,
      ...matrix,
      ...(resolved.problem ? { problem: resolved.problem } : {}),
    } satisfies EntityVersionMatrixResponse);
  });

  router.get('/entities/:kind/:namespace/:name/insights', async (req, res) => {
    const { window } = parseInput(
      z.object({ window: insightWindow }).strict(),
      req.query,
      'insights query',
    );
    const resolved = await entityApplications(req);
    res.json(
      (await deliveryInsights(
        {
          db: options.db,
          store,
          environments: config.environments,
          instances: configuredInstances,
          productionEnvironments: config.insights.productionEnvironments,
          days: INSIGHT_WINDOWS[window],
          now: now(),
        },
        [resolved.ref],
        resolved.applications.map(({ instance, namespace, name }) => ({
          instance,
          namespace,
          name,
        })),
      )) satisfies ArgoPulseInsightsResponse,
    );
  });

  router.get('/entities/:kind/:namespace/:name/history', async (req, res) => {
    const page = parseInput(historyQuery, req.query, 'history query');
    const resolved = await entityApplications(req);
    const deployments = await store.getDeployments(
      resolved.applications.map(a => ({
        instance: a.instance,
        namespace: a.namespace,
        name: a.name,
      })),
      page,
    );
    // A sync's message and the sources are detail, for those who may read it.
    const withDetail = await detailFor(req, resolved.ref);
    const operations = options.operationStore
      ? await deploymentOperations(
          { store, operationStore: options.operationStore },
          deployments.items,
        )
      : undefined;
    const nextOffset = page.offset + deployments.items.length;
    const body: EntityHistoryResponse = {
      entityRef: resolved.ref,
      items: deployments.items.map(item =>
        toDeployment(item, { withDetail, operations }),
      ),
      total: deployments.total,
      ...(nextOffset < deployments.total ? { nextOffset } : {}),
      ...(resolved.problem ? { problem: resolved.problem } : {}),
    };
    res.json(body);
  });

  addExpectationRoutes(router, options);
  addDeploymentRoutes(router, options);
  addVersionRoutes(router, options);
  addInsightsRoutes(router, options);
  if (options.operations)
    addOperationRoutes(router, {
      httpAuth,
      operations: options.operations,
    });
  router.use(hideInternalErrors(options.logger));
  return router;
}
