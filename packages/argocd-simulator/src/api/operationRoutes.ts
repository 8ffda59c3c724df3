import express, { NextFunction, Request, Response, Router } from 'express';
import {
  ArgoCdErrorCode,
  type ArgoCdApplicationSource,
  type ArgoCdOperation,
} from '@argo-pulse/backstage-plugin-common';
import type { SimulatedInstance } from '../SimulatedInstance';
import { isHelmChartSource } from '../model/buildApplication';
import { isOciSource } from '../model/ociArtifacts';
import type { SyncRun } from '../model/rolloutRequest';
import {
  currentRevisions,
  isAutoSyncEnabled,
  isMultiSource,
  revisionsKey,
  SimApplication,
  sourcesOf,
} from '../model/SimApplication';
import { findApplication } from './applicationRoutes';
import { GrpcCode, sendArgoError } from './argoErrors';
import { principalOf } from './authenticate';
import { recordCall } from './CallLog';
import { allows, enforceErrMessage, rbacName } from './rbac';

/**
 * Argo CD's messages for write operations, from argoproj/argo-cd 3.6
 * (server/application/application.go `Sync`, `Rollback`, `resolveSourceRevisions`;
 * util/argo/argo.go `SetAppOperation`). FailedPrecondition (gRPC 9) and
 * InvalidArgument (3) both reach HTTP clients as 400 through grpc-gateway v1.16:
 * a sync while an operation runs is a 400 with code 9, not a 409.
 */
export const MESSAGES = {
  operationInProgress: 'another operation is already in progress',
  rollbackAutoSync: 'rollback cannot be initiated when auto-sync is enabled',
  rollbackUnknownId: (app: string, id: number) =>
    `application ${app} does not have deployment with id ${id}`,
  syncRevisionAutoSync: (revision: string, target: string) =>
    `Cannot sync to ${revision}: auto-sync currently set to ${target}`,
  syncSourceRevisionAutoSync: (
    repo: string,
    revision: string,
    target: string,
  ) =>
    `Cannot sync source ${repo} to ${revision}: auto-sync currently set to ${target}`,
  localSyncAutoSync:
    'cannot use local sync when Automatic Sync Policy is enabled unless for dry run',
  sourcePositionOutOfRange: 'source position is out of range',
  unresolvedRevision: (revision: string) =>
    `error resolving repo revision: rpc error: code = Unknown desc = unable to resolve '${revision}' to a commit SHA: revision not found`,
};

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const stringOf = (value: unknown) =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** A refusal, with Argo CD's gRPC code and message. */
class Refusal {
  constructor(readonly code: number, readonly message: string) {}
}

/** What a revision resolves to for one source (repo server `ResolveRevision`). */
function resolveRevision(
  app: SimApplication,
  index: number,
  requested: string,
): { revision: string } | Refusal {
  const source = sourcesOf(app)[index];
  const ambiguous = requested || source.targetRevision || 'HEAD';
  const deployedNow = currentRevisions(app)[index];
  if (ambiguous === (source.targetRevision || 'HEAD'))
    return { revision: deployedNow };
  const known = [...app.imagesAtRevisions.keys()].map(
    key => key.split(' ')[index],
  );
  if (isHelmChartSource(source)) {
    if (known.includes(ambiguous)) return { revision: ambiguous };
  } else if (isOciSource(source)) {
    // A digest needs no lookup; a tag resolves to the digest it was published as.
    if (/^sha256:[0-9a-f]{64}$/.test(ambiguous)) return { revision: ambiguous };
    const tagged = known.find(
      digest => digest && app.ociArtifacts.get(digest)?.version === ambiguous,
    );
    if (tagged) return { revision: tagged };
  } else {
    // A full commit SHA needs no lookup (server/application/application.go `resolveRevision`).
    if (/^[0-9a-f]{40}$/.test(ambiguous)) return { revision: ambiguous };
    const match = known.find(sha => sha?.startsWith(ambiguous));
    if (/^[0-9a-f]{4,39}$/.test(ambiguous) && match) return { revision: match };
  }
  return new Refusal(
    GrpcCode.FailedPrecondition,
    MESSAGES.unresolvedRevision(ambiguous),
  );
}

