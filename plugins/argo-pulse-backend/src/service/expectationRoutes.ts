import type { DiscoveryService, HttpAuthService, LoggerService, PermissionsService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
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
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ArgoPulseConfig } from '../config/readArgoPulseConfig';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import { ExpectationRequest, expectationRequestSchema } from '../expectations/expectationRequest';
import type { ExpectationService } from '../expectations/ExpectationService';
import { newExpectationRecord } from '../expectations/newExpectationRecord';
import type { ExpectationStore } from '../expectations/ExpectationStore';
import { RefreshInstances } from '../expectations/refreshInstances';
import { ApplicationNotKnownError, resolveExpectationTargets } from '../expectations/resolveExpectationTargets';
import type { AwaitedApplications, ExpectationRecord } from '../expectations/types';
import { mayReadDetail, requireEntityPermission } from './authorizeEntity';
import { loadEntity, normalizeEntityRef } from './loadEntity';
import { parseInput, queryChoices } from './parseInput';

export interface ExpectationRoutesOptions {
  config: ArgoPulseConfig;
  store: ArgoPulseStore;
  expectationStore: ExpectationStore;
  expectations: ExpectationService;
  catalog: CatalogService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  discovery: DiscoveryService;
  logger: LoggerService;
  /** Polls instances now, for an application CI names before Argo Pulse has seen it. */
  refreshInstances?: RefreshInstances;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

const listQuery = z
  .object({
    state: queryChoices(EXPECTATION_STATES as [ExpectationState, ...ExpectationState[]]).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

const idParams = z.object({ id: z.uuid('must be an expectation id (a UUID)') });

/** A fingerprint of what a request asks for, to tell a retry from a different request under one key. */
function requestHash(request: ExpectationRequest, entityRef: string | undefined): string {
  const { application: app } = request;
  const canonical = [
    entityRef ?? null,
    request.instances ? [...request.instances].sort() : null,
    app ? [app.instance, app.name, app.namespace ?? null] : null,
    [...request.images].sort(),
    request.timeoutSeconds ?? null,
    request.revision ?? null,
    request.author ?? null,
    request.runUrl ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** Who is calling: a user entity reference or a service subject. */
export function principalRef(credentials: Awaited<ReturnType<HttpAuthService['credentials']>>): string | undefined {
  const principal = credentials.principal as { type: string; userEntityRef?: string; subject?: string };
  return principal.userEntityRef ?? principal.subject;
}

/**
 * The expectation routes: CI posts what should run, anyone who may read
 * the entity's applications reads the verdict. Thin: validate, authorize,
 * call the service, answer.
 */
export function addExpectationRoutes(router: Router, options: ExpectationRoutesOptions): void {
  const { config, store, expectationStore, expectations, catalog, httpAuth, permissions, discovery } = options;
  const schema = expectationRequestSchema({ maxTimeoutSeconds: Math.floor(config.expectations.maxTimeoutMs / 1000) });
  const configuredInstances = config.instances.map(i => i.name);

  async function loadAuthorized(req: Request, permission: typeof argoPulseApplicationReadPermission): Promise<ExpectationRecord> {
    const { id } = parseInput(idParams, req.params, 'expectation id');
    const record = await expectationStore.get(id);
    if (!record) throw new NotFoundError(`No expectation ${id}`);
    await requireEntityPermission({ permissions, credentials: await httpAuth.credentials(req), permission, entityRef: record.entityRef });
    return record;
  }

  const detailFor = async (req: Request, entityRef: string | undefined) => mayReadDetail({ permissions, credentials: await httpAuth.credentials(req), entityRef });

  router.post('/expectations', async (req, res) => {
    const idempotencyKey = req.header('Idempotency-Key');
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new InputError('Invalid Idempotency-Key header: 1 to 255 printable characters without spaces');
    }
    const request = parseInput(schema, req.body, 'expectation');
    const credentials = await httpAuth.credentials(req);
    const entityRef = request.entityRef ? normalizeEntityRef(request.entityRef) : undefined;
    const entity = entityRef ? await loadEntity({ catalog, credentials, entityRef }) : undefined;
    await requireEntityPermission({ permissions, credentials, permission: argoPulseExpectationCreatePermission, entityRef });
    const resolve = () => resolveExpectationTargets({ request, entity, store, configuredInstances });
    // A new application (an ApplicationSet just made it) is looked for once more after a poll;
    // still unknown, the expectation waits for it (up to appMissingGrace).
    let awaiting: AwaitedApplications | undefined;
    const targets = await resolve()
      .catch(async error => {
        if (!(error instanceof ApplicationNotKnownError) || !options.refreshInstances) throw error;
        await options.refreshInstances(error.instances);
        return resolve();
      })
      .catch(error => {
        if (!(error instanceof ApplicationNotKnownError)) throw error;
        awaiting = error.awaiting;
        return [];
      });

    const timeoutMs = request.timeoutSeconds !== undefined ? request.timeoutSeconds * 1000 : config.expectations.defaultTimeoutMs;
    const hash = requestHash(request, entityRef);
    const { record, created } = await expectations.create(
      newExpectationRecord({
        entityRef,
        targets,
        images: request.images,
        timeoutMs,
        now: new Date(),
        details: {
          awaiting,
          revision: request.revision,
          author: request.author,
          runUrl: request.runUrl,
          createdBy: principalRef(credentials),
          // Keys are per caller: two pipelines may both use, say, the commit SHA.
          ...(idempotencyKey ? { idempotencyKey: `${principalRef(credentials) ?? ''} ${idempotencyKey}`, requestHash: hash } : {}),
        },
      }),
    );
    if (!created && record.requestHash !== hash) {
      throw new ConflictError(`Idempotency-Key "${idempotencyKey}" was already used for a different request`);
    }
    const statusUrl = `${await discovery.getExternalBaseUrl('argo-pulse')}/expectations/${record.id}`;
    res
      .status(202)
      .location(statusUrl)
      .json({
        id: record.id,
        statusUrl,
        expectation: expectations.present(record, { withDetail: await detailFor(req, record.entityRef) }),
      } satisfies CreateExpectationResponse);
  });

  router.get('/expectations/:id', async (req, res) => {
    const record = await loadAuthorized(req, argoPulseApplicationReadPermission);
    res.json(expectations.present(record, { withDetail: await detailFor(req, record.entityRef) }));
  });

  router.post('/expectations/:id/cancel', async (req, res) => {
    const record = await loadAuthorized(req, argoPulseExpectationCreatePermission);
    if (record.state !== 'pending') throw new ConflictError(`Expectation ${record.id} is already ${record.state}`);
    const cancelled = await expectations.cancel(record.id, principalRef(await httpAuth.credentials(req)));
    if (!cancelled) {
      const now = await expectationStore.get(record.id);
      throw new ConflictError(`Expectation ${record.id} is already ${now?.state ?? 'resolved'}`);
    }
    res.json(expectations.present(cancelled, { withDetail: await detailFor(req, cancelled.entityRef) }));
  });

  router.get('/entities/:kind/:namespace/:name/expectations', async (req, res) => {
    const query = parseInput(listQuery, req.query, 'expectations query');
    const credentials = await httpAuth.credentials(req);
    const entityRef = normalizeEntityRef({ kind: req.params.kind, namespace: req.params.namespace, name: req.params.name });
    await loadEntity({ catalog, credentials, entityRef });
    await requireEntityPermission({ permissions, credentials, permission: argoPulseApplicationReadPermission, entityRef });
    const page = await expectationStore.listForEntity(entityRef, { states: query.state, limit: query.limit, offset: query.offset });
    const nextOffset = query.offset + page.items.length;
    const withDetail = await detailFor(req, entityRef);
    res.json({
      entityRef,
      items: page.items.map(r => expectations.present(r, { withDetail })),
      total: page.total,
      ...(nextOffset < page.total ? { nextOffset } : {}),
    } satisfies EntityExpectationsResponse);
  });
}
