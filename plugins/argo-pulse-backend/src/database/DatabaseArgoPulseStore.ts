import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { ArgoPulseStore, applicationKeyString } from './ArgoPulseStore';
import { json, orUndefined, parseJson } from './columns';
import { chunks, connectDatabase } from './connectDatabase';
import type {
  ApplicationIndexEntry,
  ApplicationKey,
  CommitRecord,
  DeploymentPage,
  DeploymentRecord,
  InstanceStatusRecord,
  PollResult,
  StoredApplication,
} from './types';


function deploymentRow(d: DeploymentRecord) {
  return {
    instance: d.instance,
    namespace: d.namespace,
    application: d.application,
    history_id: d.historyId,
    revisions: json(d.revisions),
    sources: json(d.sources),
    started_at: d.startedAt ?? null,
    finished_at: d.finishedAt,
    initiated_by: d.initiatedBy ? json(d.initiatedBy) : null,
    images: json(d.images),
    sync_result: d.syncResult ? json(d.syncResult) : null,
  };
}

/** The knex implementation of the store, for SQLite and PostgreSQL. */
export class DatabaseArgoPulseStore implements ArgoPulseStore {
  /** Connects, and migrates unless the backend is configured to skip migrations. */
  static async create(options: { database: DatabaseService }): Promise<DatabaseArgoPulseStore> {
    return new DatabaseArgoPulseStore(await connectDatabase(options.database));
  }

  private constructor(private readonly db: Knex) {}

  async getFingerprints(instance: string): Promise<Map<string, string>> {
    const rows = await this.db('argo_pulse_applications')
      .where({ instance })
      .whereNull('deleted_at')
      .select('namespace', 'name', 'fingerprint');
    return new Map(rows.map(r => [applicationKeyString({ instance, namespace: r.namespace, name: r.name }), r.fingerprint]));
  }

  async applyPollResult(result: PollResult): Promise<void> {
    await this.db.transaction(async tx => {
      for (const batch of chunks(result.changed)) {
        await tx('argo_pulse_applications')
          .insert(
            batch.map(({ snapshot, fingerprint, observedAt }) => ({
              instance: snapshot.instance,
              namespace: snapshot.namespace,
              name: snapshot.name,
              project: snapshot.project,
              labels: json(snapshot.labels),
              fingerprint,
              snapshot: json(snapshot),
              observed_at: observedAt,
              deleted_at: null,
            })),
          )
          .onConflict(['instance', 'namespace', 'name'])
          .merge();
      }
      for (const batch of chunks(result.removed)) {
        await tx('argo_pulse_applications')
          .whereIn(['instance', 'namespace', 'name'], batch.map(k => [k.instance, k.namespace, k.name]))
          .update({ deleted_at: result.finishedAt });
      }
      const settled = result.deployments.filter(d => d.imagesSettled);
      const unsettled = result.deployments.filter(d => !d.imagesSettled);
      const conflictKey = ['instance', 'namespace', 'application', 'history_id'];
      for (const batch of chunks(unsettled)) {
        await tx('argo_pulse_deployments').insert(batch.map(deploymentRow)).onConflict(conflictKey).ignore();
      }
      for (const batch of chunks(settled)) {
        await tx('argo_pulse_deployments').insert(batch.map(deploymentRow)).onConflict(conflictKey).merge(['images', 'sync_result']);
      }
      for (const batch of chunks(result.commits)) {
        await tx('argo_pulse_commits')
          .insert(
            batch.map(c => ({
              instance: c.instance,
              namespace: c.namespace,
              application: c.application,
              revision: c.revision,
              author: c.author ?? null,
              message: c.message ?? null,
              committed_at: c.committedAt ?? null,
              error: c.error ?? null,
              fetched_at: result.finishedAt,
            })),
          )
          .onConflict(['instance', 'namespace', 'application', 'revision'])
          .ignore();
      }
      await tx('argo_pulse_instances')
        .insert({
          instance: result.instance,
          last_attempt_at: result.finishedAt,
          last_success_at: result.finishedAt,
          last_error: null,
          last_error_at: null,
          application_count: result.applicationCount,
          cycle_duration_ms: Math.round(result.durationMs),
        })
        .onConflict('instance')
        .merge();
    });
  }

  async recordPollFailure(options: { instance: string; at: string; error: string; durationMs: number }): Promise<void> {
    await this.db('argo_pulse_instances')
      .insert({
        instance: options.instance,
        last_attempt_at: options.at,
        last_error: options.error,
        last_error_at: options.at,
        cycle_duration_ms: Math.round(options.durationMs),
      })
      .onConflict('instance')
      .merge(['last_attempt_at', 'last_error', 'last_error_at', 'cycle_duration_ms']);
  }