/** The revisions a sync deploys, one per source, as `resolveSourceRevisions` checks them. */
function resolveSyncRevisions(
  app: SimApplication,
  body: Record<string, any>,
): string[] | Refusal {
  const sources = sourcesOf(app);
  const autoSync = isAutoSyncEnabled(app) && body.dryRun !== true;
  const desired: string[] = sources.map(() => '');
  if (isMultiSource(app)) {
    const revisions = [body.revisions ?? []].flat().map(String);
    const positions = [body.sourcePositions ?? []].flat().map(Number);
    for (const [i, position] of positions.entries()) {
      if (!(position >= 1 && position <= sources.length))
        // A plain Go error: grpc's Unknown, HTTP 500.
        return new Refusal(
          ArgoCdErrorCode.Unknown,
          MESSAGES.sourcePositionOutOfRange,
        );
      desired[position - 1] = revisions[i] ?? '';
    }
    for (const [index, revision] of desired.entries()) {
      const target = sources[index].targetRevision ?? '';
      if (revision && revision !== (target || 'HEAD') && autoSync)
        return new Refusal(
          GrpcCode.FailedPrecondition,
          MESSAGES.syncSourceRevisionAutoSync(
            sources[index].repoURL!,
            revision,
            target,
          ),
        );
    }
  } else {
    desired[0] = stringOf(body.revision) ?? '';
    const target = sources[0].targetRevision ?? '';
    if (desired[0] && desired[0] !== (target || 'HEAD') && autoSync)
      return new Refusal(
        GrpcCode.FailedPrecondition,
        MESSAGES.syncRevisionAutoSync(desired[0], target),
      );
  }
  const resolved: string[] = [];
  for (const [index, revision] of desired.entries()) {
    const result = resolveRevision(app, index, revision);
    if (result instanceof Refusal) return result;
    resolved.push(result.revision);
  }
  return resolved;
}

/**
 * The images the manifests at some revisions ask for; undefined for a
 * commit the simulator never saw (the sync then errors, as manifest
 * generation would).
 */
function imagesAt(app: SimApplication, revisions: string[]) {
  return app.imagesAtRevisions.get(revisionsKey(revisions));
}

/** Drops what Go's `omitempty` leaves out: undefined, false, empty strings and empty lists. */
function omitEmpty<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(
      ([, v]) =>
        v !== undefined &&
        v !== false &&
        v !== '' &&
        !(Array.isArray(v) && v.length === 0),
    ),
  ) as T;
}

/** Answers the Application once the operation is set, or Argo CD's refusal. */
function startOperation(
  instance: SimulatedInstance,
  res: Response,
  app: SimApplication,
  run: SyncRun | Refusal,
): void {
  if (run instanceof Refusal) {
    sendArgoError(res, run.code, run.message);
    return;
  }
  // util/argo/argo.go SetAppOperation: `if a.Operation != nil { return ErrAnotherOperationInProgress }`.
  if (app.doc.operation) {
    sendArgoError(
      res,
      GrpcCode.FailedPrecondition,
      MESSAGES.operationInProgress,
    );
    return;
  }
  instance.rollouts.sync(app, run);
  // Serialised now: the controller picks the operation up only after this answer.
  res.json(app.doc);
}

/** `POST .../sync`: checks and builds the operation as `Server.Sync` does. */
function syncRun(
  app: SimApplication,
  res: Response,
  body: Record<string, any>,
  controllerNamespace: string,
): SyncRun | Refusal {
  const principal = principalOf(res);
  const object = rbacName(app, controllerNamespace);
  if (!allows(principal, 'sync'))
    return new Refusal(
      ArgoCdErrorCode.PermissionDenied,
      enforceErrMessage(principal, 'applications', 'sync', object),
    );
  const manifests: string[] | undefined = Array.isArray(body.manifests)
    ? body.manifests.map(String)
    : undefined;
  if (manifests) {
    if (!allows(principal, 'override'))
      return new Refusal(
        ArgoCdErrorCode.PermissionDenied,
        enforceErrMessage(principal, 'applications', 'override', object),
      );
    if (isAutoSyncEnabled(app) && body.dryRun !== true)
      return new Refusal(
        GrpcCode.FailedPrecondition,
        MESSAGES.localSyncAutoSync,
      );
  }
  const revisions = resolveSyncRevisions(app, body);
  if (revisions instanceof Refusal) return revisions;
  const multi = isMultiSource(app);
  const resources = Array.isArray(body.resources)
    ? body.resources.filter(isRecord)
    : [];
  const syncOptions: string[] = Array.isArray(body.syncOptions?.items)
    ? body.syncOptions.items.map(String)
    : app.doc.spec.syncPolicy?.syncOptions ?? [];
  const operation: ArgoCdOperation = omitEmpty({
    sync: omitEmpty({
      ...(multi
        ? { sources: structuredClone(sourcesOf(app)), revisions }
        : {
            source: structuredClone(sourcesOf(app)[0]),
            revision: revisions[0],
          }),
      prune: body.prune === true,
      dryRun: body.dryRun === true,
      syncOptions,
      syncStrategy: isRecord(body.strategy) ? body.strategy : undefined,
      resources,
      manifests,
    }),
    initiatedBy: { username: principal?.subject ?? '' },
    info: Array.isArray(body.infos) ? body.infos : undefined,
    retry: isRecord(body.retryStrategy) ? body.retryStrategy : {},
  });
  const images = imagesAt(app, revisions);
  return {
    operation,
    revisions,
    images: images ?? app.desiredImages,
    dryRun: body.dryRun === true,
    partial: resources.length > 0,
    ...(images ? {} : { outcome: 'sync-error' as const }),
  };
}

