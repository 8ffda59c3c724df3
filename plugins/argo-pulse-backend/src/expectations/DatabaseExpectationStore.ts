import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { ExpectationState } from '@argo-pulse/backstage-plugin-common';
import type { Knex } from 'knex';
import {
  json,
  orUndefined,
  parseJson,
  storableText,
} from '../database/columns';
import { chunks } from '../database/chunks';
import { connectDatabase } from '../database/connectDatabase';
import type { ApplicationKey } from '../database/types';
import type { ExpectationStore, InsertOutcome } from './ExpectationStore';
import { mergeProgress } from './evaluateExpectation';
import type { ExpectationRecord, ExpectationResolution } from './types';

const EXPECTATIONS = 'argo_pulse_expectations';
const TARGETS = 'argo_pulse_expectation_targets';
const COUNTERS = 'argo_pulse_counters';

type Row = Record<string, any>;

function toRow(r: ExpectationRecord): Row {
  return {
    id: r.id,
    sequence: r.sequence ?? null,
    entity_ref: r.entityRef ?? null,
    images: json(r.images),
    state: r.state,
    reason: r.reason ?? null,
    message: storableText(r.message),
    waiting_for: r.waitingFor ? json(r.waitingFor) : null,
    created_at: r.createdAt,
    deadline_at: r.deadlineAt,
    resolved_at: r.resolvedAt ?? null,
    next_check_at: r.nextCheckAt ?? null,
    revision: storableText(r.revision, 255),
    author: storableText(r.author),
    run_url: storableText(r.runUrl),
    created_by: storableText(r.createdBy, 255),
    superseded_by: r.supersededBy ?? null,
    progress: json(r.progress),
    observed: r.observed ? json(r.observed) : null,
    deployments: r.deployments ? json(r.deployments) : null,
    idempotency_key: r.idempotencyKey ?? null,
    request_hash: r.requestHash ?? null,
    compat: r.compat ? json(r.compat) : null,
    awaiting: r.awaiting ? json(r.awaiting) : null,
  };
}

async function insertTargets(
  tx: Knex.Transaction,
  id: string,
  targets: ApplicationKey[],
): Promise<void> {
  if (targets.length === 0) return; // awaiting applications not seen yet
  await tx(TARGETS).insert(
    targets.map((t, position) => ({
      expectation_id: id,
      instance: t.instance,
      namespace: t.namespace,
      application: t.name,
      position,
    })),
  );
}

function fromRow(row: Row, targets: ApplicationKey[]): ExpectationRecord {
  const optional = {
    entityRef: orUndefined(row.entity_ref),
    // PostgreSQL answers a bigint as a string.
    sequence: row.sequence === null ? undefined : Number(row.sequence),
    reason: orUndefined(row.reason),
    message: orUndefined(row.message),
    waitingFor: parseJson<string[]>(row.waiting_for),
    resolvedAt: orUndefined(row.resolved_at),
    nextCheckAt: orUndefined(row.next_check_at),
    revision: orUndefined(row.revision),
    author: orUndefined(row.author),
    runUrl: orUndefined(row.run_url),
    createdBy: orUndefined(row.created_by),
    supersededBy: orUndefined(row.superseded_by),
    observed: parseJson<ExpectationRecord['observed']>(row.observed),
    deployments: parseJson<ExpectationRecord['deployments']>(row.deployments),
    idempotencyKey: orUndefined(row.idempotency_key),
    requestHash: orUndefined(row.request_hash),
    compat: parseJson<ExpectationRecord['compat']>(row.compat),
    awaiting: parseJson<ExpectationRecord['awaiting']>(row.awaiting),
  };
  return {
    id: row.id,
    targets,
    images: JSON.parse(row.images),
    state: row.state,
    createdAt: row.created_at,
    deadlineAt: row.deadline_at,
    progress: JSON.parse(row.progress),
    ...(Object.fromEntries(
      Object.entries(optional).filter(([, v]) => v !== undefined),
    ) as Partial<ExpectationRecord>),
  };
}

/**
 * The next number of the expectations counter. The update locks the counter
 * row (PostgreSQL) or the database (SQLite) until the transaction ends.
 */
async function nextSequence(tx: Knex.Transaction): Promise<number> {
  await tx(COUNTERS).where({ name: 'expectations' }).increment('value', 1);
  const row = await tx(COUNTERS).where({ name: 'expectations' }).first();
  return Number(row.value);
}

/**
 * The record, posted no earlier than what it supersedes: replicas' clocks
 * differ by milliseconds, and a superseding expectation that reads as posted
 * before the one it replaced would confuse every reader. The deadline moves
 * with it, so the timeout stays the one asked for.
 */
function laterThan(
  older: ExpectationRecord[],
  record: ExpectationRecord,
): ExpectationRecord {
  const latest = Math.max(...older.map(o => Date.parse(o.createdAt)));
  const shift = latest - Date.parse(record.createdAt);
  if (!(shift > 0)) return record;
  const moved = (time: string) =>
    new Date(Date.parse(time) + shift).toISOString();
  return {
    ...record,
    createdAt: moved(record.createdAt),
    deadlineAt: moved(record.deadlineAt),
    ...(record.nextCheckAt ? { nextCheckAt: moved(record.nextCheckAt) } : {}),
  };
}

