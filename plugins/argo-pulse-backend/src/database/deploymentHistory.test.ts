import { mockServices } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { DatabaseArgoPulseStore } from './DatabaseArgoPulseStore';
import { deploymentEventKey } from './deploymentIdentity';
import { deploymentFromRow, deploymentRow } from './deploymentRows';
import type { DeploymentRecord } from './types';
import { describeOnEachDatabase } from '../testing/eachDatabase';
import { deploymentRecord } from '../testing/records';

const MIGRATIONS = resolvePackagePath(
  '@argo-pulse/backstage-plugin-backend',
  'migrations',
);
const migrationConfig = {
  directory: MIGRATIONS,
  tableName: 'argo_pulse_knex_migrations',
};
const key = { instance: 'prod', namespace: 'argocd', name: 'payments' };

function historyEntry(
  historyId: number,
  finishedAt: string,
  revision: string,
): DeploymentRecord {
  return deploymentRecord('payments', {
    historyId,
    revisions: [revision],
    finishedAt,
    images: [`payments:${revision}`],
    imagesSettled: true,
  });
}

function failedOperation(
  startedAt: string,
  finishedAt: string,
  revision: string,
): DeploymentRecord {
  return deploymentRecord('payments', {
    revisions: [revision],
    startedAt,
    finishedAt,
    syncResult: {
      phase: 'Failed',
      message: 'one or more objects failed to apply',
    },
  });
}

async function writeDeployments(
  store: DatabaseArgoPulseStore,
  deployments: DeploymentRecord[],
) {
  await store.writeOverviewBatch({
    instance: 'prod',
    applications: [],
    deployments,
  });
}

