import type {
  AuditorService,
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { authorizedEntityApplications } from './authorizedEntityApplications';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  argoPulseApplicationRefreshPermission,
  argoPulseApplicationRollbackPermission,
  argoPulseApplicationSyncPermission,
  ArgoPulseOperationAction,
  ArgoPulseOperationResponse,
} from '@argo-pulse/backstage-plugin-common';
import type { JsonObject } from '@backstage/types';
import type { Request } from 'express';
import { z } from 'zod';
import type { ArgoCdClient } from '../argocd/ArgoCdClient';
import type { ArgoCdApplication } from '@argo-pulse/backstage-plugin-common';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import type { ApplicationKey } from '../database/types';
import { parseInput } from './parseInput';
import { argoCdRefusal, RateLimitedError } from '../operations/argoCdRefusal';
import type { OperationStore } from '../operations/OperationStore';

/** The permission each action needs on the entity. */
export const OPERATION_PERMISSIONS: Record<
  ArgoPulseOperationAction,
  ResourcePermission<'catalog-entity'>
> = {
  refresh: argoPulseApplicationRefreshPermission,
  sync: argoPulseApplicationSyncPermission,
  rollback: argoPulseApplicationRollbackPermission,
};

/** After an answer, the same user may not ask the same of the same application for this long. */
export const RATE_LIMIT_MS = 10_000;
/** A request still pending after this long (its replica stopped mid-way) no longer holds the limit. */
const PENDING_HOLDS_MS = 2 * 60_000;

const resource = z
  .object({
    group: z.string().max(253).optional(),
    kind: z.string().min(1).max(253),
    name: z.string().min(1).max(253),
    namespace: z.string().max(253).optional(),
  })
  .strict();

/** The bodies of `ArgoPulseRefreshRequest`, `ArgoPulseSyncRequest` and `ArgoPulseRollbackRequest`: unknown keys refused. */
export const OPERATION_BODIES = {
  refresh: z.object({ hard: z.boolean().optional() }).strict(),
  sync: z
    .object({
      prune: z.boolean().optional(),
      dryRun: z.boolean().optional(),
      resources: z.array(resource).min(1).max(500).optional(),
    })
    .strict(),
  rollback: z.object({ deploymentId: z.string().min(1).max(128) }).strict(),
} as const;

/** One operation a caller asks for. */
export interface OperationRequest {
  action: ArgoPulseOperationAction;
  credentials: BackstageCredentials;
  /** In full, `kind:namespace/name`. */
  entityRef: string;
  application: ApplicationKey;
  /** The body, validated here. */
  body: unknown;
  /** The HTTP request, for the audit event (absent for an action of the registry). */
  request?: Request;
}

/**
 * Refresh, sync and rollback of an entity's application, for the HTTP
 * routes and the registry's actions alike: the entity is read with the
 * caller's credentials, the action's permission checked on it, the
 * application must be one of the entity's; then the rate limit, one call to
 * Argo CD at `user` priority, and its refusals in words. Every request is
 * audited, and recorded in `argo_pulse_operations`.
 */
