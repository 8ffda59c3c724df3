import type { ExpectationState } from '@argo-pulse/backstage-plugin-common';
import type { ApplicationKey } from '../database/types';
import type {
  ExpectationProgress,
  ExpectationRecord,
  ExpectationResolution,
} from './types';

/** What `insert` did. */
export type InsertOutcome =
  | {
      kind: 'created';
      record: ExpectationRecord;
      superseded: ExpectationRecord[];
    }
  /** The idempotency key was used before: the record it made, whatever this request says. */
  | { kind: 'existing'; record: ExpectationRecord };

/** Where expectations live. Every state change out of `pending` is guarded, so it happens once. */
export interface ExpectationStore {
  /**
   * Stores a new pending expectation and, in the same transaction,
   * supersedes older pending ones that expect one of its repositories on
   * one of its applications. With an idempotency key already used, stores
   * nothing and answers the earlier record.
   */
  insert(
    record: ExpectationRecord,
    options: { supersedes: (older: ExpectationRecord) => boolean },
  ): Promise<InsertOutcome>;
  get(id: string): Promise<ExpectationRecord | undefined>;
  /** The expectations with these ids that exist, in no particular order. */
  getMany(ids: string[]): Promise<ExpectationRecord[]>;
  listForEntity(
    entityRef: string,
    options: { states?: ExpectationState[]; limit: number; offset: number },
  ): Promise<{ items: ExpectationRecord[]; total: number }>;
  /** Pending expectations that wait for any of these applications. */
  listPendingFor(keys: ApplicationKey[]): Promise<ExpectationRecord[]>;
  /** Pending expectations still waiting for their applications to appear in Argo CD (no targets yet). */
  listAwaiting(): Promise<ExpectationRecord[]>;
  /** Gives an awaiting expectation the applications found for it; false when it no longer awaits (another evaluation did it, or it resolved). */
  setTargets(id: string, targets: ApplicationKey[]): Promise<boolean>;
  /** Every pending expectation, oldest first. */
  listPending(): Promise<ExpectationRecord[]>;
  /** Pending expectations whose next check is due. */
  listDue(now: string): Promise<ExpectationRecord[]>;
  /** The earliest next check of any pending expectation. */
  earliestNextCheck(): Promise<string | undefined>;
  /** Deletes expectations that resolved before the cutoff; returns how many. Pending ones are kept. */
  pruneResolved(resolvedBefore: string): Promise<number>;
  /**
   * Records a pending expectation's progress, merged with what is stored
   * (see `mergeProgress`); no effect once it resolved.
   */
  updatePending(
    id: string,
    update: {
      progress: ExpectationProgress;
      waitingFor: string[];
      nextCheckAt: string;
      evaluatedAt: string;
    },
  ): Promise<void>;
  /**
   * Resolves a pending expectation. Answers the resolved record, or
   * undefined when it was no longer pending (someone else resolved it).
   */
  resolve(
    id: string,
    resolution: ExpectationResolution & {
      resolvedAt: string;
      progress?: ExpectationProgress;
      observed?: ExpectationRecord['observed'];
    },
  ): Promise<ExpectationRecord | undefined>;
}
