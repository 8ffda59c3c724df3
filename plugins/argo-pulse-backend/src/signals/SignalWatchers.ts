import type { Knex } from 'knex';
import { chunks } from '../database/chunks';
import type { ApplicationKey } from '../database/types';

const WATCHERS = 'argo_pulse_signal_watchers';

/** How long one read of an entity keeps its reader signalled; live pages re-read well within it. */
export const WATCH_TTL_MS = 15 * 60_000;

/** Each entity that has readers, with them (user entity refs). */
export type ReadersByEntity = Map<string, string[]>;

const lower = (text: string) => text.toLocaleLowerCase('en-US');

/**
 * Who read which entity recently, and which of its applications the read
 * showed: the only recipients of their change signals. In the database,
 * since the replica that signals is not always the one that served the
 * page. A reader is recorded once the catalog and the permission policy let
 * them read the entity, and stays one for `WATCH_TTL_MS`.
 */
export class SignalWatchers {
  /** When this replica last wrote each read, so that a page's re-reads are written only now and then. */
  private readonly written = new Map<string, number>();
  private lastPruned = 0;

  constructor(
    private readonly db: Knex,
    private readonly options: { now?: () => Date; ttlMs?: number } = {},
  ) {}

  /** Records that a signed-in user read an entity's Argo CD data, showing these applications. */
  async watch(
    userRef: string,
    entityRef: string,
    applications: ApplicationKey[],
  ): Promise<void> {
    const now = this.now();
    const entity = lower(entityRef);
    const rows = [{ instance: '', namespace: '', name: '' }, ...applications]
      .map(app => ({
        user_ref: userRef,
        entity_ref: entity,
        instance: app.instance,
        app_namespace: app.namespace,
        application: app.name,
        expires_at: new Date(now + this.ttl).toISOString(),
      }))
      .filter(row => this.due(row, now));
    for (const batch of chunks(rows))
      await this.db(WATCHERS)
        .insert(batch)
        .onConflict([
          'user_ref',
          'entity_ref',
          'instance',
          'app_namespace',
          'application',
        ])
        .merge(['expires_at']);
    if (now - this.lastPruned > this.ttl) {
      this.lastPruned = now;
      for (const [key, at] of this.written)
        if (now - at > this.ttl) this.written.delete(key);
      await this.db(WATCHERS)
        .where('expires_at', '<', new Date(now).toISOString())
        .delete();
    }
  }

  /** The readers of every entity a read showed one of the applications of. */
  async forApplications(keys: ApplicationKey[]): Promise<ReadersByEntity> {
    const rows: Row[] = [];
    for (const batch of chunks(keys))
      rows.push(
        ...(await this.current().whereIn(
          ['instance', 'app_namespace', 'application'],
          batch.map(k => [k.instance, k.namespace, k.name]),
        )),
      );
    return byEntity(rows);
  }

  /** The readers of the entities. */
  async forEntities(entityRefs: string[]): Promise<ReadersByEntity> {
    const rows: Row[] = [];
    for (const batch of chunks(entityRefs))
      rows.push(
        ...(await this.current().whereIn('entity_ref', batch.map(lower))),
      );
    return byEntity(rows);
  }

  /** The readers of every entity a read showed an application of the instance for. */
  async forInstance(instance: string): Promise<ReadersByEntity> {
    return byEntity(await this.current().where({ instance }));
  }

  /** Whether this replica should write the row now (a third of the watch after it last did). */
  private due(row: Record<string, string>, now: number): boolean {
    const key = [
      row.user_ref,
      row.entity_ref,
      row.instance,
      row.app_namespace,
      row.application,
    ].join('\n');
    if (now - (this.written.get(key) ?? -Infinity) < this.ttl / 3) return false;
    this.written.set(key, now);
    return true;
  }

  /** Readers whose watch has not expired, as distinct (entity, user) rows. */
  private current(): Knex.QueryBuilder<any, Row[]> {
    return this.db(WATCHERS)
      .where('expires_at', '>', new Date(this.now()).toISOString())
      .distinct('entity_ref', 'user_ref');
  }

  private get ttl(): number {
    return this.options.ttlMs ?? WATCH_TTL_MS;
  }

  private now(): number {
    return (this.options.now?.() ?? new Date()).getTime();
  }
}

interface Row {
  entity_ref: string;
  user_ref: string;
}

function byEntity(rows: Row[]): ReadersByEntity {
  const result: ReadersByEntity = new Map();
  for (const row of rows) {
    const users = result.get(row.entity_ref) ?? [];
    if (!users.includes(row.user_ref)) users.push(row.user_ref);
    result.set(row.entity_ref, users);
  }
  return result;
}
