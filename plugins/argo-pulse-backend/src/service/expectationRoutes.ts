import type {
  DiscoveryService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  argoPulseApplicationReadPermission,
  argoPulseExpectationCreatePermission,
  CreateExpectationResponse,
  EntityExpectationsResponse,
  EXPECTATION_STATES,
  ExpectationState,
} from '@argo-pulse/backstage-plugin-common';
import type { Request, Router } from 'express';
import { z } from 'zod';
import type { ArgoPulseConfig } from '../config/readArgoPulseConfig';
import { expectationRequestSchema } from '../expectations/expectationRequest';
import {
  checkIdempotencyKey,
  ExpectationIntake,
} from '../expectations/ExpectationIntake';
import type { ExpectationService } from '../expectations/ExpectationService';
import type { ExpectationStore } from '../expectations/ExpectationStore';
import type { ExpectationRecord } from '../expectations/types';
import { mayReadDetail, requireEntityPermission } from './authorizeEntity';
import { loadEntity, normalizeEntityRef } from './loadEntity';
import { parseInput, queryChoices } from './parseInput';
import { postExpectation, principalRef } from './postExpectation';

export interface ExpectationRoutesOptions {
  config: ArgoPulseConfig;
  expectationStore: ExpectationStore;
  expectations: ExpectationService;
  intake: ExpectationIntake;
  catalog: CatalogService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  discovery: DiscoveryService;
  logger: LoggerService;
}

const listQuery = z
  .object({
    state: queryChoices(
      EXPECTATION_STATES as [ExpectationState, ...ExpectationState[]],
    ).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

const idParams = z.object({ id: z.uuid('must be an expectation id (a UUID)') });

/**
 * The expectation routes: CI posts what should run, anyone who may read
 * the entity's applications reads the verdict. Thin: validate, authorize,
 * call the service, answer.
 */
export function addExpectationRoutes(
  router: Router,
  options: ExpectationRoutesOptions,
): void {
  const {
    config,
    expectationStore,
    expectations,
    catalog,
    httpAuth,
    permissions,
    discovery,
    intake,
  } = options;
  const schema = expectationRequestSchema({
    maxTimeoutSeconds: Math.floor(config.expectations.maxTimeoutMs / 1000),
  });

  async function loadAuthorized(
    req: Request,
    permission: typeof argoPulseApplicationReadPermission,
  ): Promise<ExpectationRecord> {
    const { id } = parseInput(idParams, req.params, 'expectation id');
    const record = await expectationStore.get(id);
    if (!record) throw new NotFoundError(`No expectation ${id}`);
    await requireEntityPermission({
      permissions,
      credentials: await httpAuth.credentials(req),
      permission,
      entityRef: record.entityRef,
    });
    return record;
  }

  const detailFor = async (req: Request, entityRef: string | undefined) =>
    mayReadDetail({
      permissions,
      credentials: await httpAuth.credentials(req),
      entityRef,
    });

  router.post('/expectations', async (req, res) => {
    const idempotencyKey = req.header('Idempotency-Key');
    checkIdempotencyKey(idempotencyKey);
    const request = parseInput(schema, req.body, 'expectation');
    const record = await postExpectation({
      catalog,
      permissions,
      intake,
      credentials: await httpAuth.credentials(req),
      request,
      idempotencyKey,
    });
    const statusUrl = `${await discovery.getExternalBaseUrl(
      'argo-pulse',
    )}/expectations/${record.id}`;
    res
      .status(202)
      .location(statusUrl)
      .json({
        id: record.id,
        statusUrl,
        expectation: expectations.present(record, {
          withDetail: await detailFor(req, record.entityRef),
        }),
      } satisfies CreateExpectationResponse);
  });

  router.get('/expectations/:id', async (req, res) => {
    const record = await loadAuthorized(
      req,
      argoPulseApplicationReadPermission,
    );
    res.json(
      expectations.present(record, {
        withDetail: await detailFor(req, record.entityRef),
      }),
    );
  });

  router.post('/expectations/:id/cancel', async (req, res) => {
    const record = await loadAuthorized(
      req,
      argoPulseExpectationCreatePermission,
    );
    if (record.state !== 'pending')
      throw new ConflictError(
        `Expectation ${record.id} is already ${record.state}`,
      );
    const cancelled = await expectations.cancel(
      record.id,
      principalRef(await httpAuth.credentials(req)),
    );
    if (!cancelled) {
      const now = await expectationStore.get(record.id);
      throw new ConflictError(
        `Expectation ${record.id} is already ${now?.state ?? 'resolved'}`,
      );
    }
    res.json(
      expectations.present(cancelled, {
        withDetail: await detailFor(req, cancelled.entityRef),
      }),
    );
  });

  router.get(
    '/entities/:kind/:namespace/:name/expectations',
    async (req, res) => {
      const query = parseInput(listQuery, req.query, 'expectations query');
      const credentials = await httpAuth.credentials(req);
      const entityRef = normalizeEntityRef({
        kind: req.params.kind,
        namespace: req.params.namespace,
        name: req.params.name,
      });
      await loadEntity({ catalog, credentials, entityRef });
      await requireEntityPermission({
        permissions,
        credentials,
        permission: argoPulseApplicationReadPermission,
        entityRef,
      });
      const page = await expectationStore.listForEntity(entityRef, {
        states: query.state,
        limit: query.limit,
        offset: query.offset,
      });
      const nextOffset = query.offset + page.items.length;
      const withDetail = await detailFor(req, entityRef);
      res.json({
        entityRef,
        items: page.items.map(r => expectations.present(r, { withDetail })),
        total: page.total,
        ...(nextOffset < page.total ? { nextOffset } : {}),
      } satisfies EntityExpectationsResponse);
    },
  );
}
