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
}

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
}