describeOnEachDatabase('deployment history on %s', database => {
  async function createStore() {
    const knex = await database.knex();
    return {
      knex,
      store: await DatabaseArgoPulseStore.create({
        database: mockServices.database({ knex }),
      }),
    };
  }

  it("reads each application's latest history entries for the version matrix in one go: newest first, cut per application, failed operations left out", async () => {
    const { store } = await createStore();
    const other = {
      ...historyEntry(0, '2026-11-30T09:30:00.000Z', 'other'),
      application: 'checkout',
    };
    await writeDeployments(store, [
      historyEntry(0, '2026-11-30T09:00:00.000Z', 'one'),
      historyEntry(1, '2026-11-30T10:00:00.000Z', 'two'),
      failedOperation(
        '2026-11-30T10:10:00.000Z',
        '2026-11-30T10:11:00.000Z',
        'bad',
      ),
      historyEntry(2, '2026-11-30T11:00:00.000Z', 'three'),
      other,
    ]);
    const recent = await store.getRecentImages(
      [key, { ...key, name: 'checkout' }, { ...key, name: 'never-deployed' }],
      2,
    );
    expect(Object.fromEntries(recent)).toEqual({
      'prod/argocd/payments': [
        {
          finishedAt: '2026-11-30T11:00:00.000Z',
          images: ['payments:three'],
        },
        { finishedAt: '2026-11-30T10:00:00.000Z', images: ['payments:two'] },
      ],
      'prod/argocd/checkout': [
        {
          finishedAt: '2026-11-30T09:30:00.000Z',
          images: ['payments:other'],
        },
      ],
    });
  });

  it('keeps a failed operation and the successful one after it, each once however often they are seen', async () => {
    const { store } = await createStore();
    const failed = failedOperation(
      '2026-11-30T10:00:00.000Z',
      '2026-11-30T10:01:00.000Z',
      'bad',
    );
    await writeDeployments(store, [
      historyEntry(0, '2026-11-30T09:00:00.000Z', 'one'),
      failed,
    ]);
    await writeDeployments(store, [
      historyEntry(0, '2026-11-30T09:00:00.000Z', 'one'),
      failed,
    ]);
    await writeDeployments(store, [
      historyEntry(0, '2026-11-30T09:00:00.000Z', 'one'),
      historyEntry(1, '2026-11-30T10:05:00.000Z', 'fix'),
    ]);

    const page = await store.getDeployments([key], { limit: 10, offset: 0 });
    expect(page.total).toBe(3);
    expect(
      page.items.map(d => [d.historyId, d.revisions[0], d.syncResult?.phase]),
    ).toEqual([
      [1, 'fix', undefined],
      [undefined, 'bad', 'Failed'],
      [0, 'one', undefined],
    ]);
    expect(page.items[1].syncResult?.message).toBe(
      'one or more objects failed to apply',
    );
  });

  it('never overwrites a row when a re-created application restarts its history ids', async () => {
    const { store } = await createStore();
    await writeDeployments(store, [
      historyEntry(0, '2026-11-01T09:00:00.000Z', 'a'),
      historyEntry(1, '2026-11-02T09:00:00.000Z', 'b'),
    ]);
    // Deleted and re-created: Argo CD counts from 0 again.
    await writeDeployments(store, [
      historyEntry(0, '2026-11-30T09:00:00.000Z', 'c'),
    ]);

    const page = await store.getDeployments([key], { limit: 10, offset: 0 });
    expect(
      page.items.map(d => [d.historyId, d.revisions[0], d.images[0]]),
    ).toEqual([
      [0, 'c', 'payments:c'],
      [1, 'b', 'payments:b'],
      [0, 'a', 'payments:a'],
    ]);
  });

  it('a deployment left progressing is superseded once a newer one is stored: by the next batch, or else by the sweep', async () => {
    const { knex, store } = await createStore();
    const results = async () =>
      (
        await knex('argo_pulse_deployments')
          .orderBy('finished_at')
          .select('result')
      ).map(r => r.result);
    // No application in the batch: the newest entry stays progressing.
    await writeDeployments(store, [
      historyEntry(0, '2026-12-01T09:00:00.000Z', 'a'),
    ]);
    await writeDeployments(store, [
      historyEntry(1, '2026-12-01T10:00:00.000Z', 'b'),
    ]);
    expect(await results()).toEqual(['superseded', 'progressing']);

    // A newer row that no batch brought (Argo CD dropped the older entry first): the sweep decides.
    await knex('argo_pulse_deployments').insert(
      deploymentRow({
        ...historyEntry(2, '2026-12-01T11:00:00.000Z', 'c'),
        result: { status: 'unknown' },
      }),
    );
    expect(
      await store.settleOverdueDeployments('2026-12-01T12:00:00.000Z'),
    ).toEqual([key]);
    expect(await results()).toEqual(['superseded', 'superseded', 'unknown']);
  });

  it('the migration keeps every existing row and keys it as the code does, so nothing is stored twice', async () => {
    const knex = await database.knex();
    const before = [
      '20261122000000_init.js',
      '20261122120000_expectations.js',
      '20261130000000_detail_queue.js',
      '20261130120000_leases.js',
    ];
    for (const name of before)
      await knex.migrate.up({ ...migrationConfig, name });
    const existing = [
      historyEntry(3, '2026-11-01T09:00:00.000Z', 'a'),
      historyEntry(3, '2026-11-20T09:00:00.000Z', 'b'),
    ].map((d, i) => {
      // Columns of later migrations are not there yet.
      const {
        event_key: _notYet,
        images_from: _neither,
        missed_before: _nor,
        ...row
      } = deploymentRow({ ...d, application: `app-${i}` });
      return row;
    });
    await knex('argo_pulse_deployments').insert(existing);

    const store = await DatabaseArgoPulseStore.create({
      database: mockServices.database({ knex }),
    });
    const rows = await knex('argo_pulse_deployments').orderBy('id').select();
    expect(rows).toHaveLength(2);
    for (const row of rows)
      expect(row.event_key).toBe(deploymentEventKey(deploymentFromRow(row)));

    // The next poll sees the same history entry: it is recognised, not added.
    await writeDeployments(store, [
      {
        ...historyEntry(3, '2026-11-01T09:00:00.000Z', 'a'),
        application: 'app-0',
      },
    ]);
    const [{ n }] = await knex('argo_pulse_deployments').count({ n: '*' });
    expect(Number(n)).toBe(2);
  });

  it("the results migration: failed syncs failed, each application's newest entry progressing (settled later), older entries unknown", async () => {
    const knex = await database.knex();
    const migrations = (await knex.migrate.list(migrationConfig))[1] as Array<{
      file: string;
    }>;
    for (const { file } of migrations.filter(
      m => m.file < '20261207220000_deployment_results.js',
    ))
      await knex.migrate.up({ ...migrationConfig, name: file });
    // payments: two syncs (a, then b) and a failed one (c); other: one sync (x).
    const syncs = ['a', 'b'].map((revision, day) =>
      historyEntry(day, `2026-11-0${day + 1}T09:00:00.000Z`, revision),
    );
    const failed = failedOperation(
      '2026-11-03T08:59:00.000Z',
      '2026-11-03T09:00:00.000Z',
      'c',
    );
    const other = {
      ...historyEntry(5, '2026-11-04T09:00:00.000Z', 'x'),
      application: 'other',
    };
    await knex('argo_pulse_deployments').insert(
      [...syncs, failed, other].map(deploymentRow),
    );
    await knex.migrate.up({
      ...migrationConfig,
      name: '20261207220000_deployment_results.js',
    });
    const rows = await knex('argo_pulse_deployments')
      .orderBy('finished_at')
      .select('application', 'history_id', 'result', 'settled_at');
    expect(rows.map(r => [r.application, r.result])).toEqual([
      ['payments', 'unknown'],
      ['payments', 'progressing'],
      ['payments', 'failed'],
      ['other', 'progressing'],
    ]);
    expect(rows[2].settled_at).toBe('2026-11-03T09:00:00.000Z');
  });
});
