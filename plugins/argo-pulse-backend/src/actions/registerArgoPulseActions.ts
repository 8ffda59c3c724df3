import { registerGetDeploymentStatus } from './getDeploymentStatus';
import { registerGetVersionMatrix } from './getVersionMatrix';
import { registerListDeployments } from './listDeployments';
import type { ArgoPulseActionsOptions } from './types';

/**
 * Registers Argo Pulse's read-only actions with the actions registry, under
 * the plugin's id: `argo-pulse:get-deployment-status`,
 * `argo-pulse:list-deployments` and `argo-pulse:get-version-matrix`. They
 * answer from the store, never calling Argo CD, and check permissions as
 * the HTTP routes do, with the caller's own credentials.
 */
export function registerArgoPulseActions(
  options: ArgoPulseActionsOptions,
): void {
  registerGetDeploymentStatus(options);
  registerListDeployments(options);
  registerGetVersionMatrix(options);
}

export type { ArgoPulseActionsOptions } from './types';