/** `POST .../rollback`: checks and builds the operation as `Server.Rollback` does. */
function rollbackRun(
  app: SimApplication,
  res: Response,
  body: Record<string, any>,
): SyncRun | Refusal {
  if (isAutoSyncEnabled(app))
    return new Refusal(GrpcCode.FailedPrecondition, MESSAGES.rollbackAutoSync);
  // int64 travels as a JSON string or number; absent is 0.
  const id = Number(body.id ?? 0);
  const entry = (app.doc.status.history ?? []).find(h => h.id === id);
  if (!Number.isFinite(id) || !entry) {
    const { namespace, name } = app.doc.metadata;
    return new Refusal(
      ArgoCdErrorCode.InvalidArgument,
      MESSAGES.rollbackUnknownId(`${namespace}/${name}`, id),
    );
  }
  const revisions = entry.revisions ?? (entry.revision ? [entry.revision] : []);
  const sources: ArgoCdApplicationSource[] =
    entry.sources ?? (entry.source ? [entry.source] : sourcesOf(app));
  const operation: ArgoCdOperation = {
    sync: omitEmpty({
      revision: entry.revision,
      revisions: entry.revisions,
      dryRun: body.dryRun === true,
      prune: body.prune === true,
      syncOptions: app.doc.spec.syncPolicy?.syncOptions,
      syncStrategy: { apply: {} },
      source: entry.source && structuredClone(entry.source),
      sources: entry.sources && structuredClone(entry.sources),
    }),
    initiatedBy: { username: principalOf(res)?.subject ?? '' },
    retry: {},
  };
  const images = imagesAt(app, revisions);
  return {
    operation,
    revisions,
    images: images ?? app.desiredImages,
    sources: structuredClone(sources),
    dryRun: body.dryRun === true,
    partial: false,
    ...(images ? {} : { outcome: 'sync-error' as const }),
  };
}

/**
 * The write operations Argo Pulse calls: `POST /api/v1/applications/{name}/sync`
 * and `.../rollback` (the refresh is `GET .../{name}?refresh=`, in
 * `applicationRoutes`). Each call is recorded in the instance's `calls`.
 */
export function operationRoutes(instance: SimulatedInstance): Router {
  const router = Router();
  // grpc-gateway decodes any body as JSON; an empty one is an empty request.
  const json = express.json({ type: () => true, strict: false });

  const handle =
    (
      operation: 'sync' | 'rollback',
      build: (
        app: SimApplication,
        res: Response,
        body: Record<string, any>,
      ) => SyncRun | Refusal,
    ) =>
    (req: Request, res: Response) => {
      const body: unknown = req.body;
      recordCall(instance, req, res, operation, body, () => {
        if (!isRecord(body)) {
          sendArgoError(
            res,
            ArgoCdErrorCode.InvalidArgument,
            `json: cannot unmarshal ${
              Array.isArray(body) ? 'array' : typeof body
            } into Go value of type application.Application${
              operation === 'sync' ? 'Sync' : 'Rollback'
            }Request`,
          );
          return;
        }
        // The body's project and namespace (grpc-gateway reads no query with `body: "*"`).
        const app = findApplication(
          instance,
          req,
          res,
          // Sync looks the app up with `get`, then checks `sync`; rollback looks it up with `sync`.
          operation === 'sync' ? 'get' : 'rollback',
          {
            project: stringOf(body.project),
            appNamespace: stringOf(body.appNamespace),
          },
        );
        if (!app) return;
        startOperation(instance, res, app, build(app, res, body));
      });
    };

  router.post(
    '/api/v1/applications/:name/sync',
    json,
    handle('sync', (app, res, body) =>
      syncRun(app, res, body, instance.state.controllerNamespace),
    ),
  );
  router.post(
    '/api/v1/applications/:name/rollback',
    json,
    handle('rollback', rollbackRun),
  );
  router.use(
    (error: unknown, req: Request, res: Response, next: NextFunction) => {
      if (!(error instanceof SyntaxError)) {
        next(error);
        return;
      }
      const operation = req.path.endsWith('/rollback') ? 'rollback' : 'sync';
      const name = /^\/api\/v1\/applications\/([^/]+)\//.exec(req.path)?.[1];
      req.params = { ...req.params, name: name ?? '' };
      recordCall(instance, req, res, operation, undefined, () =>
        sendArgoError(res, ArgoCdErrorCode.InvalidArgument, error.message),
      );
    },
  );
  return router;
}
