import type {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, isError } from '@backstage/errors';
import {
  argoPulseApplicationReadPermission,
  argoPulseExpectationCreatePermission,
  normalizeImageReference,
  parseImageReference,
} from '@argo-pulse/backstage-plugin-common';
import express, { ErrorRequestHandler, Request, RequestHandler } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { ArgoPulseConfig } from '../config/readArgoPulseConfig';
import type { ExpectationService } from '../expectations/ExpectationService';
import type { ExpectationStore } from '../expectations/ExpectationStore';
import type { ExpectationIntake } from '../expectations/ExpectationIntake';
import type { ExpectationRecord } from '../expectations/types';
import {
  mayReadDetail,
  refuseDenied,
  requireEntityPermission,
} from './authorizeEntity';
import { principalRef } from './postExpectation';
import { parseInput } from './parseInput';

/** Where argo-watcher's API is served, under the plugin's base URL. */
export const ARGO_WATCHER_COMPAT_PATH = '/compat/argo-watcher';

// argo-watcher's own limits: 255 characters per field, 50 images, a timeout
// of at most a day (larger values are cut to it), unknown fields ignored.
const field = z.string().trim().min(1, 'is required').max(255);
const taskSchema = z.object({
  app: field,
  author: field,
  project: field,
  images: z
    .array(z.object({ image: field, tag: field }))
    .min(1, 'give at least one image')
    .max(50),
  timeout: z.number().int().optional(),
});

/**
 * argo-watcher's status strings (v0.11 and later) for our states: a task
 * replaced by a newer one is `cancelled`, as one cancelled by hand; `aborted`
 * is for Argo CD being unavailable.
 */
export function taskStatus(
  record: Pick<ExpectationRecord, 'state' | 'reason'>,
): string {
  if (record.state === 'pending') return 'in progress';
  if (record.state === 'superseded' || record.state === 'cancelled')
    return 'cancelled';
  if (record.state === 'failed' && record.reason === 'app-not-found')
    return 'app not found';
  if (record.state === 'failed' && record.reason === 'instance-unreachable')
    return 'aborted';
  return record.state; // deployed, failed: the same words
}

/** A task as argo-watcher answers it; the status reason quotes Argo CD only `withDetail`. */
function toTask(
  record: ExpectationRecord,
  expectations: ExpectationService,
  options: { withDetail: boolean },
) {
  const { message } = expectations.present(record, options);
  const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
  const posted = record.compat?.argoWatcher;
  return {
    id: record.id,
    created: seconds(record.createdAt),
    updated: seconds(record.resolvedAt ?? record.createdAt),
    app: record.targets[0]?.name,
    author: record.author,
    project: posted?.project,
    images:
      posted?.images ??
      record.images.map(i => {
        const { registry, repository, tag } = parseImageReference(i);
        return { image: `${registry}/${repository}`, tag: tag ?? '' };
      }),
    status: taskStatus(record),
    ...(message && record.state !== 'pending'
      ? { status_reason: message }
      : {}),
  };
}

// argo-watcher's client sends its token as `ARGO_WATCHER_DEPLOY_TOKEN`, or
// a JWT in `Authorization` without a scheme: present both to Backstage as
// the bearer token it expects (a Backstage token or an external access token).
const bearerFromArgoWatcherHeaders: RequestHandler = (req, _res, next) => {
  const deployToken = req.header('ARGO_WATCHER_DEPLOY_TOKEN');
  const authorization = req.header('Authorization');
  if (!authorization && deployToken)
    req.headers.authorization = `Bearer ${deployToken}`;
  else if (authorization && !/^\w+ /.test(authorization))
    req.headers.authorization = `Bearer ${authorization}`;
  next();
};

const NOT_AUTHORIZED = 'You are not authorized to perform this action';
const KNOWN_ERRORS: Record<string, [number, string]> = {
  InputError: [406, 'invalid payload'],
  AuthenticationError: [401, NOT_AUTHORIZED],
  NotAllowedError: [403, NOT_AUTHORIZED],
  NotFoundError: [404, 'not found'],
};

