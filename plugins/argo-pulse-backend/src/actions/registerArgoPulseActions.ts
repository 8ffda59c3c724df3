import { registerGetDeploymentStatus } from './getDeploymentStatus';
import { registerGetVersionMatrix } from './getVersionMatrix';
import { registerExpectVersion } from './expectVersion';
import { registerListDeployments } from './listDeployments';
import { registerOperationActions } from './operateApplication';
import type { ArgoPulseActionsOptions } from './types';
import { registerWaitForVersion } from './waitForVersion';

/**
 * Registers Argo Pulse's actions with the actions registry, under the
 * plugin's id: the read-only `argo-pulse:get-deployment-status`,
 * `argo-pulse:list-deployments` and `argo-pulse:get-version-matrix`, which
 * answer from the store, never calling Argo CD; `argo-pulse:expect-version`
 * and `argo-pulse:wait-for-version`, CI's post and wait; and
 * `argo-pulse:refresh-application` and `argo-pulse:sync-application`, which
 * do call Argo CD. All check permissions as the HTTP routes do, with the caller's
 * own credentials.
 */
export function registerArgoPulseActions(
  options: ArgoPulseActionsOptions,
): void {
  registerGetDeploymentStatus(options);
  registerListDeployments(options);
  registerGetVersionMatrix(options);
  registerExpectVersion(options);
  registerWaitForVersion(options);
  registerOperationActions(options);
}

export type { ArgoPulseActionsOptions } from './types';
