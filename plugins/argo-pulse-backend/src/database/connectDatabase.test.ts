import { mockServices } from '@backstage/backend-test-utils';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import { connectDatabase } from './connectDatabase';
import { describeOnEachDatabase } from '../testing/eachDatabase';

const LOCK_TABLE = 'argo_pulse_knex_migrations_lock';

describeOnEachDatabase('connecting at start-up on %s', testDatabase => {
  it('waits for another replica that holds the migration lock, then migrates', async () => {
    const knex = await testDatabase.knex();
    const database = mockServices.database({ knex });
    await connectDatabase(database);
    // Another replica starts migrating: the lock is taken.
    await knex(LOCK_TABLE).update({ is_locked: 1 });
    const logger = mockServices.logger.mock();
    const waits: number[] = [];
    const connected = connectDatabase(database, {
      logger,
      sleep: async ms => {
        waits.push(ms);
        if (waits.length === 2) await knex(LOCK_TABLE).update({ is_locked: 0 }); // the other replica finishes
      },
    });
    await expect(connected).resolves.toBe(knex);
    expect(waits).toEqual([1000, 2000]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^The database is not ready \(Migration table is already locked\); trying again in 1 s$/,
      ),
    );
  });

  it('waits for a database that is down at start-up, and comes up when it returns', async () => {
    const knex = await testDatabase.knex();
    let attempts = 0;
    const down = Object.assign(
      new Error('connect ECONNREFUSED 127.0.0.1:5432'),
      { code: 'ECONNREFUSED' },
    );
    const database: DatabaseService = {
      getClient: async () => {
        attempts += 1;
        if (attempts <= 3) throw down;
        return knex;
      },
    };
    await expect(
      connectDatabase(database, { sleep: async () => {} }),
    ).resolves.toBe(knex);
    expect(attempts).toBe(4);
  });

  it('gives up after its wait, and at once on a failure that will not pass', async () => {
    const down = Object.assign(
      new Error('connect ECONNREFUSED 127.0.0.1:5432'),
      { code: 'ECONNREFUSED' },
    );
    const never: DatabaseService = {
      getClient: async () => Promise.reject(down),
    };
    await expect(
      connectDatabase(never, { waitMs: 2500, sleep: async () => {} }),
    ).rejects.toThrow('ECONNREFUSED');

    let attempts = 0;
    const broken: DatabaseService = {
      getClient: async () => {
        attempts += 1;
        throw new Error('password authentication failed for user "backstage"');
      },
    };
    await expect(
      connectDatabase(broken, { sleep: async () => {} }),
    ).rejects.toThrow('password authentication failed');
    expect(attempts).toBe(1);
  });
});
