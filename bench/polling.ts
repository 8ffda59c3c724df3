// Benchmark: how polling and page views scale with the number of applications.
//   npm run bench:polling -- [--apps 2000] [--changed 20] [--postgres postgresql://postgres@127.0.0.1:5432]
// Prints figures; asserts nothing. One simulated instance with N synthetic applications, the
// real client, poller and store (SQLite in memory, or a fresh PostgreSQL database).
import knexFactory, { Knex } from 'knex';
import { parseArgs } from 'node:util';
import { startSimulator } from '@argo-pulse/argocd-simulator';
import {
  ArgoCdClient,
  createArgoPulseMetrics,
  DatabaseArgoPulseStore,
  InstancePoller,
  resolveEntityApplications,
} from '../plugins/argo-pulse-backend/src/internals';
import { databaseService, quietLogger } from './benchServices';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiZW5jaCJ9.YmVuY2gtc2lnbmF0dXJl';

/** SQLite in memory, or a fresh PostgreSQL database that `drop` removes again. */
async function database(
  postgres: string | undefined,
): Promise<{ knex: Knex; drop: () => Promise<void> }> {
  if (!postgres) {
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    return { knex, drop: () => knex.destroy() };
  }
  const name = `argo_pulse_bench_${Date.now()}`;
  const admin = () => knexFactory({ client: 'pg', connection: postgres });
  const creator = admin();
  await creator.raw(`CREATE DATABASE ${name}`);
  await creator.destroy();
  const knex = knexFactory({
    client: 'pg',
    connection: `${postgres.replace(/\/$/, '')}/${name}`,
  });
  return {
    knex,
    drop: async () => {
      await knex.destroy();
      const dropper = admin();
      await dropper.raw(`DROP DATABASE ${name}`);
      await dropper.destroy();
    },
  };
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  console.log(
    `${label.padEnd(52)} ${(performance.now() - started)
      .toFixed(0)
      .padStart(7)} ms`,
  );
  return result;
}

async function main() {
  const { values } = parseArgs({
    options: {
      apps: { type: 'string', default: '2000' },
      changed: { type: 'string', default: '20' },
      postgres: { type: 'string' },
    },
  });
  const apps = Number(values.apps);
  const changed = Number(values.changed);
  const simulator = await startSimulator({
    scenario: {
      instances: [
        { name: 'scale', auth: { tokens: [TOKEN] }, applications: [] },
      ],
    },
    phaseDurations: { outOfSync: 0, syncing: 0, progressing: 0 },
  });
  const instance = simulator.instance('scale');
  instance.generateApplications({ count: apps, prefix: 'svc' });
  const { knex, drop } = await database(values.postgres);
  const store = await DatabaseArgoPulseStore.create({
    database: databaseService(knex),
  });
  // Warnings and errors only: the figures are the output.
  const logger = quietLogger({ warnings: true });
  const poller = new InstancePoller({
    client: new ArgoCdClient({
      instance: {
        name: 'scale',
        url: simulator.instanceUrl('scale'),
        frontendUrl: '',
        credentials: { kind: 'token', token: TOKEN },
      },
      logger,
      requestTimeoutMs: 30_000,
      concurrency: 8,
    }),
    store,
    logger,
    metrics: createArgoPulseMetrics(),
    timeoutMs: 600_000,
  });
  const requests = () => {
    const endpoints = instance.counters.snapshot().endpoints;
    instance.counters.reset();
    return Object.entries(endpoints)
      .map(
        ([endpoint, e]) =>
          `${endpoint.replace('GET /api/v1/applications', 'apps')}: ${
            e.requests
          } (${(e.bytesSent / 1024).toFixed(0)} KiB)`,
      )
      .join(', ');
  };

  console.log(
    `${apps} applications, ${
      values.postgres ? 'PostgreSQL' : 'SQLite in memory'
    }, concurrency 8\n`,
  );
  await timed('first poll (list + GET and tree of every app)', () =>
    poller.poll(),
  );
  console.log(`  requests: ${requests()}`);
  await timed('steady poll, nothing changed', () => poller.poll());
  console.log(`  requests: ${requests()}`);
  const names = instance.state
    .list()
    .slice(0, changed)
    .map(app => app.doc.metadata.name!);
  for (const name of names)
    instance.rollout(name, { images: [`ghcr.io/acme/${name}:2.0.0`] });
  await new Promise(resolve => setTimeout(resolve, 50));
  await timed(`poll after ${changed} rollouts`, () => poller.poll());
  console.log(`  requests: ${requests()}`);

  const target = { appSelector: 'team=team-7' };
  const resolved = await timed('entity → applications (selector, local)', () =>
    resolveEntityApplications({
      store,
      target,
      configuredInstances: ['scale'],
    }),
  );
  await timed(
    `overview read (${resolved.applications.length} applications)`,
    () => store.getApplications(resolved.applications),
  );
  await timed('history page (20 newest)', () =>
    store.getDeployments(resolved.applications, { limit: 20, offset: 0 }),
  );
  const started = performance.now();
  const views = 200;
  for (let i = 0; i < views; i++)
    await store.getApplications(
      (
        await resolveEntityApplications({
          store,
          target,
          configuredInstances: ['scale'],
        })
      ).applications,
    );
  console.log(
    `${'page views (resolve + overview), mean of 200'.padEnd(52)} ${(
      (performance.now() - started) /
      views
    )
      .toFixed(1)
      .padStart(7)} ms`,
  );
  console.log(`  Argo CD requests during page views: ${requests() || 'none'}`);

  await drop();
  await simulator.close();
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
