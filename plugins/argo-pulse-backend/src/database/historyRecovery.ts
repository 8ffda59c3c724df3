// What the store does so that history survives what happens between two
// polls: marking entries Argo CD dropped before a poll saw them, and finding
// images for entries that were never seen running.
import type { Knex } from 'knex';
import { json } from './columns';
import { chunks } from './chunks';
import { deploymentEventKey } from './deploymentIdentity';
import { deploymentFromRow } from './deploymentRows';
import type { DeploymentRecord, RecoveredImages } from './types';

const appColumns = ['instance', 'namespace', 'application'];
const appOf = (d: {
  instance: string;
  namespace: string;
  application: string;
}) => `${d.instance}/${d.namespace}/${d.application}`;

/**
 * Argo CD numbers history entries one after another and keeps the last ten
 * (revisionHistoryLimit). When a poll's oldest entry of an application is
 * more than one past the newest stored one, and later, the entries between
 * were dropped unseen: the oldest entry says how many. A re-created
 * application (numbering from 0 again) is no gap.
 */
export async function withHistoryGaps(
  tx: Knex,
  deployments: DeploymentRecord[],
): Promise<DeploymentRecord[]> {
  const oldestByApp = new Map<string, DeploymentRecord>();
  for (const d of deployments) {
    if (d.historyId === undefined) continue;
    const oldest = oldestByApp.get(appOf(d));
    if (!oldest || d.historyId < oldest.historyId!)
      oldestByApp.set(appOf(d), d);
  }
  const gaps = new Map<DeploymentRecord, number>();
  for (const batch of chunks([...oldestByApp.values()])) {
    const stored = await tx('argo_pulse_deployments')
      .whereIn(
        appColumns,
        batch.map(d => [d.instance, d.namespace, d.application]),
      )
      .whereNotNull('history_id')
      .groupBy(appColumns)
      .select(appColumns)
      .max({ newest_id: 'history_id', newest_at: 'finished_at' });
    for (const row of stored) {
      const oldest = oldestByApp.get(
        appOf(
          row as { instance: string; namespace: string; application: string },
        ),
      )!;
      const missed = oldest.historyId! - Number(row.newest_id) - 1;
      if (missed > 0 && oldest.finishedAt >= row.newest_at)
        gaps.set(oldest, missed);
    }
  }
  return deployments.map(d =>
    gaps.has(d) ? { ...d, missedBefore: gaps.get(d) } : d,
  );
}

/**
 * History entries of these applications whose images are not known to be
 * what ran (none, or provisional: seen mid-rollout) and not yet looked at,
 * except each application's newest entry (it gets its images when it
 * settles), and failed operations whose images were not looked for yet (the
 * images they tried to deploy), newest first.
 */
export async function unsettledDeployments(
  db: Knex,
  apps: Array<[string, string, string]>,
): Promise<DeploymentRecord[]> {
  const found: DeploymentRecord[] = [];
  for (const batch of chunks(apps)) {
    // A later entry exists: finished later, or in the same second (Argo CD's precision) with a higher id.
    const later = db('argo_pulse_deployments as n')
      .select(db.raw('1'))
      .where('n.instance', db.ref('d.instance'))
      .andWhere('n.namespace', db.ref('d.namespace'))
      .andWhere('n.application', db.ref('d.application'))
      .whereNotNull('n.history_id')
      .andWhere(q =>
        q
          .where('n.finished_at', '>', db.ref('d.finished_at'))
          .orWhere(same =>
            same
              .where('n.finished_at', db.ref('d.finished_at'))
              .andWhere('n.history_id', '>', db.ref('d.history_id')),
          ),
      );
    const rows = await db('argo_pulse_deployments as d')
      .whereIn(['d.instance', 'd.namespace', 'd.application'], batch)
      .whereNull('d.images_from')
      // A history entry once a later one exists; a failed operation (no history id) at once: it never
      // ran, and the images it tried to deploy are what its row must name.
      .andWhere(q =>
        q
          .where(entry => entry.whereNotNull('d.history_id').whereExists(later))
          .orWhereNull('d.history_id'),
      )
      .orderBy([
        { column: 'd.finished_at', order: 'desc' },
        { column: 'd.history_id', order: 'desc' },
      ])
      .select('d.*');
    found.push(...rows.map(deploymentFromRow));
  }
  return found;
}

/** Images of an entry at the very same revisions that were seen running (a redeploy, a rollback), by event key. */
export async function imagesAtSameRevisions(
  db: Knex,
  deployments: DeploymentRecord[],
): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  for (const batch of chunks(deployments)) {
    const rows = await db('argo_pulse_deployments')
      .whereIn(
        appColumns,
        batch.map(d => [d.instance, d.namespace, d.application]),
      )
      .whereIn('revisions', [...new Set(batch.map(d => json(d.revisions)))])
      .whereIn('images_from', ['running', 'manifests'])
      .select([...appColumns, 'revisions', 'images']);
    for (const d of batch) {
      const same = rows.find(
        r => appOf(r) === appOf(d) && r.revisions === json(d.revisions),
      );
      if (same) found.set(deploymentEventKey(d), JSON.parse(same.images));
    }
  }
  return found;
}

/** Stores recovered images, unless the entry got its images otherwise meanwhile. */
export async function storeRecoveredImages(
  db: Knex,
  recovered: RecoveredImages[],
): Promise<void> {
  await db.transaction(async tx => {
    for (const { deployment: d, images, from } of recovered) {
      await tx('argo_pulse_deployments')
        .where({
          instance: d.instance,
          namespace: d.namespace,
          application: d.application,
          event_key: deploymentEventKey(d),
        })
        .whereNull('images_from')
        .update({ images: json(images), images_from: from });
    }
  });
}
