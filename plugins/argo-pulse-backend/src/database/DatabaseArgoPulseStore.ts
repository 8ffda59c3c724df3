import type { ArgoPulseApplicationSet } from '@argo-pulse/backstage-plugin-common';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ArgoPulseStore, applicationKeyString } from './ArgoPulseStore';
import { json, orUndefined, storableText } from './columns';
import { chunks } from './chunks';
import { connectDatabase } from './connectDatabase';
import {
  commitRevisionsOf,
  deploymentFromRow,
  deploymentRow,
} from './deploymentRows';
import {
  decideBatch,
  DEFAULT_SETTLE_OPTIONS,
  settleOverdueDeployments,
  settleStoredDeployments,
} from './deploymentResults';
import type { SettleOptions } from './deploymentResult';
import {
  unsettledDeployments,
  imagesAtSameRevisions,
  storeRecoveredImages,
  withHistoryGaps,
} from './historyRecovery';
import { StoredSummary, summarize } from './applicationSummary';
import { getApplicationSets, replaceApplicationSets } from './applicationSets';
import { isRolloutMoving } from '../rollouts/rolloutState';
import type {
  ApplicationDetailUpdate,
  ApplicationIndexEntry,
  ApplicationKey,
  CommitRecord,
  DeploymentPage,
  DeploymentRecord,
  InstanceStatusRecord,
  OverviewBatch,
  PollFailureRecord,
  PollSuccessRecord,
  RecoveredImages,
  StoredApplication,
} from './types';

const commitRow = (c: CommitRecord, fetchedAt: string) => ({
  instance: c.instance,
  namespace: c.namespace,
  application: c.application,
  revision: storableText(c.revision, 255),
  author: storableText(c.author),
  message: storableText(c.message),
  committed_at: c.committedAt ?? null,
  oci_version: storableText(c.oci?.version),
  oci_source_url: storableText(c.oci?.sourceUrl),
  error: storableText(c.error),
  fetched_at: fetchedAt,
});

/** The OCI part of a stored row, when it is an OCI digest's metadata. */
const ociFromRow = (r: Record<string, any>): Pick<CommitRecord, 'oci'> =>
  r.oci_version || r.oci_source_url
    ? {
        oci: {
          version: orUndefined(r.oci_version),
          sourceUrl: orUndefined(r.oci_source_url),
        },
      }
    : {};

/** The knex implementation of the store, for SQLite and PostgreSQL. */
/** Applications per read of the application index. */
const INDEX_PAGE = 2000;

const toIndexEntry = (r: Record<string, any>): ApplicationIndexEntry => ({
  instance: r.instance,
  namespace: r.namespace,
  name: r.name,
  project: r.project,
  labels: JSON.parse(r.labels),
});