export class ApplicationOperations {
  constructor(
    private readonly options: {
      store: ArgoPulseStore;
      operations: OperationStore;
      catalog: CatalogService;
      permissions: PermissionsService;
      auth: AuthService;
      auditor: AuditorService;
      logger: LoggerService;
      configuredInstances: string[];
      /** The client of an instance (the polling engine's: the same request limiter). */
      client: (instance: string) => ArgoCdClient | undefined;
      /** Stores an application as Argo CD just answered it (a refresh): the card shows it at once. */
      applyRefreshed: (
        key: ApplicationKey,
        app: ArgoCdApplication,
      ) => Promise<void>;
      rateLimitMs?: number;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  async run(request: OperationRequest): Promise<ArgoPulseOperationResponse> {
    const { action, entityRef, application } = request;
    const meta: JsonObject = {
      entityRef,
      instance: application.instance,
      namespace: application.namespace,
      application: application.name,
    };
    const audit = await this.options.auditor.createEvent({
      eventId: `application-${action}`,
      severityLevel: 'medium',
      ...(request.request ? { request: request.request } : {}),
      meta: { ...meta, ...auditBody(request.body) },
    });
    try {
      const response = await this.authorizedRun(request);
      await audit.success({ meta: { ...meta, status: response.status } });
      return response;
    } catch (error) {
      await audit.fail({ meta, error: error as Error });
      throw error;
    }
  }

  private async authorizedRun(
    request: OperationRequest,
  ): Promise<ArgoPulseOperationResponse> {
    const { action } = request;
    const key = await this.entityApplication(request);
    const client = this.options.client(key.instance);
    if (!client)
      throw new NotFoundError(`No Argo CD instance ${key.instance} configured`);
    const whose = {
      instance: key.instance,
      namespace: key.namespace,
      name: key.name,
    };

    if (action === 'refresh') {
      const body = parseInput(
        OPERATION_BODIES.refresh,
        request.body ?? {},
        'refresh request',
      );
      await this.limited(request, key, body, async () => {
        const app = await client.refreshApplication(
          key.name,
          key.namespace || undefined,
          body.hard === true,
        );
        // What Argo CD answered is the application as it just reconciled it: stored now, as a poll would.
        await this.options
          .applyRefreshed(key, app)
          .catch(error =>
            this.options.logger.warn(
              `Storing ${key.instance}/${key.namespace}/${key.name} after a refresh failed: ${error.message}`,
            ),
          );
        return 'refreshed';
      });
      return {
        action,
        application: whose,
        status: 'refreshed',
        message: `${body.hard ? 'Hard refresh' : 'Refresh'} of ${
          key.name
        } done`,
      };
    }

    if (action === 'sync') {
      const body = parseInput(
        OPERATION_BODIES.sync,
        request.body ?? {},
        'sync request',
      );
      await this.limited(request, key, body, async () => {
        await client.syncApplication(
          key.name,
          key.namespace || undefined,
          body,
        );
        return 'started';
      });
      return {
        action,
        application: whose,
        status: 'started',
        message: `${body.dryRun ? 'Dry run of a sync' : 'Sync'} of ${
          key.name
        } started`,
      };
    }

    const body = parseInput(
      OPERATION_BODIES.rollback,
      request.body ?? {},
      'rollback request',
    );
    const deployment = await this.options.operations.historyIdOf(
      key,
      body.deploymentId,
    );
    if (!deployment)
      throw new NotFoundError(
        `${key.name} has no deployment ${body.deploymentId} (deploymentId is the id of a deployment in its history)`,
      );
    if (deployment.historyId === undefined)
      throw new ConflictError(
        `Cannot roll back ${key.name} to a sync that failed: Argo CD keeps only successful ones`,
      );
    const historyId = deployment.historyId;
    await this.limited(
      request,
      key,
      { ...body, historyId },
      async () => {
        await client.rollbackApplication(key.name, key.namespace || undefined, {
          id: historyId,
        });
        return 'started';
      },
      historyId,
    );
    return {
      action,
      application: whose,
      status: 'started',
      message: `Rollback of ${key.name} to its deployment of ${deployment.finishedAt} started`,
    };
  }

  /** The application named, if it is one of the entity's and the caller holds the action's permission on the entity. */
  private async entityApplication(
    request: OperationRequest,
  ): Promise<ApplicationKey> {
    const { catalog, permissions, store, configuredInstances } = this.options;
    const { credentials, entityRef, application } = request;
    const resolved = await authorizedEntityApplications({
      catalog,
      permissions,
      store,
      configuredInstances,
      credentials,
      entityRef,
      permission: OPERATION_PERMISSIONS[request.action],
    });
    const found = resolved.applications.find(
      a =>
        a.instance === application.instance &&
        a.namespace === application.namespace &&
        a.name === application.name,
    );
    if (!found)
      throw new NotFoundError(
        `${entityRef} has no application ${application.instance}/${application.namespace}/${application.name}`,
      );
    return {
      instance: found.instance,
      namespace: found.namespace,
      name: found.name,
    };
  }

  /** Requests in flight on this replica, by caller, action and application: when each was asked. */
  private readonly inFlight = new Map<string, number>();

  /**
   * Runs the call to Argo CD unless the same caller asked the same of the
   * same application and it is in flight, or answered less than
   * `rateLimitMs` ago (then 429). Records the operation and its outcome.
   * A request in flight on this replica is refused here at once (a double
   * click is certain to be one call); across replicas the operations table
   * decides, best effort.
   */
  private async limited(
    request: OperationRequest,
    key: ApplicationKey,
    asked: Record<string, unknown>,
    call: () => Promise<'refreshed' | 'started'>,
    historyId?: number,
  ): Promise<void> {
    const now = this.now();
    const caller = callerOf(this.options.auth, request.credentials);
    const limitKey = JSON.stringify([caller, request.action, key]);
    const here = this.inFlight.get(limitKey);
    if (here !== undefined)
      throw this.limitedError(request.action, key, here, undefined, now);
    this.inFlight.set(limitKey, now.getTime());
    try {
      await this.limitedInDatabase(
        request,
        key,
        asked,
        call,
        caller,
        historyId,
      );
    } finally {
      this.inFlight.delete(limitKey);
    }
  }

  private limitedError(
    action: ArgoPulseOperationAction,
    key: ApplicationKey,
    requestedAt: number,
    answeredAt: number | undefined,
    now: Date,
  ): RateLimitedError {
    const rateLimitMs = this.options.rateLimitMs ?? RATE_LIMIT_MS;
    const ago = Math.max(0, Math.round((now.getTime() - requestedAt) / 1000));
    const freeAt = (answeredAt ?? now.getTime()) + rateLimitMs;
    return new RateLimitedError(
      `A ${action} of ${key.name} was started ${ago} s ago`,
      Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000)),
    );
  }

