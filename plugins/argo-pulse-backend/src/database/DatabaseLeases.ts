import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { connectDatabase } from './connectDatabase';

/** Exclusive, expiring claims on jobs that one backend replica at a time must run. */
export interface Leases {
  /** Takes the lease, or renews it when `holder` has it; answers whether `holder` has it now. */
  tryAcquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** When the lease runs out, if anyone holds it. */
  expiresAt(name: string): Promise<Date | undefined>;
  /** Gives the lease up, if `holder` has it, so another replica need not wait for it to expire. */
  release(name: string, holder: string): Promise<void>;
  /**
   * Gives the lease up, if `holder` has it, from when it runs out (the interval it covers is
   * still the holder's), leaving a record that it was handed on: its holder becomes
   * {@link HANDED_ON}. Replicas sharing work tell a lease handed on for balance from one whose
   * holder died (which ran out with its holder named), and how long it has been free.
   */
  handOn(name: string, holder: string): Promise<void>;
  /** Records a lease nobody has held as free from now on, unless there is a record of it already. */
  markFree(name: string): Promise<void>;
  /** The leases whose names start with `prefix`, expired or not. */
  list(prefix: string): Promise<LeaseRecord[]>;
  /** Deletes the leases whose names start with `prefix` that ran out before `before`. */
  prune(prefix: string, before: Date): Promise<void>;
}

/** One lease as stored: who holds (or last held) it, until when. */
export interface LeaseRecord {
  name: string;
  holder: string;
  expiresAt: Date;
}

/** The holder of a lease given up with `handOn` (or recorded with `markFree`): nobody. */
export const HANDED_ON = '';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, c => `\\${c}`);

/**
 * Leases in the plugin's database: one row per job. Taking one is a single
 * upsert that only overwrites an expired lease or the holder's own, so two
 * replicas racing for it cannot both win.
 */
export class DatabaseLeases implements Leases {
  static async create(options: {
    database: DatabaseService;
    now?: () => Date;
  }): Promise<DatabaseLeases> {
    return new DatabaseLeases(
      await connectDatabase(options.database),
      options.now ?? (() => new Date()),
    );
  }

  private constructor(
    private readonly db: Knex,
    private readonly now: () => Date,
  ) {}

  async tryAcquire(
    name: string,
    holder: string,
    ttlMs: number,
  ): Promise<boolean> {
    const now = this.now();
    const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
    await this.db('argo_pulse_leases')
      .insert({ name, holder, expires_at: expiresAt })
      .onConflict('name')
      .merge({ holder, expires_at: expiresAt })
      .where(function ownOrExpired() {
        this.where('argo_pulse_leases.holder', holder).orWhere(
          'argo_pulse_leases.expires_at',
          '<',
          now.toISOString(),
        );
      });
    const row = await this.db('argo_pulse_leases')
      .where({ name })
      .first('holder');
    return row?.holder === holder;
  }

  async expiresAt(name: string): Promise<Date | undefined> {
    const row = await this.db('argo_pulse_leases')
      .where({ name })
      .first('expires_at');
    return row ? new Date(row.expires_at) : undefined;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.db('argo_pulse_leases').where({ name, holder }).delete();
  }

  async handOn(name: string, holder: string): Promise<void> {
    await this.db('argo_pulse_leases')
      .where({ name, holder })
      .update({ holder: HANDED_ON });
  }

  async markFree(name: string): Promise<void> {
    // Expired a millisecond ago, so that a replica may take it at once (tryAcquire takes a
    // lease that expired strictly before its own now).
    const expiresAt = new Date(this.now().getTime() - 1).toISOString();
    await this.db('argo_pulse_leases')
      .insert({ name, holder: HANDED_ON, expires_at: expiresAt })
      .onConflict('name')
      .ignore();
  }

  async list(prefix: string): Promise<LeaseRecord[]> {
    const rows: Array<{ name: string; holder: string; expires_at: string }> =
      await this.db('argo_pulse_leases')
        .whereRaw(`name like ? escape '\\'`, [`${escapeLike(prefix)}%`])
        .select('name', 'holder', 'expires_at');
    return rows.map(row => ({
      name: row.name,
      holder: row.holder,
      expiresAt: new Date(row.expires_at),
    }));
  }

  async prune(prefix: string, before: Date): Promise<void> {
    await this.db('argo_pulse_leases')
      .whereRaw(`name like ? escape '\\'`, [`${escapeLike(prefix)}%`])
      .where('expires_at', '<', before.toISOString())
      .delete();
  }
}