function resolutionColumns(
  resolution: Parameters<ExpectationStore['resolve']>[1],
): Row {
  const base: Row = {
    state: resolution.state,
    resolved_at: resolution.resolvedAt,
    next_check_at: null,
    waiting_for: null,
    ...(resolution.progress ? { progress: json(resolution.progress) } : {}),
    ...(resolution.observed ? { observed: json(resolution.observed) } : {}),
  };
  const specific: {
    [S in ExpectationResolution['state']]: (
      r: Extract<ExpectationResolution, { state: S }>,
    ) => Row;
  } = {
    deployed: r => ({ deployments: json(r.deployments) }),
    failed: r => ({ reason: r.reason, message: storableText(r.message) }),
    superseded: r => ({ superseded_by: r.supersededBy, message: r.message }),
    cancelled: r => ({ message: storableText(r.message) }),
  };
  return { ...base, ...specific[resolution.state](resolution as never) };
}

/** The knex implementation of the expectation store, for SQLite and PostgreSQL. */
export class DatabaseExpectationStore implements ExpectationStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseExpectationStore> {
    return new DatabaseExpectationStore(
      await connectDatabase(options.database),
    );
  }

  private constructor(private readonly db: Knex) {}

  async insert(
    posted: ExpectationRecord,
    options: { supersedes: (older: ExpectationRecord) => boolean },
  ): Promise<InsertOutcome> {
    try {
      return await this.db.transaction(async tx => {
        // First, before reading anything: this waits for every other insert,
        // on any replica, to commit, so what is read next includes them all.
        const sequence = await nextSequence(tx);
        if (posted.idempotencyKey) {
          const earlier = await this.withTargets(
            tx,
            tx(EXPECTATIONS).where({ idempotency_key: posted.idempotencyKey }),
          );
          if (earlier[0])
            return { kind: 'existing', record: earlier[0] } as const;
        }
        const overlapping = (await this.pendingFor(tx, posted.targets)).filter(
          options.supersedes,
        );
        const record = laterThan(overlapping, { ...posted, sequence });
        const superseded: ExpectationRecord[] = [];
        for (const older of overlapping) {
          const message = `Superseded by expectation ${record.id}`;
          const updated = await tx(EXPECTATIONS)
            .where({ id: older.id, state: 'pending' })
            .update(
              resolutionColumns({
                state: 'superseded',
                supersededBy: record.id,
                message,
                resolvedAt: record.createdAt,
              }),
            );
          if (updated === 1) {
            superseded.push({
              ...older,
              state: 'superseded',
              supersededBy: record.id,
              message,
              resolvedAt: record.createdAt,
              waitingFor: undefined,
              nextCheckAt: undefined,
            });
          }
        }
        await tx(EXPECTATIONS).insert(toRow(record));
        await insertTargets(tx, record.id, record.targets);
        return { kind: 'created', record, superseded } as const;
      });
    } catch (error) {
      // Two retries with one key at the same moment: the unique index lets
      // one insert win; the other answers what the winner stored.
      if (posted.idempotencyKey) {
        const earlier = await this.withTargets(
          this.db,
          this.db(EXPECTATIONS).where({
            idempotency_key: posted.idempotencyKey,
          }),
        );
        if (earlier[0]) return { kind: 'existing', record: earlier[0] };
      }
      throw error;
    }
  }

  async get(id: string): Promise<ExpectationRecord | undefined> {
    const [record] = await this.withTargets(
      this.db,
      this.db(EXPECTATIONS).where({ id }),
    );
    return record;
  }

  async getMany(ids: string[]): Promise<ExpectationRecord[]> {
    return this.byIds(this.db, ids);
  }

  async listForEntity(
    entityRef: string,
    options: { states?: ExpectationState[]; limit: number; offset: number },
  ) {
    const base = () => {
      const query = this.db(EXPECTATIONS).where({ entity_ref: entityRef });
      if (options.states?.length) query.whereIn('state', options.states);
      return query;
    };
    const [{ count }] = await base().count({ count: '*' });
    const items = await this.withTargets(
      this.db,
      base()
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(options.limit)
        .offset(options.offset),
    );
    return { items, total: Number(count) };
  }

  async listPendingFor(keys: ApplicationKey[]): Promise<ExpectationRecord[]> {
    return this.pendingFor(this.db, keys);
  }

  async listAwaiting(): Promise<ExpectationRecord[]> {
    return this.withTargets(
      this.db,
      this.db(EXPECTATIONS)
        .where({ state: 'pending' })
        .whereNotNull('awaiting')
        .orderBy(['created_at', 'id']),
    );
  }

  async setTargets(id: string, targets: ApplicationKey[]): Promise<boolean> {
    return this.db.transaction(async tx => {
      // Guarded: only the first evaluation that finds the applications gives them.
      const updated = await tx(EXPECTATIONS)
        .where({ id, state: 'pending' })
        .whereNotNull('awaiting')
        .update({ awaiting: null });
      if (updated !== 1) return false;
      await insertTargets(tx, id, targets);
      return true;
    });
  }

  async listPending(): Promise<ExpectationRecord[]> {
    return this.withTargets(
      this.db,
      this.db(EXPECTATIONS)
        .where({ state: 'pending' })
        .orderBy(['created_at', 'id']),
    );
  }

  async listDue(now: string): Promise<ExpectationRecord[]> {
    return this.withTargets(
      this.db,
      this.db(EXPECTATIONS)
        .where({ state: 'pending' })
        .where('next_check_at', '<=', now)
        .orderBy('next_check_at'),
    );
  }

  async earliestNextCheck(): Promise<string | undefined> {
    const [row] = await this.db(EXPECTATIONS)
      .where({ state: 'pending' })
      .min({ next: 'next_check_at' });
    return orUndefined(row?.next);
  }

  async pruneResolved(resolvedBefore: string): Promise<number> {
    // Targets go with their expectation (ON DELETE CASCADE); SQLite enforces
    // foreign keys only when asked, so they are deleted explicitly too.
    return this.db.transaction(async (tx): Promise<number> => {
      const old = tx(EXPECTATIONS)
        .whereNot({ state: 'pending' })
        .where('resolved_at', '<', resolvedBefore)
        .select('id');
      await tx(TARGETS).whereIn('expectation_id', old).delete();
      return tx(EXPECTATIONS)
        .whereNot({ state: 'pending' })
        .where('resolved_at', '<', resolvedBefore)
        .delete();
    });
  }

  async updatePending(
    id: string,
    update: Parameters<ExpectationStore['updatePending']>[1],
  ): Promise<void> {
    await this.db.transaction(async tx => {
      const query = tx(EXPECTATIONS)
        .where({ id, state: 'pending' })
        .select('progress', 'next_check_at');
      // PostgreSQL: hold the row so a concurrent evaluation merges after this one (SQLite serializes writers anyway).
      if (this.db.client.dialect === 'postgresql') query.forUpdate();
      const [row] = await query;
      if (!row) return;
      const stored: string | null = row.next_check_at;
      // A stored wake-up still ahead and sooner wins: it was computed from something this evaluation did not see.
      const nextCheckAt =
        stored && stored > update.evaluatedAt && stored < update.nextCheckAt
          ? stored
          : update.nextCheckAt;
      await tx(EXPECTATIONS)
        .where({ id, state: 'pending' })
        .update({
          progress: json(
            mergeProgress(JSON.parse(row.progress), update.progress),
          ),
          waiting_for: json(update.waitingFor),
          next_check_at: nextCheckAt,
        });
    });
  }

  async resolve(
    id: string,
    resolution: Parameters<ExpectationStore['resolve']>[1],
  ): Promise<ExpectationRecord | undefined> {
    const updated = await this.db(EXPECTATIONS)
      .where({ id, state: 'pending' })
      .update(resolutionColumns(resolution));
    return updated === 1 ? this.get(id) : undefined;
  }

  private async pendingFor(
    db: Knex | Knex.Transaction,
    keys: ApplicationKey[],
  ): Promise<ExpectationRecord[]> {
    const ids = new Set<string>();
    for (const batch of chunks(keys)) {
      const rows = await db(TARGETS)
        .join(EXPECTATIONS, `${EXPECTATIONS}.id`, `${TARGETS}.expectation_id`)
        .where(`${EXPECTATIONS}.state`, 'pending')
        .whereIn(
          [
            `${TARGETS}.instance`,
            `${TARGETS}.namespace`,
            `${TARGETS}.application`,
          ],
          batch.map(k => [k.instance, k.namespace, k.name]),
        )
        .distinct(`${TARGETS}.expectation_id`);
      rows.forEach(r => ids.add(r.expectation_id));
    }
    return this.byIds(db, [...ids]);
  }

  /** The expectations with these ids, oldest first within each batch of ids. */
  private async byIds(
    db: Knex | Knex.Transaction,
    ids: string[],
  ): Promise<ExpectationRecord[]> {
    const records: ExpectationRecord[] = [];
    for (const batch of chunks(ids)) {
      records.push(
        ...(await this.withTargets(
          db,
          db(EXPECTATIONS).whereIn('id', batch).orderBy('created_at'),
        )),
      );
    }
    return records;
  }

  /** Runs a query over the expectations table and attaches each row's targets. */
  private async withTargets(
    db: Knex | Knex.Transaction,
    query: Knex.QueryBuilder,
  ): Promise<ExpectationRecord[]> {
    const rows: Row[] = await query.select();
    const targets = new Map<string, ApplicationKey[]>();
    for (const batch of chunks(rows.map(r => r.id as string))) {
      const targetRows = await db(TARGETS)
        .whereIn('expectation_id', batch)
        .orderBy(['expectation_id', 'position']);
      for (const t of targetRows) {
        const list = targets.get(t.expectation_id) ?? [];
        list.push({
          instance: t.instance,
          namespace: t.namespace,
          name: t.application,
        });
        targets.set(t.expectation_id, list);
      }
    }
    return rows.map(row => fromRow(row, targets.get(row.id) ?? []));
  }
}
