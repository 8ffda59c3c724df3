// Two backend processes on one PostgreSQL database, started together on a fresh database (so
// they race to create the same tables): between them each instance is listed once per interval,
// each expectation is resolved and announced once, and when the one polling is killed the
// other takes over within an interval or so.
import { gitApp, testInstance } from '@argo-pulse/argocd-simulator/testing';
import { waitFor } from '@argo-pulse/test-support';
import {
  BackendProcess,
  postgresDatabase,
  resolutionsAnnounced,
  startBackend,
} from './backendProcess';
import { FaultRig, startRig, stopRig } from './faultRig';
import { firstPoll } from './instanceStatuses';
import { expectNoSuiteSecrets, unhandledRejections } from './secretsSweep';

const INTERVAL_SECONDS = 2;
const LIST = 'GET /api/v1/applications';
const APPS = ['orders', 'billing', 'search'];
const image = (app: string, version: string) =>
  `ghcr.io/acme/${app}:${version}`;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe('two replicas on one PostgreSQL database', () => {
  let rig: FaultRig;
  let replicas: BackendProcess[];

  beforeEach(async () => {
    rig = await startRig(
      [
        testInstance(
          'prod',
          APPS.map(app => gitApp(app, { images: [image(app, '1.0.0')] })),
        ),
      ],
      // The plugin's schema is there, its tables are not: the two race for the migrations and
      // for the scheduler's tables.
      () => postgresDatabase({ schemaCreated: true }),
    );
    const argoPulse = {
      instances: [rig.byToken('prod')],
      // A poll may take far longer than an interval: failover must not wait for that.
      polling: {
        frequency: { seconds: INTERVAL_SECONDS },
        timeout: { seconds: 30 },
      },
    };
    // Backstage's own services (the schema, the auth keys' tables) also create tables with a check
    // first, before any plugin code runs; one of two processes may lose that race and end. As an
    // orchestrator would, it is started again once: what it then meets is Argo Pulse's own start.
    const replica = () =>
      startBackend(rig.database, argoPulse).catch(() =>
        startBackend(rig.database, argoPulse),
      );
    replicas = await Promise.all([replica(), replica()]);
    await firstPoll(replicas[0], 'prod');
    // Two starts of up to 60 s each (the second after a lost race) and the first poll: on two
    // cores shared with the rest of the suite, 90 s was seen to be too little.
  }, 180_000);
  afterEach(() => stopRig(rig));

  async function leaseHolder(name: string): Promise<string> {
    const db = rig.database.connect();
    try {
      return (await db('argo_pulse_leases').where({ name }).first()).holder;
    } finally {
      await db.destroy();
    }
  }
  const lists = () =>
    rig.simulator.instance('prod').counters.snapshot().endpoints[LIST]
      ?.requests ?? 0;

  it('list each instance once per interval between them, not once each', async () => {
    rig.simulator.instance('prod').counters.reset();
    const intervals = 5;
    await sleep(intervals * INTERVAL_SECONDS * 1000);
    // One replica polling lists `intervals` times (one more if the window catches a poll at each end); two would list twice as often.
    expect(lists()).toBeGreaterThanOrEqual(1);
    expect(lists()).toBeLessThanOrEqual(intervals + 1);
  }, 60_000);

  it('resolve and announce each expectation once, whichever replica it was posted to', async () => {
    const sim = rig.simulator.instance('prod');
    const ids: string[] = [];
    for (const [index, app] of APPS.entries()) {
      sim.rollout(app, { images: [image(app, '2.0.0')] });
      const posted = await replicas[index % 2].call('/expectations', {
        body: {
          application: { instance: 'prod', name: app },
          images: [image(app, '2.0.0')],
          timeoutSeconds: 600,
        },
      });
      expect(posted.status).toBe(202);
      ids.push(posted.body.id as string);
    }
    await waitFor(
      'every expectation to be deployed',
      async () =>
        (
          await Promise.all(
            ids.map(
              async id =>
                (
                  await replicas[1].call(`/expectations/${id}`)
                ).body.state,
            ),
          )
        ).every(s => s === 'deployed'),
      30_000,
    );
    // Both replicas evaluate (after each poll, on their timers, in the minute sweep); one resolves.
    await sleep(2 * INTERVAL_SECONDS * 1000);
    const logs = replicas.map(r => r.log()).join('\n');
    for (const id of ids) expect(resolutionsAnnounced(logs, id)).toBe(1);
    expect(unhandledRejections(logs)).toEqual([]);
    expectNoSuiteSecrets(...replicas);
  }, 60_000);

  it('20 storms of 20 posts for one repository through both replicas: each leaves exactly one pending, the last the database stored', async () => {
    const db = rig.database.connect();
    try {
      for (let storm = 0; storm < 20; storm++) {
        const posted = await Promise.all(
          Array.from({ length: 20 }, async (_, i) => {
            const { status, body } = await replicas[i % 2].call(
              '/expectations',
              {
                body: {
                  application: { instance: 'prod', name: 'orders' },
                  images: [image('orders', `9.${storm}.${i}`)],
                  timeoutSeconds: 600,
                },
              },
            );
            expect(status).toBe(202);
            return body.id as string;
          }),
        );
        const rows: Array<{ id: string; state: string; sequence: string }> =
          await db('argo_pulse_expectations')
            .whereIn('id', posted)
            .select('id', 'state', 'sequence');
        const last = rows.reduce((a, b) =>
          Number(a.sequence) > Number(b.sequence) ? a : b,
        );
        expect(rows.filter(r => r.state === 'pending').map(r => r.id)).toEqual([
          last.id,
        ]);
        expect(rows.filter(r => r.state === 'superseded')).toHaveLength(19);
      }
    } finally {
      await db.destroy();
    }
  }, 120_000);

  it('fail over: when the replica polling is killed, the other polls within an interval or so', async () => {
    // Each poll takes over a second: the holder is killed in the middle of one, its lease held.
    rig.simulator.instance('prod').faults.set({ latencyMs: 1200 });
    const holder = await leaseHolder('poll:prod');
    const polling = replicas.find(r =>
      r.log().includes(`(as replica ${holder})`),
    )!;
    const survivor = replicas.find(r => r !== polling)!;
    await polling.kill('SIGKILL');
    rig.simulator.instance('prod').counters.reset();
    // The dead holder's lease runs out (one interval) and the survivor's next turn comes (another at most).
    await waitFor(
      'the survivor to poll',
      async () => lists() >= 1,
      (2 * INTERVAL_SECONDS + 2) * 1000,
    );
    await waitFor(
      'the survivor to finish a poll',
      async () => !(await survivor.call('/instances')).body.instances[0].error,
      10_000,
    );
    expect(await leaseHolder('poll:prod')).not.toBe(holder);
  }, 60_000);
});
