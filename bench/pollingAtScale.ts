// Benchmark: polling many large Argo CD instances at real network latency.
//   npm run bench -- [--instances 20] [--apps 1000] [--latency 0,50,200] [--databases sqlite,postgres]
// Prints a table of figure, target and result, and writes it to BENCHMARKS.md. Not part of
// npm test. The simulator runs in a child process (so the RSS measured is the backend's), with
// N synthetic applications per instance and the latency added to every answer. The backend side
// is the plugin's real client, request limiter, poller, detail reader and store, run the way the
// scheduler runs them: a poll and a detail run per instance per cycle, all instances at once.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ArgoCdClient,
  createArgoPulseMetrics,
  DatabaseArgoPulseStore,
  DatabaseLeases,
  DetailReader,
  InstancePoller,
  readArgoPulseConfig,
  RequestLimiter,
  StreamWatcher,
} from '../plugins/argo-pulse-backend/src/internals';
import { benchDatabase as database } from './benchDatabase';
import { databaseService, quietLogger } from './benchServices';
import { call, measureDetection, percentile } from './detection';
import { startSimulator, TOKEN } from './simulatorProcess';
import { measureRestart } from '../test/faults/restartScenario';
import { ConfigReader } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';

const ROOT = resolve(__dirname, '..');

interface Row {
  figure: string;
  target: string;
  result: string;
  met: boolean;
}

const logger = quietLogger({ warnings: false });

