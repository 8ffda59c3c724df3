import type { ArgoPulseOperationAction } from '@argo-pulse/backstage-plugin-common';
import type { Knex } from 'knex';
import { chunks } from '../database/chunks';
import { json, parseJson, storableText } from '../database/columns';
import type { ApplicationKey } from '../database/types';

const TABLE = 'argo_pulse_operations';

/** How an operation started from Backstage went: `pending` while Argo CD has not answered. */
export type OperationOutcome = 'pending' | 'refreshed' | 'started' | 'failed';

/** One operation started from Backstage, as `argo_pulse_operations` keeps it. */
export interface OperationRecord extends ApplicationKey {
  id: number;
  action: ArgoPulseOperationAction;
  userRef: string;
  entityRef: string;
  requestedAt: string;
  answeredAt?: string;
  outcome: OperationOutcome;
  error?: string;
  request?: Record<string, unknown>;
}

function fromRow(r: Record<string, any>): OperationRecord {
  return {
    id: Number(r.id),
    instance: r.instance,
    namespace: r.app_namespace,
    name: r.application,
    action: r.action,
    userRef: r.user_ref,
    entityRef: r.entity_ref,
    requestedAt: r.requested_at,
    ...(r.answered_at ? { answeredAt: r.answered_at } : {}),
    outcome: r.outcome,
    ...(r.error ? { error: r.error } : {}),
    ...(r.request ? { request: parseJson(r.request) } : {}),
  };
}

const whereApplication = (key: ApplicationKey) => ({
  instance: key.instance,
  app_namespace: key.namespace,
  application: key.name,
});

/**
 * The operations users started from Backstage, in the plugin's database:
 * shared by every replica, so the rate limit holds across them, and kept for
 * the history's "started by alice via Backstage".
 */
export class OperationStore {
  constructor(private readonly db: Knex) {}

  /**
   * Records a request as pending and answers it, unless an earlier request
   * of the same user, application and action is still pending (for at most
   * `inFlightMs`) or succeeded after `answeredSince`: then that one is
   * answered instead and nothing is recorded. The new row is written first
   * and compared with the rows before it (lower ids), so of two requests on
   * two replicas at once exactly one goes ahead.
   */
  async begin(
    operation: Omit<OperationRecord, 'id' | 'outcome' | 'answeredAt'>,
    window: { answeredSince: string; pendingSince: string },
  ): Promise<
    | { started: OperationRecord; earlier?: never }
    | { earlier: OperationRecord; started?: never }
  > {
    const [inserted] = await this.db(TABLE)
      .insert({
        ...whereApplication(operation),
        action: operation.action,
        user_ref: operation.userRef,
        entity_ref: operation.entityRef,
        requested_at: operation.requestedAt,
        outcome: 'pending',
        request: operation.request ? json(operation.request) : null,
      })
      .returning('id');
    const id = Number(typeof inserted === 'object' ? inserted.id : inserted);
    const earlier = await this.db(TABLE)
      .where(whereApplication(operation))
      .andWhere({ action: operation.action, user_ref: operation.userRef })
      .andWhere('id', '<', id)
      .andWhere(q =>
        q
          .where(p =>
            p
              .where('outcome', 'pending')
              .andWhere('requested_at', '>=', window.pendingSince),
          )
          .orWhere(p =>
            p
              .whereIn('outcome', ['refreshed', 'started'])
              .andWhere('answered_at', '>=', window.answeredSince),
          ),
      )
      .orderBy('id', 'desc')
      .first();
    if (earlier) {
      await this.db(TABLE).where({ id }).delete();
      return { earlier: fromRow(earlier) };
    }
    return {
      started: { ...operation, id, outcome: 'pending' },
    };
  }

  /** Records Argo CD's answer to a pending operation. */
  async finish(
    id: number,
    answer: {
      outcome: Exclude<OperationOutcome, 'pending'>;
      at: string;
      error?: string;
    },
  ): Promise<void> {
    await this.db(TABLE)
      .where({ id })
      .update({
        outcome: answer.outcome,
        answered_at: answer.at,
        error: answer.error ? storableText(answer.error, 2000) : null,
      });
  }

  /**
   * The syncs and rollbacks Argo CD started on these applications, requested
   * in the time given, oldest first: what the history matches its
   * deployments with.
   */
  async startedOperations(
    keys: ApplicationKey[],
    between: { from: string; to: string },
  ): Promise<OperationRecord[]> {
    const found: OperationRecord[] = [];
    for (const batch of chunks(keys, 200)) {
      if (batch.length === 0) continue;
      const rows = await this.db(TABLE)
        .where(q => {
          for (const key of batch) q.orWhere(whereApplication(key));
        })
        .whereIn('action', ['sync', 'rollback'])
        .andWhere('outcome', 'started')
        .andWhere('requested_at', '>=', between.from)
        .andWhere('requested_at', '<=', between.to)
        .orderBy('requested_at', 'asc')
        .select();
      found.push(...rows.map(fromRow));
    }
    return found.sort((a, b) => (a.requestedAt < b.requestedAt ? -1 : 1));
  }

  /** Argo CD's history id of one of the application's deployments, by its event key (`ArgoPulseDeployment.id`). */
  async historyIdOf(
    key: ApplicationKey,
    eventKey: string,
  ): Promise<{ historyId?: number; finishedAt: string } | undefined> {
    const row = await this.db('argo_pulse_deployments')
      .where({
        instance: key.instance,
        namespace: key.namespace,
        application: key.name,
        event_key: eventKey,
      })
      .first('history_id', 'finished_at');
    if (!row) return undefined;
    return {
      ...(row.history_id === null || row.history_id === undefined
        ? {}
        : { historyId: Number(row.history_id) }),
      finishedAt: row.finished_at,
    };
  }

  /** Deletes operations requested before the cutoff (the history's retention); answers how many went. */
  async prune(before: string): Promise<number> {
    return this.db(TABLE).where('requested_at', '<', before).delete();
  }
}
