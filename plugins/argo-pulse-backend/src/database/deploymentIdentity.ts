import { createHash } from 'node:crypto';
import type { DeploymentRecord } from './types';

/**
 * What identifies one deployment of one application: what happened, not
 * Argo CD's history id alone, which restarts at 0 when an application is
 * deleted and re-created. A history entry is its id, when it finished and the
 * revisions it deployed; a failed operation (which Argo CD never puts in its
 * history) is when it started and finished, its outcome and the revisions it
 * tried. Hashed so the unique index has a bounded width.
 *
 * The migration `20261201000000_deployment_identity.js` computes the same key
 * for the history rows stored before it; the two must stay in step.
 */
export function deploymentEventKey(
  d: Pick<
    DeploymentRecord,
    'historyId' | 'startedAt' | 'finishedAt' | 'revisions' | 'syncResult'
  >,
): string {
  const parts =
    d.historyId !== undefined
      ? ['history', String(d.historyId), d.finishedAt, d.revisions.join(',')]
      : [
          'operation',
          d.startedAt ?? '',
          d.finishedAt,
          d.syncResult?.phase ?? '',
          d.revisions.join(','),
        ];
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}