/** Samples a value every 20 ms and keeps its maximum. */
function peak(read: () => number) {
  let max = read();
  const timer = setInterval(() => (max = Math.max(max, read())), 20);
  return { stop: () => (clearInterval(timer), max) };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

async function measure(options: {
  instances: number;
  apps: number;
  latencyMs: number;
  databaseKind: string;
  detection: boolean;
}): Promise<Row[]> {
  const { instances, apps, latencyMs, databaseKind } = options;
  const simulator = await startSimulator(instances);
  const names = Array.from({ length: instances }, (_, i) => `cluster-${i + 1}`);
  for (const name of names) {
    await call(`${simulator.control}/instances/${name}/synthetic`, 'POST', {
      count: apps,
      prefix: 'svc',
    });
    await call(`${simulator.control}/instances/${name}/faults`, 'PUT', {
      latencyMs,
    });
  }
  // The default configuration: only the instances are configured.
  const config = readArgoPulseConfig(
    new ConfigReader({
      argoPulse: {
        instances: names.map(name => ({
          name,
          url: `${simulator.url}/instances/${name}`,
          token: TOKEN,
        })),
      },
    }),
  );
  const { knex, drop } = await database(databaseKind);
  const store = await DatabaseArgoPulseStore.create({
    database: databaseService(knex),
  });
  const limiter = new RequestLimiter({
    perInstance: config.polling.concurrency,
    total: config.polling.maxRequestsInFlight,
  });
  const metrics = createArgoPulseMetrics();
  const clients = config.instances.map(
    instance =>
      new ArgoCdClient({
        instance,
        logger,
        requestTimeoutMs: config.polling.requestTimeoutMs,
        limiter,
      }),
  );
  const timeoutMs = durationToMilliseconds(config.polling.timeout);
  const pollers = clients.map(
    client =>
      new InstancePoller({
        client,
        store,
        logger,
        metrics,
        timeoutMs,
      }),
  );
  const readers = clients.map(
    client => new DetailReader({ client, store, logger }),
  );
  const stored = async () =>
    Number(
      (
        await knex('argo_pulse_applications')
          .whereNull('deleted_at')
          .count({ n: '*' })
      )[0].n,
    );
  /** Overview requests (lists and application GETs) per instance since the last call; detail requests are not counted. */
  const pollRequests = async () => {
    const counts = await Promise.all(
      names.map(
        name =>
          call(
            `${simulator.control}/instances/${name}/requests`,
            'GET',
          ) as Promise<{ endpoints: Record<string, { requests: number }> }>,
      ),
    );
    await Promise.all(
      names.map(name =>
        call(`${simulator.control}/instances/${name}/requests`, 'DELETE'),
      ),
    );
    const overview = [
      'GET /api/v1/applications',
      'GET /api/v1/applications/{name}',
    ];
    return counts.map(c =>
      overview.reduce(
        (sum, endpoint) => sum + (c.endpoints[endpoint]?.requests ?? 0),
        0,
      ),
    );
  };
  const total = instances * apps;

  // First poll: cycles of every instance at once (a poll, and its detail run beside it), until all is stored.
  const rss = peak(() => process.memoryUsage().rss);
  const inFlight = peak(() => limiter.inFlightTotal);
  const started = performance.now();
  let firstVisibleMs: number | undefined;
  const watcher = setInterval(async () => {
    if (firstVisibleMs === undefined && (await stored()) > 0)
      firstVisibleMs = performance.now() - started;
  }, 100);
  // The detail tasks run beside the polls all along, as the scheduler runs them.
  const stopDetail = new AbortController();
  const detail = Promise.all(
    readers.map(async reader => {
      while (!stopDetail.signal.aborted) {
        const read = await reader.readPending(
          AbortSignal.any([stopDetail.signal, AbortSignal.timeout(timeoutMs)]),
        );
        if (read === 0) await new Promise(r => setTimeout(r, 200));
      }
    }),
  );
  let cycles = 0;
  let allStoredMs: number | undefined;
  while (allStoredMs === undefined && cycles < 20) {
    cycles++;
    await Promise.all(pollers.map(p => p.poll()));
    const count = await stored();
    console.error(
      `  cycle ${cycles}: ${count} of ${total} applications stored after ${seconds(
        performance.now() - started,
      )}`,
    );
    if (count >= total) allStoredMs = performance.now() - started;
  }
  clearInterval(watcher);
  firstVisibleMs ??= allStoredMs;
  const firstRss = rss.stop();
  const firstInFlight = inFlight.stop();
  await pollRequests();

  // Steady: nothing changed in Argo CD (the detail of the first poll may still be reading).
  const steadyRss = peak(() => process.memoryUsage().rss);
  const steadyStarted = performance.now();
  await Promise.all(pollers.map(p => p.poll()));
  const steadyMs = performance.now() - steadyStarted;
  const steadyPollRequests = await pollRequests();
  const steadyPeak = steadyRss.stop();

  const detection: Row[] = [];
  if (options.detection) {
    const frequencyMs = durationToMilliseconds(config.polling.frequency);
    const leases = await DatabaseLeases.create({
      database: databaseService(knex),
    });
    for (const mode of ['poll', 'stream'] as const) {
      const watchers =
        mode === 'stream'
          ? clients.map(
              (client, i) =>
                new StreamWatcher({
                  client,
                  poller: pollers[i],
                  store,
                  leases,
                  logger,
                }),
            )
          : [];
      const spacingMs = mode === 'poll' ? 1500 : 500;
      const times = await measureDetection({
        mode,
        rollouts: 24,
        spacingMs,
        control: simulator.control,
        names,
        apps,
        knex,
        frequencyMs,
        pollers,
        watchers,
      });
      const p50 = percentile(times, 50);
      const p95 = percentile(times, 95);
      const target = mode === 'stream' ? 1000 : frequencyMs + 1000;
      const measuredBy = mode === 'stream' ? p95 : Math.max(...times);
      detection.push({
        figure: `detection, rollout finished → stored and evaluated, ${mode} mode (${databaseKind}, ${latencyMs} ms; 24 rollouts)`,
        target:
          mode === 'stream'
            ? '≤ 1 s p95'
            : `≤ interval + 1 s (${seconds(target)}), max`,
        result: `p50 ${seconds(p50)}, p95 ${seconds(p95)}, max ${seconds(
          Math.max(...times),
        )}`,
        met: measuredBy <= target,
      });
    }
  }
  stopDetail.abort();
  await detail;

  // Page views are measured against the real backend, with the real scheduler: bench/realBackend.ts.
  await drop();
  simulator.child.kill('SIGTERM');
  const where = `${databaseKind}, ${latencyMs} ms`;
  return [
    {
      figure: `first poll: every overview stored (${where})`,
      target: '≤ 30 s',
      result:
        allStoredMs === undefined
          ? `not within ${cycles} cycles`
          : `${seconds(allStoredMs)} (${cycles} cycle${cycles > 1 ? 's' : ''})`,
      met: allStoredMs !== undefined && allStoredMs <= 30_000,
    },
    {
      figure: `first poll: first applications visible (${where})`,
      target: '≤ 5 s',
      result: firstVisibleMs === undefined ? 'never' : seconds(firstVisibleMs),
      met: (firstVisibleMs ?? Infinity) <= 5000,
    },
    {
      figure: `first poll: requests in flight at most (${where})`,
      target: `≤ ${config.polling.maxRequestsInFlight} (maxRequestsInFlight)`,
      result: String(firstInFlight),
      met: firstInFlight <= config.polling.maxRequestsInFlight,
    },
    {
      figure: `steady poll, nothing changed (${where})`,
      target: `1 request per instance; ≤ 3 s for all ${instances}`,
      result: `${Math.max(
        ...steadyPollRequests,
      )} overview request(s) per instance; ${seconds(steadyMs)}`,
      met: steadyPollRequests.every(n => n === 1) && steadyMs <= 3000,
    },
    {
      figure: `peak RSS, first and steady polls (${where})`,
      target: '≤ 400 MB',
      result: `${mib(firstRss)} / ${mib(steadyPeak)}`,
      met: Math.max(firstRss, steadyPeak) <= 400 * 1024 * 1024,
    },
    ...detection,
  ];
}

/** Runs this script for one configuration in a fresh process and answers its rows. */
function measureInChild(args: string[]): Promise<Row[]> {
  return new Promise((resolveRows, reject) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, __filename, ...args],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout!.on('data', chunk => (out += chunk));
    child.on('exit', code => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('[')) resolveRows(JSON.parse(last));
      else
        reject(new Error(`the measurement ${args.join(' ')} exited ${code}`));
    });
  });
}

