import type {
  AuthService,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  ArgoPulseFeedItem,
  EXPECTATION_STATES,
  ExpectationState,
  PortalDeploymentsResponse,
} from '@argo-pulse/backstage-plugin-common';
import type { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import { DEPLOYMENT_RESULT_STATUSES } from '../database/deploymentResult';
import { portalFeed, PortalFeedRef } from '../deployments/portalFeed';
import type { ExpectationService } from '../expectations/ExpectationService';
import type { ExpectationStore } from '../expectations/ExpectationStore';
import { entitiesWithDetail } from './authorizeEntity';
import { parseInput, queryChoices, queryList } from './parseInput';
import { entityAccess, entityFilterParams, entityFilters } from './portalQuery';
import { toDeployment } from './presenters';
import { deploymentOperations } from '../operations/deploymentOperations';
import type { OperationStore } from '../operations/OperationStore';

const deploymentsQuery = z
  .object({
    ...entityFilterParams,
    instance: queryList.optional(),
    outcome: queryChoices(
      EXPECTATION_STATES as [ExpectationState, ...ExpectationState[]],
    ).optional(),
    type: queryChoices(['deployment', 'expectation']).optional(),
    result: queryChoices(DEPLOYMENT_RESULT_STATUSES).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict()
  .refine(
    query =>
      !query.from ||
      !query.to ||
      Date.parse(query.from) <= Date.parse(query.to),
    { message: 'from must not be later than to', path: ['from'] },
  );

/** The rows of a feed page, each read in full and presented as the caller may see it (also the `list-deployments` action's). */
export async function feedItems(
  refs: PortalFeedRef[],
  options: {
    store: ArgoPulseStore;
    expectationStore: ExpectationStore;
    expectations: ExpectationService;
    detail: Set<string>;
    /** For each deployment's `rollback` and `startedFromBackstage`. */
    operationStore?: OperationStore;
  },
): Promise<ArgoPulseFeedItem[]> {
  const { store, expectationStore, expectations, detail } = options;
  const ids = (type: PortalFeedRef['type']) =>
    refs.filter(ref => ref.type === type).map(ref => ref.id);
  const deployments = await store.getDeploymentsById(ids('deployment'));
  const expected = new Map(
    (await expectationStore.getMany(ids('expectation'))).map(record => [
      record.id,
      record,
    ]),
  );
  const operations = options.operationStore
    ? await deploymentOperations(
        { store, operationStore: options.operationStore },
        [...deployments.values()],
      )
    : undefined;
  // A row pruned between the two reads is left out rather than shown half.
  return refs.flatMap(({ type, id, entityRef }): ArgoPulseFeedItem[] => {
    const withDetail = detail.has(entityRef);
    if (type === 'deployment') {
      const deployment = deployments.get(id);
      return deployment
        ? [
            {
              type,
              entityRef,
              deployment: toDeployment(deployment, {
                withDetail,
                operations,
              }),
            },
          ]
        : [];
    }
    const record = expected.get(id);
    return record
      ? [
          {
            type,
            entityRef,
            expectation: expectations.present(record, { withDetail }),
          },
        ]
      : [];
  });
}

/**
 * `GET /deployments`: the deployments of every entity in the entity index
 * that the caller may read, and the expectations CI posted for them, newest
 * first, filtered and paged in the database. Access is the caller's
 * `argo-pulse.application.read`: a conditional decision becomes part of the
 * query. Detail-only fields follow `argo-pulse.application.detail.read` on
 * each row's entity, as on the entity page.
 */
export function addDeploymentRoutes(
  router: Router,
  options: {
    db: Knex;
    store: ArgoPulseStore;
    expectationStore: ExpectationStore;
    expectations: ExpectationService;
    auth: AuthService;
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
    userInfo: UserInfoService;
    operationStore?: OperationStore;
  },
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
      ...(await entityFilters(query, { auth, userInfo, credentials })),
      instances: query.instance,
      outcomes: query.outcome,
      types: query.type,
      results: query.result,
      from: query.from && new Date(query.from).toISOString(),
      to: query.to && new Date(query.to).toISOString(),
    };
    const page = await portalFeed(db, {
      filters,
      access,
      limit: query.limit,
      offset: query.offset,
    });
    const detail = await entitiesWithDetail({
      permissions,
      credentials,
      entityRefs: page.items.map(item => item.entityRef),
    });
    res.json({
      items: await feedItems(page.items, { ...options, detail }),
      ...(page.hasMore ? { nextOffset: query.offset + query.limit } : {}),
    } satisfies PortalDeploymentsResponse);
  });
}
