import { Request, Response, Router } from 'express';
import { ArgoCdErrorCode } from '@argo-pulse/backstage-plugin-common';
import type { SimulatedInstance } from '../SimulatedInstance';
import type { SimApplication } from '../model/SimApplication';
import { isHelmChartSource } from '../model/buildApplication';
import { managedResources, resourceTree } from '../model/resourceTree';
import {
  currentRevisions,
  isMultiSource,
  revisionsKey,
  sourcesOf,
} from '../model/SimApplication';
import { manifestsAt } from '../model/manifests';
import { sendArgoError, sendPermissionDenied } from './argoErrors';
import { matchesQuery, readApplicationQuery } from './applicationQuery';
import { parseFieldSelection, projectListItem } from './fieldSelection';

function queryString(req: Request, key: string): string | undefined {
  const value = req.query[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Finds the application a single-application request names, or answers as
 * Argo CD does: 403 "permission denied" for an unknown application (so its
 * existence does not leak), 404 when a project was named.
 */
function findApplication(
  instance: SimulatedInstance,
  req: Request,
  res: Response,
): SimApplication | undefined {
  const name = req.params.name;
  const project = queryString(req, 'project') ?? queryString(req, 'projects');
  const app = instance.state.get(name, queryString(req, 'appNamespace'));
  if (app && (!project || app.doc.spec.project === project)) return app;
  if (project)
    sendArgoError(
      res,
      ArgoCdErrorCode.NotFound,
      `applications.argoproj.io "${name}" not found`,
    );
  else sendPermissionDenied(res);
  return undefined;
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

/** `GET /api/v1/applications`, single applications, their tree, resources and revision metadata. */
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
    const apps = instance.state.list().filter(app => matchesQuery(app, query));
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
    const app = findApplication(instance, req, res);
    if (app) res.json(app.doc);
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
      // The repo server only resolves commit SHAs here; a chart version is refused.
      if (isHelmChartSource(source) || !/^[0-9a-f]{7,40}$/.test(revision)) {
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
    (_req, res) => {
      // Every account of the simulator is an admin; RBAC is Backstage's job in Argo Pulse.
      res.json({ value: 'yes' });
    },
  );

  return router;
}