  /** The rate limit across replicas, in `argo_pulse_operations` (see `OperationStore.begin`), then the call. */
  private async limitedInDatabase(
    request: OperationRequest,
    key: ApplicationKey,
    asked: Record<string, unknown>,
    call: () => Promise<'refreshed' | 'started'>,
    caller: string,
    historyId: number | undefined,
  ): Promise<void> {
    const { operations } = this.options;
    const now = this.now();
    const rateLimitMs = this.options.rateLimitMs ?? RATE_LIMIT_MS;
    const begun = await operations.begin(
      {
        ...key,
        action: request.action,
        userRef: caller,
        entityRef: request.entityRef,
        requestedAt: now.toISOString(),
        request: asked,
      },
      {
        answeredSince: new Date(now.getTime() - rateLimitMs).toISOString(),
        pendingSince: new Date(now.getTime() - PENDING_HOLDS_MS).toISOString(),
      },
    );
    if (!begun.started) {
      const { earlier } = begun;
      throw this.limitedError(
        request.action,
        key,
        Date.parse(earlier.requestedAt),
        earlier.answeredAt ? Date.parse(earlier.answeredAt) : undefined,
        now,
      );
    }
    const id = begun.started.id;
    try {
      const outcome = await call();
      await operations.finish(id, { outcome, at: this.now().toISOString() });
    } catch (error) {
      const refusal = argoCdRefusal(error, {
        action: request.action,
        instance: key.instance,
        application: key.name,
        historyId,
      });
      await operations
        .finish(id, {
          outcome: 'failed',
          at: this.now().toISOString(),
          error: (refusal as Error).message,
        })
        .catch(() => {});
      throw refusal;
    }
  }
}

/** Who asks, for the rate limit and the history: a user's entity ref, or a service's subject. */
function callerOf(
  auth: AuthService,
  credentials: BackstageCredentials,
): string {
  if (auth.isPrincipal(credentials, 'user'))
    return credentials.principal.userEntityRef;
  if (auth.isPrincipal(credentials, 'service'))
    return credentials.principal.subject;
  return 'none';
}

/** What was asked, for the audit log: the body's known fields only. */
function auditBody(body: unknown): JsonObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return {};
  const fields: JsonObject = {};
  for (const key of ['hard', 'prune', 'dryRun', 'deploymentId'] as const) {
    const value = (body as Record<string, unknown>)[key];
    if (typeof value === 'boolean' || typeof value === 'string')
      fields[key] = typeof value === 'string' ? value.slice(0, 128) : value;
  }
  const resources = (body as Record<string, unknown>).resources;
  if (Array.isArray(resources)) fields.resources = resources.length;
  return fields;
}