/**
 * Errors in argo-watcher's shape, `{status, error}`; it answers bad payloads
 * with 406. A body the JSON parser refused keeps its 4xx. Anything else is a
 * 500 whose details go to the log, not to the caller.
 */
function argoWatcherErrors(logger: LoggerService): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const message = isError(error) ? error.message : String(error);
    const known = isError(error) ? KNOWN_ERRORS[error.name] : undefined;
    const parserStatus = Number((error as { status?: unknown }).status);
    if (known) {
      res.status(known[0]).json({ status: known[1], error: message });
    } else if (parserStatus >= 400 && parserStatus < 500) {
      res
        .status(parserStatus === 400 ? 406 : parserStatus)
        .json({ status: 'invalid payload', error: message });
    } else {
      logger.error(`argo-watcher compat request failed: ${message}`);
      res.status(500).json({ status: 'down', error: 'internal server error' });
    }
  };
}

/**
 * argo-watcher's task API, mapped onto expectations, so a pipeline that uses
 * argo-watcher's client moves over by changing its URL. A task names one
 * application by name; it must exist in exactly one instance.
 */
export function createArgoWatcherCompatRouter(options: {
  config: ArgoPulseConfig;
  expectationStore: ExpectationStore;
  expectations: ExpectationService;
  intake: ExpectationIntake;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
}): express.Router {
  const {
    config,
    expectationStore,
    expectations,
    intake,
    httpAuth,
    permissions,
  } = options;
  const credentialsOf = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  const router = Router();
  router.use(bearerFromArgoWatcherHeaders, express.json({ limit: '1mb' }));

  router.post('/api/v1/tasks', async (req, res) => {
    const posted = parseInput(taskSchema, req.body, 'task');
    const credentials = await credentialsOf(req);
    // Refused outright before anything is looked up or polled; a conditional grant (e.g. "owners
    // of the entity") is decided on the entity of the application, as for any expectation.
    await refuseDenied({
      permissions,
      credentials,
      permission: argoPulseExpectationCreatePermission,
    });
    const images = posted.images.map(({ image, tag }) => {
      try {
        return normalizeImageReference(`${image}:${tag}`);
      } catch (error) {
        throw new InputError((error as Error).message);
      }
    });
    const task = {
      app: posted.app,
      author: posted.author,
      project: posted.project,
      postedImages: posted.images,
      images,
      timeout: posted.timeout,
    };
    const authorize = (entityRef: string | undefined) =>
      requireEntityPermission({
        permissions,
        credentials,
        permission: argoPulseExpectationCreatePermission,
        entityRef,
      });
    const record = await intake.postTask({
      task,
      caller: principalRef(credentials),
      credentials,
      authorize,
    });
    res.status(202).json({ id: record.id, status: 'accepted' });
  });

  router.get('/api/v1/tasks/:id', async (req, res) => {
    const credentials = await credentialsOf(req);
    const record = await expectationStore.get(req.params.id);
    if (!record) {
      res.status(404).json({ id: req.params.id, error: 'task not found' });
      return;
    }
    await requireEntityPermission({
      permissions,
      credentials,
      permission: argoPulseApplicationReadPermission,
      entityRef: record.entityRef,
    });
    const withDetail = await mayReadDetail({
      permissions,
      credentials,
      entityRef: record.entityRef,
    });
    res.json(toTask(record, expectations, { withDetail }));
  });

  // The client reads this after a failure, for the link it prints.
  router.get('/api/v1/config', async (req, res) => {
    await credentialsOf(req);
    // Parsed, and only its origin and path answered: never a user, password or query.
    const parsed = new URL(config.instances[0].frontendUrl);
    const url = `${parsed.origin}${parsed.pathname.replace(/\/$/, '')}`;
    res.json({ argo_cd_url: url, argo_cd_url_alias: url });
  });

  router.use(argoWatcherErrors(options.logger));
  return router;
}
