import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { ArgoPulseOperationAction } from '@argo-pulse/backstage-plugin-common';
import type { Router } from 'express';
import { z } from 'zod';
import type { ApplicationOperations } from './ApplicationOperations';
import { RateLimitedError } from '../operations/argoCdRefusal';
import { normalizeEntityRef } from './loadEntity';
import { parseInput } from './parseInput';

const params = z.object({
  kind: z.string().min(1),
  namespace: z.string().min(1),
  name: z.string().min(1),
  instance: z.string().min(1),
  appNamespace: z.string(),
  appName: z.string().min(1),
});

const ACTIONS: ArgoPulseOperationAction[] = ['refresh', 'sync', 'rollback'];

/**
 * `POST /entities/:kind/:namespace/:name/applications/:instance/:appNamespace/:appName/refresh`
 * (and `/sync`, `/rollback`): a user's operation on one of the entity's
 * applications, answered as an `ArgoPulseOperationResponse` (see
 * `ApplicationOperations`). A request refused by the rate limit is a 429
 * with `Retry-After`.
 */
export function addOperationRoutes(
  router: Router,
  options: { httpAuth: HttpAuthService; operations: ApplicationOperations },
): void {
  for (const action of ACTIONS) {
    router.post(
      `/entities/:kind/:namespace/:name/applications/:instance/:appNamespace/:appName/${action}`,
      async (req, res) => {
        const credentials = await options.httpAuth.credentials(req);
        const p = parseInput(params, req.params, 'application');
        try {
          const response = await options.operations.run({
            action,
            credentials,
            entityRef: normalizeEntityRef({
              kind: p.kind,
              namespace: p.namespace,
              name: p.name,
            }),
            application: {
              instance: p.instance,
              namespace: p.appNamespace,
              name: p.appName,
            },
            body: req.body,
            request: req,
          });
          res.json(response);
        } catch (error) {
          if (error instanceof RateLimitedError)
            res.setHeader('Retry-After', String(error.retryAfterSeconds));
          throw error;
        }
      },
    );
  }
}
