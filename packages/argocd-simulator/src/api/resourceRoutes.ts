import { Request, Router } from 'express';
import { z } from 'zod';
import { ArgoCdErrorCode } from '@argo-pulse/backstage-plugin-common';
import type { SimulatedInstance } from '../SimulatedInstance';
import { liveObjectOf } from '../model/liveObjects';
import { resourceTree } from '../model/resourceTree';
import { sendArgoError } from './argoErrors';
import { findApplication } from './applicationRoutes';

/**
 * The query of `GET .../resource` (swagger `ApplicationService_GetResource`). grpc-gateway
 * reads each as a string, the first of repeated ones, and an absent one as empty.
 */
const resourceQuerySchema = z.object({
  namespace: z.string().default(''),
  resourceName: z.string().default(''),
  version: z.string().default(''),
  group: z.string().default(''),
  kind: z.string().default(''),
});

/** Every query parameter the route reads (the contract test checks them against swagger.json). */
export const RESOURCE_QUERY_KEYS = [
  ...Object.keys(resourceQuerySchema.shape),
  'appNamespace',
  'project',
];

function readResourceQuery(req: Request) {
  const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
  return resourceQuerySchema.parse(
    Object.fromEntries(
      Object.entries(req.query)
        .map(([key, value]) => [key, first(value)])
        .filter(([, value]) => typeof value === 'string'),
    ),
  );
}

/**
 * `GET /api/v1/applications/{name}/resource`: one object of the application's
 * tree (a managed object, or a ReplicaSet or Pod under one), live, as a JSON
 * string in `manifest` (server/application/application.go `GetResource`).
 * The application is found, and `get` enforced, as for the other application
 * reads. An object not in the tree is InvalidArgument, as `getAppLiveResource`
 * answers it: code 3, HTTP 400, `<kind> <group> <name> not found as part of
 * application <app>`. `version` only picks the API version Argo CD reads
 * the object with; the simulator serves each object at its own.
 */
export function resourceRoutes(instance: SimulatedInstance): Router {
  const router = Router();

  router.get('/api/v1/applications/:name/resource', (req, res) => {
    const app = findApplication(instance, req, res);
    if (!app) return;
    const query = readResourceQuery(req);
    const tree = resourceTree(app);
    const node = tree.nodes?.find(
      n =>
        (n.group ?? '') === query.group &&
        n.kind === query.kind &&
        (n.namespace ?? '') === query.namespace &&
        n.name === query.resourceName,
    );
    if (!node) {
      sendArgoError(
        res,
        ArgoCdErrorCode.InvalidArgument,
        `${query.kind} ${query.group} ${query.resourceName} not found as part of application ${req.params.name}`,
      );
      return;
    }
    res.json({ manifest: JSON.stringify(liveObjectOf(app, node, tree)) });
  });

  return router;
}