/** Code-point order, as the databases' binary collation sorts (`localeCompare` would not). */
function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export class DatabaseArgoPulseStore implements ArgoPulseStore {
  /** Connects, and migrates unless the backend is configured to skip migrations. */
  static async create(options: {
    database: DatabaseService;
    /** How deployments are settled; the defaults are `argoPulse.history.settleTimeout`'s and the expectations'. */
    settle?: SettleOptions;
  }): Promise<DatabaseArgoPulseStore> {
    return new DatabaseArgoPulseStore(
      await connectDatabase(options.database),
      options.settle ?? DEFAULT_SETTLE_OPTIONS,
    );
  }

  /** The application index of each set of instances, with the applications count it was read at. */
  private readonly indexCache = new Map<
    string,
    { count: string; entries: ApplicationIndexEntry[] }
  >();

  private constructor(
    private readonly db: Knex,
    private readonly settle: SettleOptions,
  ) {}

  async getFingerprints(instance: string): Promise<Map<string, string>> {
    const rows = await this.db('argo_pulse_applications')
      .where({ instance })
      .whereNull('deleted_at')
      .select('namespace', 'name', 'fingerprint');
    return new Map(
      rows.map(r => [
        applicationKeyString({
          instance,
          namespace: r.namespace,
          name: r.name,
        }),
        r.fingerprint,
      ]),
    );
  }

  async writeOverviewBatch(batch: OverviewBatch): Promise<void> {
    await this.writeOverview(batch);
    if (batch.applications.length) await this.applicationsWritten();
  }

  private async writeOverview(batch: OverviewBatch): Promise<void> {
    await this.db.transaction(async tx => {
      for (const rows of chunks(batch.applications)) {
        await tx('argo_pulse_applications')
          .insert(
            rows.map(({ snapshot, fingerprint, observedAt }) => ({
              instance: snapshot.instance,
              namespace: snapshot.namespace,
              name: snapshot.name,
              project: snapshot.project,
              labels: json(snapshot.labels),
              fingerprint,
              snapshot: json(snapshot),
              summary: json(summarize(snapshot)),
              observed_at: observedAt,
              deleted_at: null,
              detail_pending: true,
            })),
          )
          .onConflict(['instance', 'namespace', 'name'])
          .merge();
      }
      // Images are recorded once settled; until then a row keeps what it had.
      const conflictKey = ['instance', 'namespace', 'application', 'event_key'];
      const decided = decideBatch(batch, this.settle);
      const deployments = (await withHistoryGaps(tx, batch.deployments)).map(
        (d, i) => ({ ...d, ...decided.get(batch.deployments[i]) }),
      );
      for (const rows of chunks(deployments.filter(d => !d.imagesSettled))) {
        await tx('argo_pulse_deployments')
          .insert(rows.map(deploymentRow))
          .onConflict(conflictKey)
          .ignore();
      }
      for (const rows of chunks(deployments.filter(d => d.imagesSettled))) {
        await tx('argo_pulse_deployments')
          .insert(rows.map(deploymentRow))
          .onConflict(conflictKey)
          .merge(['images', 'images_from', 'sync_result']);
      }
      await settleStoredDeployments(
        tx,
        decided,
        batch.applications[0]?.observedAt ?? new Date().toISOString(),
      );
    });
  }

  async settleOverdueDeployments(now: string): Promise<ApplicationKey[]> {
    return settleOverdueDeployments(this.db, now, this.settle);
  }

  async markRemoved(keys: ApplicationKey[], at: string): Promise<void> {
    for (const batch of chunks(keys)) {
      await this.db('argo_pulse_applications')
        .whereIn(
          ['instance', 'namespace', 'name'],
          batch.map(k => [k.instance, k.namespace, k.name]),
        )
        .update({ deleted_at: at, detail_pending: false });
    }
    if (keys.length) await this.applicationsWritten();
  }

  /**
   * Counts a write of applications, after it committed: a replica that read
   * the application index before this sees another count, and reads it again.
   */
  private async applicationsWritten(): Promise<void> {
    await this.db('argo_pulse_counters')
      .where({ name: 'applications' })
      .increment('value', 1);
  }

  private async applicationsCount(): Promise<string> {
    const row = await this.db('argo_pulse_counters')
      .where({ name: 'applications' })
      .first('value');
    return String(row?.value);
  }

  async recordPollSuccess(options: PollSuccessRecord): Promise<void> {
    await this.db('argo_pulse_instances')
      .insert({
        instance: options.instance,
        last_attempt_at: options.at,
        last_success_at: options.at,
        last_error: null,
        last_error_category: null,
        last_error_at: null,
        application_count: options.applicationCount,
        cycle_duration_ms: Math.round(options.durationMs),
        cycle_requests: options.requests ?? null,
        list_warning: storableText(options.listWarning) ?? null,
        list_warning_at: options.listWarning ? options.at : null,
      })
      .onConflict('instance')
      .merge();
  }

  async recordStreamWarning(options: {
    instance: string;
    at: string;
    warning?: string;
  }): Promise<void> {
    await this.db('argo_pulse_instances')
      .insert({
        instance: options.instance,
        application_count: 0,
        stream_warning: storableText(options.warning) ?? null,
        stream_warning_at: options.warning ? options.at : null,
      })
      .onConflict('instance')
      .merge(['stream_warning', 'stream_warning_at']);
  }

  async recordPollFailure(options: PollFailureRecord): Promise<void> {
    const counted =
      options.applicationCount === undefined
        ? {}
        : { application_count: options.applicationCount };
    await this.db('argo_pulse_instances')
      .insert({
        instance: options.instance,
        last_attempt_at: options.at,
        last_error: storableText(options.error.reason),
        last_error_category: options.error.category,
        last_error_at: options.at,
        cycle_duration_ms: Math.round(options.durationMs),
        cycle_requests: options.requests ?? null,
        ...counted,
      })
      .onConflict('instance')
      .merge([
        'last_attempt_at',
        'last_error',
        'last_error_category',
        'last_error_at',
        'cycle_duration_ms',
        'cycle_requests',
        ...Object.keys(counted),
      ]);
  }

  async replaceApplicationSets(
    instance: string,
    sets: ArgoPulseApplicationSet[],
  ): Promise<void> {
    await replaceApplicationSets(this.db, instance, sets);
  }

  async getApplicationSets(
    keys: Array<{ instance: string; name: string }>,
  ): Promise<ArgoPulseApplicationSet[]> {
    return getApplicationSets(this.db, keys);
  }

  async markActiveRolloutsPending(instance: string): Promise<number> {
    return this.db('argo_pulse_applications')
      .where({ instance, rollout_active: true, detail_pending: false })
      .whereNull('deleted_at')
      .update({ detail_pending: true });
  }

  async listDetailPending(
    instance: string,
    limit: number,
  ): Promise<ApplicationKey[]> {
    const rows = await this.db('argo_pulse_applications')
      .where({ instance, detail_pending: true })
      .whereNull('deleted_at')
      .orderBy('observed_at')
      .limit(limit)
      .select('namespace', 'name');
    return rows.map(r => ({ instance, namespace: r.namespace, name: r.name }));
  }

  async getNewestDeployments(
    keys: ApplicationKey[],
  ): Promise<Map<string, DeploymentRecord>> {
    const newest = new Map<string, DeploymentRecord>();
    for (const batch of chunks(keys)) {
      const rows = await this.db('argo_pulse_deployments')
        .whereIn(
          ['instance', 'namespace', 'application'],
          batch.map(k => [k.instance, k.namespace, k.name]),
        )
        .orderBy([
          { column: 'finished_at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ])
        .select();
      for (const row of rows)
        newest.set(
          `${row.instance}/${row.namespace}/${row.application}`,
          deploymentFromRow(row),
        );
    }
    return newest;
  }

  async listUnsettledDeployments(
    keys: ApplicationKey[],
  ): Promise<DeploymentRecord[]> {
    return unsettledDeployments(
      this.db,
      keys.map(k => [k.instance, k.namespace, k.name]),
    );
  }

  async getImagesAtSameRevisions(
    deployments: DeploymentRecord[],
  ): Promise<Map<string, string[]>> {
    return imagesAtSameRevisions(this.db, deployments);
  }

  async storeRecoveredImages(recovered: RecoveredImages[]): Promise<void> {
    await storeRecoveredImages(this.db, recovered);
  }

  async getKnownCommitRevisions(
    wanted: Array<{ key: ApplicationKey; revision: string }>,
  ): Promise<Set<string>> {
    const known = new Set<string>();
    for (const batch of chunks(wanted)) {
      const rows = await this.db('argo_pulse_commits')
        .whereIn(
          ['instance', 'namespace', 'application', 'revision'],
          batch.map(w => [
            w.key.instance,
            w.key.namespace,
            w.key.name,
            w.revision,
          ]),
        )
        .select('instance', 'namespace', 'application', 'revision');
      for (const r of rows)
        known.add(
          `${r.instance}/${r.namespace}/${r.application}/${r.revision}`,
        );
    }
    return known;
  }

  /**
   * Each application's resources written into its stored snapshot, if the
   * snapshot is still the version they were read for (its fingerprint), and
   * the commits' metadata. The snapshots are read and rewritten before the
   * transaction, which holds only the writes: on SQLite, a single
   * connection that every page view also waits for.
   */
  async applyDetail(
    updates: ApplicationDetailUpdate[],
    at: string,
  ): Promise<void> {
    const rewritten: Array<{
      where: Record<string, string>;
      snapshot: string;
      summary: string;
      rolloutActive?: boolean;
    }> = [];
    for (const update of updates) {
      const where = {
        instance: update.key.instance,
        namespace: update.key.namespace,
        name: update.key.name,
        fingerprint: update.fingerprint,
      };
      const row = await this.db('argo_pulse_applications')
        .where(where)
        .first('snapshot');
      if (!row) continue; // changed since (or gone): its detail stays pending for the newer version
      const snapshot = JSON.parse(row.snapshot);
      if (update.resources) {
        snapshot.resources = update.resources;
        snapshot.unhealthyResource = update.unhealthyResource;
        snapshot.rollouts = update.rollouts;
      }
      rewritten.push({
        where,
        snapshot: json(snapshot),
        summary: json(summarize(snapshot)),
        // Known only when the tree was read: a refused tree leaves it as it was.
        ...(update.resources
          ? { rolloutActive: (update.rollouts ?? []).some(isRolloutMoving) }
          : {}),
      });
    }
    await this.db.transaction(async tx => {
      // Still by fingerprint: a poll that changed the application meanwhile wins.
      for (const { where, snapshot, summary, rolloutActive } of rewritten)
        await tx('argo_pulse_applications')
          .where(where)
          .update({
            snapshot,
            summary,
            detail_pending: false,
            ...(rolloutActive !== undefined
              ? { rollout_active: rolloutActive }
              : {}),
          });
      for (const rows of chunks(updates.flatMap(u => u.commits))) {
        await tx('argo_pulse_commits')
          .insert(rows.map(c => commitRow(c, at)))
          .onConflict(['instance', 'namespace', 'application', 'revision'])
          .ignore();
      }
    });
  }

  async listApplicationIndex(options: {
    instances?: string[];
    names?: string[];
  }): Promise<ApplicationIndexEntry[]> {
    if (!options.names) return this.cachedApplicationIndex(options.instances);
    // Any number of names: a statement per batch, within the databases' parameter limits.
    const rows = (
      await Promise.all(
        chunks([...new Set(options.names)]).map(names =>
          this.db('argo_pulse_applications')
            .whereNull('deleted_at')
            .whereIn('name', names)
            .select('instance', 'namespace', 'name', 'project', 'labels'),
        ),
      )
    )
      .flat()
      // Not in the query: SQLite would then scan the instances' rows by the primary key
      // rather than look the few names up in their index.
      .filter(r => !options.instances || options.instances.includes(r.instance))
      .sort(
        (a, b) =>
          compare(a.instance, b.instance) ||
          compare(a.namespace, b.namespace) ||
          compare(a.name, b.name),
      );
    return rows.map(toIndexEntry);
  }

  /**
   * Every application of the instances, from memory while no write came
   * since it was read: a page view of an entity with a selector matches it
   * against all of them, and reading (and parsing) tens of thousands of rows
   * for each view would hold the event loop. Callers must not change it.
   */
  private async cachedApplicationIndex(
    instances: string[] | undefined,
  ): Promise<ApplicationIndexEntry[]> {
    const key = JSON.stringify(instances ?? null);
    const count = await this.applicationsCount();
    const cached = this.indexCache.get(key);
    if (cached?.count === count) return cached.entries;
    // In pages, the loop given back between them: one read of tens of thousands of rows
    // (synchronous on SQLite) would hold it for a few hundred milliseconds.
    const entries: ApplicationIndexEntry[] = [];
    for (let after: Record<string, any> | undefined; ; ) {
      const query = this.db('argo_pulse_applications')
        .whereNull('deleted_at')
        .select('instance', 'namespace', 'name', 'project', 'labels')
        .orderBy(['instance', 'namespace', 'name'])
        .limit(INDEX_PAGE);
      if (instances) query.whereIn('instance', instances);
      if (after)
        query.whereRaw('(instance, namespace, name) > (?, ?, ?)', [
          after.instance,
          after.namespace,
          after.name,
        ]);
      const rows = await query;
      entries.push(...rows.map(toIndexEntry));
      if (rows.length < INDEX_PAGE) break;
      after = rows[rows.length - 1];
      await nextTurn();
    }
    this.indexCache.set(key, { count, entries });
    return entries;
  }

  async getApplications(keys: ApplicationKey[]): Promise<StoredApplication[]> {
    const rows = await this.presentRows(keys, [
      'snapshot',
      'fingerprint',
      'observed_at',
    ]);
    return inKeyOrder(
      keys,
      rows.map(r => ({
        snapshot: JSON.parse(r.snapshot),
        fingerprint: r.fingerprint,
        observedAt: r.observed_at,
      })),
    );
  }

  async getApplicationSummaries(
    keys: ApplicationKey[],
  ): Promise<StoredSummary[]> {
    const rows = await this.presentRows(keys, [
      'instance',
      'namespace',
      'name',
      'summary',
      'observed_at',
    ]);
    // Rows stored before summaries were kept: summarized from their snapshots, once, here.
    const older = rows.filter(r => r.summary === null) as ApplicationKey[];
    const snapshots = new Map(
      (older.length ? await this.getApplications(older) : []).map(app => [
        applicationKeyString(app.snapshot),
        app.snapshot,
      ]),
    );
    const summaries = rows.flatMap(r => {
      if (r.summary !== null)
        return [{ snapshot: JSON.parse(r.summary), observedAt: r.observed_at }];
      const snapshot = snapshots.get(applicationKeyString(r as ApplicationKey));
      return snapshot
        ? [{ snapshot: summarize(snapshot), observedAt: r.observed_at }]
        : [];
    });
    return inKeyOrder(keys, summaries);
  }

  /** These columns of the present (not removed) applications of `keys`, a statement per batch. */
  private async presentRows(
    keys: ApplicationKey[],
    columns: string[],
  ): Promise<Record<string, any>[]> {
    const rows: Record<string, any>[] = [];
    for (const batch of chunks(keys)) {
      rows.push(
        ...(await this.db('argo_pulse_applications')
          .whereIn(
            ['instance', 'namespace', 'name'],
            batch.map(k => [k.instance, k.namespace, k.name]),
          )
          .whereNull('deleted_at')
          .select(columns)),
      );
    }
    return rows;
  }

  async getDeployments(
    keys: ApplicationKey[],
    page: { limit: number; offset: number },
  ): Promise<DeploymentPage> {
    if (keys.length === 0) return { items: [], total: 0 };
    const tuples = keys.map(k => [k.instance, k.namespace, k.name]);
    const base = () =>
      this.db('argo_pulse_deployments').whereIn(
        ['instance', 'namespace', 'application'],
        tuples,
      );
    const [{ count }] = await base().count({ count: '*' });
    const rows = await base()
      .orderBy([
        { column: 'finished_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(page.limit)
      .offset(page.offset)
      .select();
    return { total: Number(count), items: await this.withCommits(rows) };
  }

  async getRecentImages(
    keys: ApplicationKey[],
    depth: number,
  ): Promise<Map<string, Array<{ finishedAt: string; images: string[] }>>> {
    const recent = new Map<
      string,
      Array<{ finishedAt: string; images: string[] }>
    >();
    for (const batch of chunks(keys)) {
      // Numbered per application, newest first, so the cut is made in the database.
      const numbered = this.db('argo_pulse_deployments')
        .whereIn(
          ['instance', 'namespace', 'application'],
          batch.map(k => [k.instance, k.namespace, k.name]),
        )
        .whereNotNull('history_id')
        .select(
          'instance',
          'namespace',
          'application',
          'finished_at',
          'images',
          'id',
        )
        .select(
          this.db.raw(
            'row_number() over (partition by instance, namespace, application order by finished_at desc, id desc) as position',
          ),
        );
      const rows = await this.db
        .from(numbered.as('numbered'))
        .where('position', '<=', depth)
        .orderBy([
          { column: 'finished_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ]);
      for (const row of rows) {
        const key = applicationKeyString({
          instance: row.instance,
          namespace: row.namespace,
          name: row.application,
        });
        const entries = recent.get(key) ?? [];
        entries.push({
          finishedAt: row.finished_at,
          images: JSON.parse(row.images),
        });
        recent.set(key, entries);
      }
    }
    return recent;
  }

  async getDeploymentsById(
    ids: string[],
  ): Promise<Map<string, DeploymentPage['items'][number]>> {
    const rows = ids.length
      ? await this.db('argo_pulse_deployments')
          .whereIn('id', ids.map(Number))
          .select()
      : [];
    const items = await this.withCommits(rows);
    return new Map(rows.map((row, i) => [String(row.id), items[i]]));
  }

  /** Deployments from their rows, each with the commits of its revisions that were fetched. */
  private async withCommits(
    rows: Array<Record<string, any>>,
  ): Promise<DeploymentPage['items']> {
    const deployments = rows.map(deploymentFromRow);
    const commits = await this.commitsFor(deployments);
    return deployments.map(d => ({
      ...d,
      commits: commitRevisionsOf(d).flatMap(
        revision =>
          commits.get(
            `${d.instance}/${d.namespace}/${d.application}/${revision}`,
          ) ?? [],
      ),
    }));
  }

  async getInstanceStatuses(): Promise<InstanceStatusRecord[]> {
    const rows = await this.db('argo_pulse_instances')
      .select()
      .orderBy('instance');
    return rows.map(r => ({
      instance: r.instance,
      lastAttemptAt: orUndefined(r.last_attempt_at),
      lastSuccessAt: orUndefined(r.last_success_at),
      lastError: orUndefined(r.last_error),
      lastErrorCategory: orUndefined(r.last_error_category),
      lastErrorAt: orUndefined(r.last_error_at),
      applicationCount: Number(r.application_count),
      cycleDurationMs:
        r.cycle_duration_ms === null ? undefined : Number(r.cycle_duration_ms),
      cycleRequests:
        r.cycle_requests === null || r.cycle_requests === undefined
          ? undefined
          : Number(r.cycle_requests),
      warnings: [
        ...(r.list_warning
          ? [{ message: r.list_warning, at: r.list_warning_at }]
          : []),
        ...(r.stream_warning
          ? [{ message: r.stream_warning, at: r.stream_warning_at }]
          : []),
      ],
    }));
  }

  async pruneHistory(before: string): Promise<number> {
    const deployments = await this.db('argo_pulse_deployments')
      .where('finished_at', '<', before)
      .delete();
    await this.db('argo_pulse_commits')
      .where('fetched_at', '<', before)
      .delete();
    await this.db('argo_pulse_applications')
      .where('deleted_at', '<', before)
      .delete();
    return deployments;
  }

  private async commitsFor(
    deployments: DeploymentRecord[],
  ): Promise<Map<string, CommitRecord>> {
    const wanted = deployments.flatMap(d =>
      commitRevisionsOf(d).map(revision => [
        d.instance,
        d.namespace,
        d.application,
        revision,
      ]),
    );
    const result = new Map<string, CommitRecord>();
    for (const batch of chunks(wanted)) {
      const rows = await this.db('argo_pulse_commits')
        .whereIn(['instance', 'namespace', 'application', 'revision'], batch)
        .whereNull('error')
        .select();
      for (const r of rows) {
        result.set(
          `${r.instance}/${r.namespace}/${r.application}/${r.revision}`,
          {
            instance: r.instance,
            namespace: r.namespace,
            application: r.application,
            revision: r.revision,
            author: orUndefined(r.author),
            message: orUndefined(r.message),
            committedAt: orUndefined(r.committed_at),
            ...ociFromRow(r),
          },
        );
      }
    }
    return result;
  }
}

/** Stored applications in the order of the keys asked for. */
function inKeyOrder<T extends { snapshot: ApplicationKey }>(
  keys: ApplicationKey[],
  items: T[],
): T[] {
  const order = new Map(keys.map((k, i) => [applicationKeyString(k), i]));
  return items.sort(
    (a, b) =>
      order.get(applicationKeyString(a.snapshot))! -
      order.get(applicationKeyString(b.snapshot))!,
  );
}
