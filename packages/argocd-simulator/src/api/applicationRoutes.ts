import { Request, Response, Router } from 'express';
import {
  ArgoCdApplicationSource,
  ArgoCdErrorCode,
} from '@argo-pulse/backstage-plugin-common';
import type { SimulatedInstance } from '../SimulatedInstance';
import type { SimApplication } from '../model/SimApplication';
import { isHelmChartSource } from '../model/buildApplication';
import { managedResources } from '../model/liveObjects';
import { resourceTree } from '../model/resourceTree';
import {
  currentRevisions,
  isMultiSource,
  revisionsKey,
  sourcesOf,
} from '../model/SimApplication';
import { manifestsAt } from '../model/manifests';
import { isOciSource } from '../model/ociArtifacts';
import { sendArgoError, sendPermissionDenied } from './argoErrors';
import { matchesQuery, readApplicationQuery } from './applicationQuery';
import { parseFieldSelection, projectListItem } from './fieldSelection';
import { principalOf } from './authenticate';
import { recordCall } from './CallLog';
import { allows } from './rbac';

function queryString(req: Request, key: string): string | undefined {
  const value = req.query[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Finds the application a single-application request names, as Argo CD's
 * `getAppEnforceRBAC` does (server/application/application.go): 403
 * "permission denied" for an unknown application or one the caller may not
 * take `action` on (so its existence does not leak), 404 when a project was
 * named (but 403 when the caller may not take `action` in that project).
 * `where` gives the project and namespace of a request with a body.
 */
export function findApplication(
  instance: SimulatedInstance,
  req: Request,
  res: Response,
  action = 'get',
  where: { project?: string; appNamespace?: string } = {
    project: queryString(req, 'project') ?? queryString(req, 'projects'),
    appNamespace: queryString(req, 'appNamespace'),
  },
): SimApplication | undefined {
  const name = req.params.name;
  const { project, appNamespace } = where;
  const allowed = allows(principalOf(res), action);
  if (project && !allowed) {
    sendPermissionDenied(res);
    return undefined;
  }
  const app = instance.state.get(name, appNamespace);
  if (app && allowed && (!project || app.doc.spec.project === project))
    return app;
  if (project)
    sendArgoError(
      res,
      ArgoCdErrorCode.NotFound,
      `applications.argoproj.io "${name}" not found`,
    );
  else sendPermissionDenied(res);
  return undefined;
}

/** Argo CD's refresh annotations (pkg/apis/application/v1alpha1/application_annotations.go). */
const REFRESH_ANNOTATIONS = [
  'argocd.argoproj.io/refresh',
  'argocd.argoproj.io/refresh-timestamp',
  'argocd.argoproj.io/hydrate',
  'argocd.argoproj.io/hydrate-timestamp',
];

/**
 * `GET .../{name}?refresh=normal|hard`: Argo CD patches the refresh
 * annotations (util/argo/argo.go `RefreshApp`; anything but `hard` is a
 * normal refresh), then answers the first version the controller wrote
 * without them. The simulator's controller reconciles at once: watchers see
 * the annotated version, then the reconciled one with a new `reconciledAt`.
 */
function refresh(
  instance: SimulatedInstance,
  app: SimApplication,
  type: string,
) {
  const kind = type === 'hard' ? 'hard' : 'normal';
  const stamp = new Date().toISOString();
  instance.state.update(
    app,
    ({ doc }) => {
      doc.metadata.annotations = {
        ...doc.metadata.annotations,
        [REFRESH_ANNOTATIONS[0]]: kind,
        [REFRESH_ANNOTATIONS[1]]: stamp,
        [REFRESH_ANNOTATIONS[2]]: kind,
        [REFRESH_ANNOTATIONS[3]]: stamp,
      };
    },
    { reconciled: false },
  );
  instance.state.update(app, ({ doc }) => {
    const annotations = { ...doc.metadata.annotations };
    for (const key of REFRESH_ANNOTATIONS) delete annotations[key];
    if (Object.keys(annotations).length) doc.metadata.annotations = annotations;
    else delete doc.metadata.annotations;
  });
}

/**
 * The source a revision request names, as Argo CD's `getAppSourceBySourceIndexAndVersionId`:
 * `sourceIndex` among the spec's sources, or among those of the history entry `versionId`.
 * Answers Argo CD's message when there is none.
 */
function requestedSource(
  app: SimApplication,
  req: Request,
): ArgoCdApplicationSource | string {
  const sourceIndex = Number(queryString(req, 'sourceIndex') ?? 0);
  const versionId = queryString(req, 'versionId');
  let sources = sourcesOf(app);
  if (versionId !== undefined) {
    const entry = app.doc.status.history?.find(h => String(h.id) === versionId);
    if (!entry)
      return `error getting app source by source index and version ID: no history entry with ID ${versionId}`;
    sources = entry.sources ?? (entry.source ? [entry.source] : []);
  }
  return (
    sources[sourceIndex] ??
    `error getting app source by source index and version ID: source index ${sourceIndex} not found`
  );
}

/**
 * The revisions a manifests request asks for, one per source: `revision` for
 * a single source; `revisions` with 1-based `sourcePositions` for several
 * (sources left out stay at what is deployed). Answers a message if the
 * request is malformed.
 */
function requestedRevisions(
  app: SimApplication,
  req: Request,
): string[] | string {
  const deployed = currentRevisions(app);
  const list = (key: string) => [req.query[key] ?? []].flat().map(String);
  if (!isMultiSource(app)) return [queryString(req, 'revision') ?? deployed[0]];
  const revisions = list('revisions');
  const positions = list('sourcePositions').map(Number);
  if (revisions.length !== positions.length)
    return 'revisions and sourcePositions must have the same length';
  const result = [...deployed];
  for (const [i, position] of positions.entries()) {
    if (!Number.isInteger(position) || position < 1 || position > result.length)
      return `source position ${position} is out of range`;
    result[position - 1] = revisions[i];
  }
  return result;
}

/** `GET /api/v1/applications`, single applications, their tree, resources and revision (git and OCI) metadata. */
export function applicationRoutes(instance: SimulatedInstance): Router {
  const router = Router();

  router.get('/api/v1/applications', (req, res) => {
    let query;
    try {
      query = readApplicationQuery(req);
    } catch (error) {
      sendArgoError(res, ArgoCdErrorCode.Unknown, (error as Error).message);
      return;
    }
    const principal = principalOf(res);
    const apps = instance.state
      .list()
      .filter(app => matchesQuery(app, query) && allows(principal, 'get'));
    const selection = instance.faults.current.ignoreFields
      ? undefined
      : parseFieldSelection(req.query.fields);
    const items = apps.map(app =>
      selection ? projectListItem(app.doc, selection) : app.doc,
    );
    // Argo CD writes a nil slice, so an empty list is `null`, not `[]`.
    res.json({
      metadata: { resourceVersion: instance.state.resourceVersion },
      items: items.length ? items : null,
    });
  });

  router.get('/api/v1/applications/:name', (req, res) => {
    const type = req.query.refresh;
    if (typeof type !== 'string') {
      const app = findApplication(instance, req, res);
      if (app) res.json(app.doc);
      return;
    }
    recordCall(instance, req, res, 'refresh', { refresh: type }, () => {
      const app = findApplication(instance, req, res);
      if (!app) return;
      refresh(instance, app, type);
      res.json(app.doc);
    });
  });

  router.get('/api/v1/applications/:name/resource-tree', (req, res) => {
    const app = findApplication(instance, req, res);
    if (app) res.json(resourceTree(app));
  });

  router.get('/api/v1/applications/:name/managed-resources', (req, res) => {
    const app = findApplication(instance, req, res);
    if (app) res.json(managedResources(app));
  });

  router.get(
    '/api/v1/applications/:name/revisions/:revision/metadata',
    (req, res) => {
      const app = findApplication(instance, req, res);
      if (!app) return;
      const revision = req.params.revision;
      const sourceIndex = Number(queryString(req, 'sourceIndex') ?? 0);
      const source = sourcesOf(app)[sourceIndex];
      if (!source) {
        sendArgoError(
          res,
          ArgoCdErrorCode.InvalidArgument,
          `source index ${sourceIndex} not found`,
        );
        return;
      }
      // The repo server only resolves commit SHAs here; a chart version or an OCI digest is refused.
      if (
        isHelmChartSource(source) ||
        isOciSource(source) ||
        !/^[0-9a-f]{7,40}$/.test(revision)
      ) {
        sendArgoError(
          res,
          ArgoCdErrorCode.Unknown,
          `revision ${revision} must be resolved`,
        );
        return;
      }
      const metadata = [...app.commits.entries()].find(([sha]) =>
        sha.startsWith(revision),
      )?.[1];
      if (!metadata) {
        sendArgoError(
          res,
          ArgoCdErrorCode.Unknown,
          `failed to get revision metadata: reference not found: ${revision}`,
        );
        return;
      }
      res.json(metadata);
    },
  );

  router.get(
    '/api/v1/applications/:name/revisions/:revision/ocimetadata',
    (req, res) => {
      const app = findApplication(instance, req, res);
      if (!app) return;
      const revision = req.params.revision;
      const source = requestedSource(app, req);
      if (typeof source === 'string') {
        sendArgoError(res, ArgoCdErrorCode.Unknown, source);
        return;
      }
      // The repo server asks the registry for the digest's manifest annotations.
      const metadata = isOciSource(source)
        ? app.ociArtifacts.get(revision)
        : undefined;
      if (!metadata) {
        const where = isOciSource(source)
          ? `${source.repoURL!.replace(/^oci:\/\//, '')}@${revision}: not found`
          : `${source.repoURL} is not an OCI repository`;
        sendArgoError(
          res,
          ArgoCdErrorCode.Unknown,
          `failed to extract digest metadata for revision "${revision}": ${where}`,
        );
        return;
      }
      res.json(metadata);
    },
  );

  router.get('/api/v1/applications/:name/manifests', (req, res) => {
    const app = findApplication(instance, req, res);
    if (!app) return;
    const revisions = requestedRevisions(app, req);
    if (typeof revisions === 'string') {
      sendArgoError(res, ArgoCdErrorCode.InvalidArgument, revisions);
      return;
    }
    const images = app.imagesAtRevisions.get(revisionsKey(revisions));
    if (!images) {
      sendArgoError(
        res,
        ArgoCdErrorCode.Unknown,
        `Manifest generation error (cached): unable to resolve '${revisions.join(
          ', ',
        )}' to a commit SHA`,
      );
      return;
    }
    res.json(manifestsAt(app, images, revisions));
  });

  router.get('/api/v1/projects', (req, res) => {
    const name = queryString(req, 'name');
    const items = instance.state.projects.filter(
      p => !name || p.metadata?.name === name,
    );
    res.json({ metadata: {}, items: items.length ? items : null });
  });

  router.get(
    '/api/v1/account/can-i/:resource/:action/:subresource',
    (req, res) => {
      // Accounts without `rbac` in the scenario may do anything; the others what it lists, in every project.
      res.json({
        value: allows(principalOf(res), req.params.action) ? 'yes' : 'no',
      });
    },
  );

  return router;
}