async function main() {
  const { values } = parseArgs({
    options: {
      instances: { type: 'string', default: '20' },
      apps: { type: 'string', default: '1000' },
      latency: { type: 'string', default: '0,50,200' },
      databases: { type: 'string', default: 'sqlite,postgres' },
      'detection-latency': { type: 'string', default: '50' },
      output: { type: 'string', default: join(ROOT, 'BENCHMARKS.md') },
      only: { type: 'string' },
    },
  });
  const instances = Number(values.instances);
  const apps = Number(values.apps);
  if (values.only) {
    // One configuration, in a process of its own, so its memory is its own: rows as JSON on stdout.
    const [databaseKind, latency] = values.only.split(':');
    const latencyMs = Number(latency);
    const detection = latencyMs === Number(values['detection-latency']);
    const measured = await measure({
      instances,
      apps,
      latencyMs,
      databaseKind,
      detection,
    });
    measured.forEach(row =>
      console.error(`  ${row.figure}: ${row.result} (target ${row.target})`),
    );
    console.log(JSON.stringify(measured));
    return;
  }
  const rows: Row[] = [];
  for (const databaseKind of values.databases.split(',')) {
    for (const latencyMs of values.latency.split(',').map(Number)) {
      console.error(
        `measuring ${instances} × ${apps} applications, ${databaseKind}, ${latencyMs} ms latency…`,
      );
      rows.push(
        ...(await measureInChild([
          ...process.argv.slice(2),
          '--only',
          `${databaseKind}:${latencyMs}`,
        ])),
      );
    }
  }
  console.error('measuring a restart during a poll…');
  const restartSeconds = await measureRestart({ intervalSeconds: 10 });
  rows.push({
    figure:
      'restart during a poll → polling again (10 s interval, a separate backend process killed with SIGKILL, PostgreSQL)',
    target: '≤ one interval (10 s)',
    result: `${restartSeconds.toFixed(
      1,
    )} s after the restarted backend answered`,
    met: restartSeconds <= 10,
  });
  const table = [
    '| figure | target | result | met |',
    '|---|---|---|---|',
    ...rows.map(
      r =>
        `| ${r.figure} | ${r.target} | ${r.result} | ${
          r.met ? 'yes' : '**no**'
        } |`,
    ),
  ].join('\n');
  const command = `npm run bench -- --instances ${instances} --apps ${apps} --latency ${values.latency} --databases ${values.databases} --detection-latency ${values['detection-latency']}`;
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${mib(
    totalmem(),
  )} memory, Node.js ${process.versions.node}`;
  console.log(table);
  // What the figures mean and why a target is missed: kept in bench/notes.md, read by people.
  const notes = readFileSync(join(__dirname, 'notes.md'), 'utf8');
  writeFileSync(
    values.output,
    `# Benchmarks\n\nMeasured on ${new Date()
      .toISOString()
      .slice(
        0,
        10,
      )}: ${machine}.\n\n\`\`\`sh\n${command}\n\`\`\`\n\n${table}\n\n${notes}`,
  );
  console.error(`written to ${values.output}`);
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