  async getKnownCommitRevisions(key: ApplicationKey, revisions: string[]): Promise<Set<string>> {
    if (revisions.length === 0) return new Set();
    const rows = await this.db('argo_pulse_commits')
      .where({ instance: key.instance, namespace: key.namespace, application: key.name })
      .whereIn('revision', revisions)
      .select('revision');
    return new Set(rows.map(r => r.revision));
  }

  async listApplicationIndex(options: { instances?: string[]; names?: string[] }): Promise<ApplicationIndexEntry[]> {
    const query = this.db('argo_pulse_applications').whereNull('deleted_at').select('instance', 'namespace', 'name', 'project', 'labels');
    if (options.instances) query.whereIn('instance', options.instances);
    if (options.names) query.whereIn('name', options.names);
    const rows = await query.orderBy(['instance', 'namespace', 'name']);
    return rows.map(r => ({ instance: r.instance, namespace: r.namespace, name: r.name, project: r.project, labels: JSON.parse(r.labels) }));
  }

  async getApplications(keys: ApplicationKey[]): Promise<StoredApplication[]> {
    const results: StoredApplication[] = [];
    for (const batch of chunks(keys)) {
      const rows = await this.db('argo_pulse_applications')
        .whereIn(['instance', 'namespace', 'name'], batch.map(k => [k.instance, k.namespace, k.name]))
        .whereNull('deleted_at')
        .select('snapshot', 'fingerprint', 'observed_at');
      results.push(...rows.map(r => ({ snapshot: JSON.parse(r.snapshot), fingerprint: r.fingerprint, observedAt: r.observed_at })));
    }
    const order = new Map(keys.map((k, i) => [applicationKeyString(k), i]));
    return results.sort((a, b) => order.get(applicationKeyString(a.snapshot))! - order.get(applicationKeyString(b.snapshot))!);
  }

  async getDeployments(keys: ApplicationKey[], page: { limit: number; offset: number }): Promise<DeploymentPage> {
    if (keys.length === 0) return { items: [], total: 0 };
    const tuples = keys.map(k => [k.instance, k.namespace, k.name]);
    const base = () => this.db('argo_pulse_deployments').whereIn(['instance', 'namespace', 'application'], tuples);
    const [{ count }] = await base().count({ count: '*' });
    const rows = await base()
      .orderBy([{ column: 'finished_at', order: 'desc' }, { column: 'id', order: 'desc' }])
      .limit(page.limit)
      .offset(page.offset)
      .select();
    const deployments: DeploymentRecord[] = rows.map(r => ({
      instance: r.instance,
      namespace: r.namespace,
      application: r.application,
      historyId: Number(r.history_id),
      revisions: JSON.parse(r.revisions),
      sources: JSON.parse(r.sources),
      startedAt: orUndefined(r.started_at),
      finishedAt: r.finished_at,
      initiatedBy: parseJson(r.initiated_by),
      images: JSON.parse(r.images),
      imagesSettled: true,
      syncResult: parseJson(r.sync_result),
    }));
    const commits = await this.commitsFor(deployments);
    return {
      total: Number(count),
      items: deployments.map(d => ({
        ...d,
        commits: d.revisions.flatMap(revision => commits.get(`${d.instance}/${d.namespace}/${d.application}/${revision}`) ?? []),
      })),
    };
  }

  async getInstanceStatuses(): Promise<InstanceStatusRecord[]> {
    const rows = await this.db('argo_pulse_instances').select().orderBy('instance');
    return rows.map(r => ({
      instance: r.instance,
      lastAttemptAt: orUndefined(r.last_attempt_at),
      lastSuccessAt: orUndefined(r.last_success_at),
      lastError: orUndefined(r.last_error),
      lastErrorAt: orUndefined(r.last_error_at),
      applicationCount: Number(r.application_count),
      cycleDurationMs: r.cycle_duration_ms === null ? undefined : Number(r.cycle_duration_ms),
    }));
  }

  async pruneDeployments(finishedBefore: string): Promise<number> {
    return this.db('argo_pulse_deployments').where('finished_at', '<', finishedBefore).delete();
  }

  private async commitsFor(deployments: DeploymentRecord[]): Promise<Map<string, CommitRecord>> {
    const wanted = deployments.flatMap(d => d.revisions.map(revision => [d.instance, d.namespace, d.application, revision]));
    const result = new Map<string, CommitRecord>();
    for (const batch of chunks(wanted)) {
      const rows = await this.db('argo_pulse_commits')
        .whereIn(['instance', 'namespace', 'application', 'revision'], batch)
        .whereNull('error')
        .select();
      for (const r of rows) {
        result.set(`${r.instance}/${r.namespace}/${r.application}/${r.revision}`, {
          instance: r.instance,
          namespace: r.namespace,
          application: r.application,
          revision: r.revision,
          author: orUndefined(r.author),
          message: orUndefined(r.message),
          committedAt: orUndefined(r.committed_at),
        });
      }
    }
    return result;
  }
}
