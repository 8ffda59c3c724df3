import type { ArgoPulseDeployment } from '@argo-pulse/backstage-plugin-common';

/** Plain on a history row: the newest deployment of an application is what runs. */
const SELF_EVIDENT = 'it runs now';

/**
 * Which rows of a history (newest first) say why they cannot be rolled back
 * to: per application, only the first row with each reason. Auto-sync, or
 * "not in Argo CD's last 10 deployments", holds for every older row alike,
 * so saying it on each would bury the rows that can. Answers the rows'
 * indexes.
 */
export function rollbackExplanations(
  deployments: ArgoPulseDeployment[],
): Set<number> {
  const said = new Set<string>();
  const rows = new Set<number>();
  deployments.forEach((d, index) => {
    const rollback = d.rollback;
    if (!rollback || rollback.possible || rollback.reason === SELF_EVIDENT)
      return;
    const key = JSON.stringify([
      d.instance,
      d.namespace,
      d.application,
      rollback.reason,
    ]);
    if (said.has(key)) return;
    said.add(key);
    rows.add(index);
  });
  return rows;
}
