import { registerGetDeploymentStatus } from './getDeploymentStatus';
import { registerGetVersionMatrix } from './getVersionMatrix';
import { registerListDeployments } from './listDeployments';
import { registerOperationActions } from './operateApplication';
import type { ArgoPulseActionsOptions } from './types';

/**
 * Registers Argo Pulse's actions with the actions registry, under the
 * plugin's id: the read-only `argo-pulse:get-deployment-status`,
 * `argo-pulse:list-deployments` and `argo-pulse:get-version-matrix`, which
 * answer from the store, never calling Argo CD; and, given `operations`,
 * `argo-pulse:refresh-application` and `argo-pulse:sync-application`, which
 * do call it. All check permissions as the HTTP routes do, with the caller's
 * own credentials.
 */
export function registerArgoPulseActions(
  options: ArgoPulseActionsOptions,
): void {
  registerGetDeploymentStatus(options);
  registerListDeployments(options);
  registerGetVersionMatrix(options);
  if (options.operations) registerOperationActions(options);
}

export type { ArgoPulseActionsOptions } from './types';
