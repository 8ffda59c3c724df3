import { Request, Response, Router } from 'express';
import {
  ArgoCdErrorCode,
  LabelSelector,
  matchesLabelSelector,
  parseLabelSelector,
} from '@argo-pulse/backstage-plugin-common';
import type { SimulatedInstance } from '../SimulatedInstance';
import {
  applicationSetDocument,
  applicationSetRbacName,
  SimApplicationSet,
} from '../model/applicationSets';
import { sendArgoError } from './argoErrors';
import { principalOf } from './authenticate';
import { allows, enforceErrMessage } from './rbac';

/** Argo CD's RBAC resource and action for reading ApplicationSets (`applicationsets, get`). */
const READ = 'applicationsets/get';

function strings(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(strings);
  return typeof value === 'string' && value !== '' ? [value] : [];
}

/**
 * Namespaces an ApplicationSet may be read in: the controller's, and those the scenario puts
 * ApplicationSets in (Argo CD's `applicationsetcontroller.namespaces`).
 */
function isNamespaceEnabled(instance: SimulatedInstance, namespace: string) {
  return (
    namespace === instance.state.controllerNamespace ||
    instance.state.applicationSets.some(set => set.namespace === namespace)
  );
}

function documentOf(instance: SimulatedInstance, set: SimApplicationSet) {
  return applicationSetDocument({
    set,
    apps: instance.state.list(),
    resourceVersion: instance.state.resourceVersion,
    rollout: app => instance.rollouts.status(app),
  });
}

/**
 * The list's filters; answers Argo CD's error and returns undefined for a selector that does
 * not parse (server/applicationset/applicationset.go `List`).
 */
function readListQuery(req: Request, res: Response) {
  const [selectorText] = strings(req.query.selector);
  let selector: LabelSelector | undefined;
  if (selectorText) {
    try {
      selector = parseLabelSelector(selectorText);
    } catch (error) {
      sendArgoError(
        res,
        ArgoCdErrorCode.Unknown,
        `error parsing the selector: ${(error as Error).message}`,
      );
      return undefined;
    }
  }
  return {
    selector,
    projects: strings(req.query.projects),
    namespace: strings(req.query.appsetNamespace)[0],
  };
}

/**
 * `GET /api/v1/applicationsets` and `GET /api/v1/applicationsets/{name}` (ApplicationSetService),
 * status derived from the applications at each read. RBAC as Argo CD: the list leaves out what
 * the caller may not get; the single read checks after finding the set, so an unknown set is a
 * 404 and a forbidden one a 403 with the enforcer's message.
 */
export function applicationSetRoutes(instance: SimulatedInstance): Router {
  const router = Router();
  const controllerNamespace = instance.state.controllerNamespace;

  router.get('/api/v1/applicationsets', (req, res) => {
    const query = readListQuery(req, res);
    if (!query) return;
    const principal = principalOf(res);
    const items = instance.state.applicationSets
      .filter(
        set =>
          (!query.namespace || set.namespace === query.namespace) &&
          (!query.selector ||
            matchesLabelSelector(query.selector, set.spec.labels)) &&
          (!query.projects.length ||
            query.projects.includes(set.spec.project)) &&
          allows(principal, READ),
      )
      .sort((a, b) =>
        `${a.namespace}/${a.spec.name}`.localeCompare(
          `${b.namespace}/${b.spec.name}`,
        ),
      )
      .map(set => documentOf(instance, set));
    // Argo CD makes this slice non-nil: an empty list is `[]`, unlike the applications' `null`.
    res.json({
      metadata: { resourceVersion: instance.state.resourceVersion },
      items,
    });
  });

  router.get('/api/v1/applicationsets/:name', (req, res) => {
    const name = req.params.name;
    const namespace =
      strings(req.query.appsetNamespace)[0] ?? controllerNamespace;
    if (!isNamespaceEnabled(instance, namespace)) {
      sendArgoError(
        res,
        ArgoCdErrorCode.PermissionDenied,
        `namespace '${namespace}' is not permitted`,
      );
      return;
    }
    const set = instance.state.applicationSets.find(
      s => s.spec.name === name && s.namespace === namespace,
    );
    if (!set) {
      sendArgoError(
        res,
        ArgoCdErrorCode.NotFound,
        `error getting ApplicationSet: applicationset.argoproj.io "${name}" not found`,
      );
      return;
    }
    const principal = principalOf(res);
    if (!allows(principal, READ)) {
      sendArgoError(
        res,
        ArgoCdErrorCode.PermissionDenied,
        enforceErrMessage(
          principal,
          'applicationsets',
          'get',
          applicationSetRbacName(set, controllerNamespace),
        ),
      );
      return;
    }
    res.json(documentOf(instance, set));
  });

  return router;
}
