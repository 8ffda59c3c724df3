// Benchmark: the real backend (packages/backend: catalog, auth, permissions, signals and Argo
// Pulse, with Backstage's real scheduler) in a separate process, as in production, polling the
// simulator (a child process too) at its default interval.
//   npm run bench:real -- [--instances 20] [--apps 1000] [--latency 50] [--databases sqlite,postgres]
//     [--window 30] [--rate 200] [--replica-instances 40] [--replica-apps 1000] [--replicas true]
//     [--replica-drain-timeout 600] [--cpu-prof] [--output BENCHMARKS.md] [--write true]
//     [--rows <figures.json>: write BENCHMARKS.md again from a finished run, after editing notes]
// Measures the entity overview route under an offered load (open loop) during the first poll's
// detail backlog, during steady polling and with Argo CD hanging, the backend's RSS (/proc/<pid>/status), the time to
// drain the backlog (argo_pulse_applications.detail_pending), the first poll, the list requests
// per instance per interval (the simulator's counters), and, on PostgreSQL, two replicas sharing
// the poll leases (argo_pulse_leases) with their CPU (/proc/<pid>/stat) against one alone.
// With --cpu-prof the backend runs with node --cpu-prof and its self time by package and by
// function is printed (the profiler slows it: use those runs for the shares, not the figures).
// Writes its section into BENCHMARKS.md (between the markers below, with bench/notes-real.md),
// keeping the rest.
import { freePort } from '@argo-pulse/test-support';
import knexFactory, { Knex } from 'knex';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { call, percentile } from './detection';
import { offer } from './pageViewLoad';
import { startSimulator, TOKEN } from './simulatorProcess';

const ROOT = resolve(__dirname, '..');
const BENCH_TOKEN = 'bench-real-backend-token-5b1e8d';
/** argoPulse.polling.frequency's default (plugins/argo-pulse-backend/config.d.ts). */
const INTERVAL_S = 10;
/** As the tests name it, else the machine's own server. */
const POSTGRES =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING ??
  'postgresql://postgres@127.0.0.1:5432';
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString()) || 100;
export const SECTION_START = '<!-- bench:real start -->';
export const SECTION_END = '<!-- bench:real end -->';

interface Row {
  figure: string;
  target: string;
  result: string;
  met: boolean;
}

const log = (message: string) =>
  console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const s1 = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const ms1 = (ms: number) => `${ms.toFixed(1)} ms`;

async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 500,
): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check().catch(() => false)) return;
    await sleep(everyMs);
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
}

// ---------------------------------------------------------------- the database

interface BenchDatabase {
  kind: 'sqlite' | 'postgres';
  config: Record<string, unknown>;
  /** The plugin's own tables. */
  knex: Knex;
  dispose: () => Promise<void>;
}

async function createDatabase(
  kind: 'sqlite' | 'postgres',
): Promise<BenchDatabase> {
  if (kind === 'sqlite') {
    const directory = mkdtempSync(join(tmpdir(), 'argo-pulse-bench-real-'));
    const knex = knexFactory({
      client: 'better-sqlite3',
      // Backstage keeps each plugin's SQLite database in a file named after the plugin.
      connection: { filename: join(directory, 'argo-pulse.sqlite') },
      useNullAsDefault: true,
    });
    return {
      kind,
      config: { client: 'better-sqlite3', connection: { directory } },
      knex,
      dispose: () => knex.destroy(),
    };
  }
  const database = `argo_pulse_bench_real_${process.pid}_${Date.now()}`;
  const admin = knexFactory({ client: 'pg', connection: POSTGRES });
  await admin.raw(`CREATE DATABASE ${database}`);
  const url = new URL(POSTGRES);
  const connection = {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database,
  };
  // One schema per plugin in the one database, created up front: two replicas starting on a
  // database without it may race on CREATE SCHEMA.
  const setup = knexFactory({ client: 'pg', connection });
  for (const schema of [
    'argo-pulse',
    'catalog',
    'auth',
    'permission',
    'signals',
    'app',
  ])
    await setup.raw(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await setup.destroy();
  const knex = knexFactory({
    client: 'pg',
    connection,
    searchPath: ['argo-pulse'],
    pool: { min: 0, max: 2 },
  });
  return {
    kind,
    config: { client: 'pg', pluginDivisionMode: 'schema', connection },
    knex,
    dispose: async () => {
      await knex.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

/** Applications stored (not deleted) and those still waiting for their detail. */
async function applicationCounts(
  knex: Knex,
): Promise<{ stored: number; pending: number }> {
  const [row] = await knex('argo_pulse_applications')
    .whereNull('deleted_at')
    .select(
      knex.raw('count(*) as stored'),
      knex.raw('sum(case when detail_pending then 1 else 0 end) as pending'),
    );
  return {
    stored: Number(row.stored ?? 0),
    pending: Number(row.pending ?? 0),
  };
}

// ---------------------------------------------------------------- the simulator

async function simulator(instances: number, apps: number, latencyMs: number) {
  const sim = await startSimulator(instances);
  const names = Array.from({ length: instances }, (_, i) => `cluster-${i + 1}`);
  for (const name of names) {
    await call(`${sim.control}/instances/${name}/synthetic`, 'POST', {
      count: apps,
      prefix: 'svc',
    });
    await call(`${sim.control}/instances/${name}/faults`, 'PUT', {
      latencyMs,
    });
  }
  /** List requests per instance since the last call (and resets the counters). */
  const lists = async (): Promise<number[]> => {
    const counts = (await Promise.all(
      names.map(name =>
        call(`${sim.control}/instances/${name}/requests`, 'GET'),
      ),
    )) as Array<{ endpoints: Record<string, { requests: number }> }>;
    await Promise.all(
      names.map(name =>
        call(`${sim.control}/instances/${name}/requests`, 'DELETE'),
      ),
    );
    return counts.map(
      c => c.endpoints['GET /api/v1/applications']?.requests ?? 0,
    );
  };
  return { ...sim, names, lists, stop: () => sim.child.kill('SIGTERM') };
}

// ---------------------------------------------------------------- the backend process

/** Components whose overview the load reads: each the application of that name on every instance. */
const ENTITY_APPS = ['svc-00007', 'svc-00042', 'svc-00077'];

function catalogFile(dir: string): string {
  const file = join(dir, 'catalog.yaml');
  writeFileSync(
    file,
    ENTITY_APPS.map(app =>
      stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: app, annotations: { 'argocd/app-name': app } },
        spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
      }),
    ).join('---\n'),
  );
  return file;
}

interface Backend {
  child: ChildProcess;
  pid: number;
  url: string;
  startedAt: number;
  log: () => string;
  /** This process's replica id, once the plugin has logged it. */
  replica: () => string | undefined;
  stop: () => Promise<void>;
}

async function startBackend(options: {
  database: BenchDatabase;
  simulatorUrl: string;
  names: string[];
  cpuProfDir?: string;
}): Promise<Backend> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'argo-pulse-bench-real-config-'));
  const config = {
    app: { baseUrl: url },
    backend: {
      baseUrl: url,
      listen: { port },
      cors: { origin: url },
      database: options.database.config,
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: BENCH_TOKEN, subject: 'bench' },
          },
        ],
      },
    },
    catalog: {
      rules: [{ allow: ['Component'] }],
      locations: [
        {
          type: 'file',
          target: catalogFile(dir),
          rules: [{ allow: ['Component'] }],
        },
      ],
    },
    argoPulse: {
      instances: options.names.map(name => ({
        name,
        url: `${options.simulatorUrl}/instances/${name}`,
        token: TOKEN,
      })),
      // The demo's environments name its own instances.
      environments: [],
      // The default (app-config.yaml sets 3 s for the demo).
      polling: { frequency: { seconds: INTERVAL_S } },
    },
  };
  writeFileSync(join(dir, 'app-config.bench.yaml'), stringify(config));
  const startedAt = performance.now();
  const child = spawn(
    process.execPath,
    [
      ...(options.cpuProfDir
        ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir]
        : []),
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      join(dir, 'app-config.bench.yaml'),
    ],
    {
      cwd: join(ROOT, 'packages/backend'),
      env: { ...process.env, NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // Its start-up and its last megabyte (every request is logged).
  let head = '';
  let out = '';
  const keep = (chunk: Buffer) => {
    if (head.length < 200_000) head += chunk;
    else out += chunk;
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>(r => child.once('exit', () => r()));
  let replica: string | undefined;
  const backend: Backend = {
    child,
    pid: child.pid!,
    url,
    startedAt,
    log: () => `${head}\n…\n${out}`,
    replica: () =>
      (replica ??= /as replica ([0-9a-f-]{36})/.exec(head + out)?.[1]),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, sleep(30_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
      writeFileSync(join(dir, 'backend.log'), backend.log());
      log(`backend log: ${join(dir, 'backend.log')}`);
    },
  };
  child.once('exit', code => {
    if (code !== 0 && code !== null)
      log(`the backend exited ${code}:\n${out.slice(-3000)}`);
  });
  return backend;
}

const api = (backend: Backend, path: string) =>
  fetch(`${backend.url}/api/argo-pulse${path}`, {
    headers: { Authorization: `Bearer ${BENCH_TOKEN}` },
  });

const overviewPath = (app: string) =>
  `/entities/component/default/${app}/applications`;

// ---------------------------------------------------------------- /proc

function rssBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status);
    return kb ? Number(kb[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU seconds (user + system) the process has used. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat; here counted from field 3 (state).
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Samples VmRSS every 500 ms; keeps the peak overall and per named phase. */
function rssSampler(pid: number) {
  let peak = 0;
  let phase = 'start-up';
  const peaks: Record<string, number> = {};
  const sample = () => {
    const rss = rssBytes(pid);
    peak = Math.max(peak, rss);
    peaks[phase] = Math.max(peaks[phase] ?? 0, rss);
  };
  const timer = setInterval(sample, 500);
  return {
    phase: (name: string) => (phase = name),
    stop: () => (clearInterval(timer), sample(), { peak, peaks }),
  };
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

// ---------------------------------------------------------------- CPU profile

/** Where a function lives: a package, a folder of this repository, Node.js itself, or native code. */
function packageOf(url: string, functionName: string): string {
  const path = url.replace(/^file:\/\//, '');
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (module) return module[1];
  if (path.startsWith(`${ROOT}/`))
    return path
      .slice(ROOT.length + 1)
      .split('/')
      .slice(0, 3)
      .join('/');
  if (path.startsWith('node:')) return 'node (JavaScript)';
  if (functionName.startsWith('(')) return functionName;
  return 'native (V8, libuv, crypto, zlib, sockets)';
}

/** Self time by package and by function in the main thread's .cpuprofile of `dir`. */
export function topSelfTime(dir: string, top = 15): string[] {
  const files = readdirSync(dir).filter(f => f.endsWith('.cpuprofile'));
  if (files.length === 0) return ['(no profile written)'];
  // One file per thread: the main thread's is the largest (the others are the module loader's).
  const largest = files
    .map(f => join(dir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size)[0];
  const profile = JSON.parse(readFileSync(largest, 'utf8')) as {
    nodes: Array<{
      id: number;
      callFrame: { functionName: string; url: string; lineNumber: number };
    }>;
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, us: number) =>
    map.set(key, (map.get(key) ?? 0) + us);
  let total = 0;
  profile.samples.forEach((id, i) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') return;
    const where = url
      .replace(/^file:\/\//, '')
      .replace(`${ROOT}/`, '')
      .replace(/^.*node_modules\//, '');
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    add(
      byFunction,
      `${functionName || '(anonymous)'}${
        where ? ` ${where}:${lineNumber + 1}` : ''
      }`,
      us,
    );
    add(byPackage, packageOf(url, functionName), us);
  });
  const share = ([key, us]: [string, number]) =>
    `${((100 * us) / total).toFixed(1)} % (${(us / 1e6).toFixed(1)} s) ${key}`;
  const topOf = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(share);
  return [
    `main thread busy ${(total / 1e6).toFixed(1)} s; self time by package:`,
    ...topOf(byPackage, 10),
    'self time by function:',
    ...topOf(byFunction, top),
  ];
}

// ---------------------------------------------------------------- page views

interface PageViews {
  /** The backend's CPU over the window, in cores, and per answered request. */
  cpu: number;
  cpuPerRequestMs: number;
  failuresBy: Record<string, number>;
  /** The machine's 1-minute load average when the window ended (2 cores; others' tests run too). */
  load: number;
  p50: number;
  p99: number;
  max: number;
  count: number;
  failures: number;
}

async function pageViews(
  backend: Backend,
  rate: number,
  seconds: number,
): Promise<PageViews> {
  // The first entity's overview (20 applications, one per instance), as in the issue.
  const cpuBefore = cpuSeconds(backend.pid);
  const started = performance.now();
  const { latencies, failures, failuresBy } = await offer(
    `${backend.url}/api/argo-pulse${overviewPath(ENTITY_APPS[0])}`,
    { Authorization: `Bearer ${BENCH_TOKEN}` },
    rate,
    seconds,
  );
  const cpu =
    (cpuSeconds(backend.pid) - cpuBefore) /
    ((performance.now() - started) / 1000);
  return {
    cpu,
    cpuPerRequestMs: (1000 * cpu * seconds) / Math.max(1, latencies.length),
    load: loadavg()[0],
    p50: percentile(latencies, 50) ?? NaN,
    p99: percentile(latencies, 99) ?? NaN,
    max: latencies.length ? Math.max(...latencies) : NaN,
    count: latencies.length,
    failures,
    failuresBy,
  };
}

const describeViews = (v: PageViews) =>
  `p50 ${ms1(v.p50)}, p99 ${ms1(v.p99)}, max ${ms1(v.max)} (${
    v.count
  } answered, ${v.failures} failed${
    v.failures
      ? ` (${Object.entries(v.failuresBy)
          .map(([why, n]) => `${n} ${why}`)
          .join(', ')})`
      : ''
  }; backend CPU ${(v.cpu * 100).toFixed(
    0,
  )} % of a core, ${v.cpuPerRequestMs.toFixed(
    1,
  )} ms per answer; machine load ${v.load.toFixed(1)})`;

// ---------------------------------------------------------------- one backend

async function measureOne(options: {
  kind: 'sqlite' | 'postgres';
  instances: number;
  apps: number;
  latencyMs: number;
  rate: number;
  windowS: number;
  cpuProf: boolean;
}): Promise<{ rows: Row[]; profile?: string[] }> {
  const { kind, instances, apps, rate, windowS } = options;
  const where = `${kind}, ${instances} × ${apps}, ${options.latencyMs} ms`;
  log(`${where}: starting the simulator…`);
  const sim = await simulator(instances, apps, options.latencyMs);
  const database = await createDatabase(kind);
  const cpuProfDir = options.cpuProf
    ? mkdtempSync(join(tmpdir(), 'argo-pulse-bench-prof-'))
    : undefined;
  const total = instances * apps;
  const backend = await startBackend({
    database,
    simulatorUrl: sim.url,
    names: sim.names,
    cpuProfDir,
  });
  const rss = rssSampler(backend.pid);
  const since = (at: number | undefined) =>
    at === undefined ? undefined : at - backend.startedAt;

  // The database, read every second: when every overview is stored, when no detail is pending.
  let allStoredAt: number | undefined;
  let drainedAt: number | undefined;
  let last = { stored: 0, pending: 0 };
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      try {
        last = await applicationCounts(database.knex);
        const at = performance.now();
        if (allStoredAt === undefined && last.stored >= total) allStoredAt = at;
        if (
          drainedAt === undefined &&
          allStoredAt !== undefined &&
          last.pending === 0
        )
          drainedAt = at;
      } catch {
        // the tables are not there yet
      }
      await sleep(1000);
    }
  })();
  const rows: Row[] = [];
  let profile: string[] | undefined;
  try {
    await waitUntil(
      'the backend answering',
      async () => (await api(backend, '/instances')).ok,
      180_000,
    );
    const readyAt = performance.now();
    log(`${where}: backend answering after ${s1(readyAt - backend.startedAt)}`);
    await waitUntil(
      'the overview route answering with applications',
      async () => {
        const response = await api(backend, overviewPath(ENTITY_APPS[0]));
        if (!response.ok) return false;
        const body = (await response.json()) as { applications: unknown[] };
        return body.applications.length > 0;
      },
      180_000,
    );
    log(
      `${where}: overview answering after ${s1(
        performance.now() - backend.startedAt,
      )} (${last.stored} stored, ${last.pending} pending)`,
    );

    // Page views during the first poll's detail backlog.
    rss.phase('backlog window');
    const pendingBefore = last.pending;
    const backlog = await pageViews(backend, rate, windowS);
    const pendingAfter = last.pending;
    log(`${where}: during the backlog: ${describeViews(backlog)}`);

    rss.phase('draining');
    await waitUntil(
      'the detail backlog drained',
      async () => drainedAt !== undefined,
      30 * 60_000,
      1000,
    );
    log(`${where}: backlog drained ${s1(since(drainedAt)!)} after start`);

    // Steady: a whole number of intervals, the list requests counted over it.
    rss.phase('steady window');
    await sleep(INTERVAL_S * 1000);
    const steadyS = Math.max(
      INTERVAL_S,
      Math.round(windowS / INTERVAL_S) * INTERVAL_S,
    );
    await sim.lists();
    const steady = await pageViews(backend, rate, steadyS);
    const lists = await sim.lists();
    log(`${where}: steady polling: ${describeViews(steady)}`);
    // Argo CD hanging (every instance accepts and never answers): the page views should not care.
    rss.phase('Argo CD hanging');
    await Promise.all(
      sim.names.map(name =>
        call(`${sim.control}/instances/${name}/faults`, 'PUT', { hang: true }),
      ),
    );
    await sleep(INTERVAL_S * 1000);
    const hanging = await pageViews(backend, rate, windowS);
    log(`${where}: Argo CD hanging: ${describeViews(hanging)}`);
    rss.phase('after');
    const intervals = steadyS / INTERVAL_S;
    const perInterval =
      lists.reduce((a, b) => a + b, 0) / (lists.length * intervals);
    const { peak, peaks } = rss.stop();

    rows.push(
      {
        figure: `entity overview route, ${rate} requests/s offered for ${steadyS} s, steady polling (${where})`,
        target: 'p99 ≤ 50 ms, max ≤ 200 ms, no failures',
        result: describeViews(steady),
        met: steady.p99 <= 50 && steady.max <= 200 && steady.failures === 0,
      },
      {
        figure: `entity overview route, ${rate} requests/s offered for ${windowS} s, during the first poll's detail backlog (${where})`,
        target: 'p99 ≤ 150 ms, no failures',
        result: `${describeViews(
          backlog,
        )}; ${pendingBefore} → ${pendingAfter} applications pending detail`,
        met: backlog.p99 <= 150 && backlog.failures === 0 && pendingBefore > 0,
      },
      {
        figure: `entity overview route, ${rate} requests/s offered for ${windowS} s, every Argo CD instance hanging (${where})`,
        target: 'p99 ≤ 50 ms, max ≤ 200 ms, no failures',
        result: describeViews(hanging),
        met: hanging.p99 <= 50 && hanging.max <= 200 && hanging.failures === 0,
      },
      {
        figure: `peak RSS of the backend process, whole run (${where})`,
        target: '≤ 400 MB',
        result: `${mb(peak)} (${Object.entries(peaks)
          .map(([phase, bytes]) => `${phase} ${mb(bytes)}`)
          .join(', ')})`,
        met: peak <= 400 * 1024 * 1024,
      },
      {
        figure: `first poll's detail backlog drained, from backend start (${where})`,
        target: '≤ 120 s',
        result: `${s1(since(drainedAt)!)} (backend answering at ${s1(
          readyAt - backend.startedAt,
        )})`,
        met: since(drainedAt)! <= 120_000,
      },
      {
        figure: `first poll: every overview stored (${where})`,
        target: '≤ 30 s after the backend answers',
        result:
          allStoredAt === undefined
            ? 'never'
            : `${s1(
                Math.max(0, allStoredAt - readyAt),
              )} after it answered (${s1(since(allStoredAt)!)} after start)`,
        met: allStoredAt !== undefined && allStoredAt - readyAt <= 30_000,
      },
      {
        figure: `steady poll: list requests per instance per interval (${where}; ${intervals} intervals of ${INTERVAL_S} s)`,
        target: '1',
        result: `${perInterval.toFixed(
          2,
        )} (per instance over the window: ${Math.min(...lists)} to ${Math.max(
          ...lists,
        )})`,
        met:
          Math.abs(perInterval - 1) <= 0.05 &&
          lists.every(n => Math.abs(n - intervals) <= 1),
      },
    );
  } catch (error) {
    log(`${where}: ${(error as Error).message}`);
    log(backend.log().slice(-3000));
    throw error;
  } finally {
    watching = false;
    await watcher;
    rss.stop();
    await backend.stop();
    if (cpuProfDir) {
      profile = topSelfTime(cpuProfDir);
      log(
        `${where}: top self time (${cpuProfDir}):\n  ${profile.join('\n  ')}`,
      );
    }
    await database.dispose();
    sim.stop();
  }
  return { rows, profile };
}

// ---------------------------------------------------------------- two replicas

async function measureReplicas(options: {
  instances: number;
  apps: number;
  latencyMs: number;
  windowS: number;
  drainTimeoutS: number;
}): Promise<Row[]> {
  const { instances, apps, windowS } = options;
  const where = `postgres, ${instances} × ${apps}, ${options.latencyMs} ms`;
  log(`${where}: two replicas, starting the simulator…`);
  const sim = await simulator(instances, apps, options.latencyMs);
  const database = await createDatabase('postgres');
  const total = instances * apps;
  const backends: Backend[] = [];
  const start = () =>
    startBackend({ database, simulatorUrl: sim.url, names: sim.names });
  const ready = (backend: Backend) =>
    waitUntil(
      'a replica answering',
      async () => (await api(backend, '/instances')).ok,
      180_000,
    );
  const cpuOver = async (pids: number[], seconds: number) => {
    const before = pids.map(cpuSeconds);
    await sleep(seconds * 1000);
    return pids.map((pid, i) => (cpuSeconds(pid) - before[i]) / seconds);
  };
  const leases = async () => {
    const rows = (await database
      .knex('argo_pulse_leases')
      .where('name', 'like', 'poll:%')
      .select('holder')) as Array<{ holder: string }>;
    const by = new Map<string, number>();
    for (const { holder } of rows) by.set(holder, (by.get(holder) ?? 0) + 1);
    return by;
  };
  try {
    const a = await start();
    backends.push(a);
    await ready(a);
    log(
      `${where}: replica A answering; waiting for the first poll and its detail`,
    );
    let drained = true;
    await waitUntil(
      'the first poll stored and its detail read',
      async () => {
        const counts = await applicationCounts(database.knex);
        return counts.stored >= total && counts.pending === 0;
      },
      options.drainTimeoutS * 1000,
      2000,
    ).catch(() => (drained = false));
    const pendingAlone = (await applicationCounts(database.knex)).pending;
    await sleep(INTERVAL_S * 1000);
    await sim.lists();
    const [alone] = await cpuOver([a.pid], windowS);
    const aloneLists = await sim.lists();
    log(
      `${where}: one replica alone: ${(alone * 100).toFixed(
        1,
      )} % CPU (${pendingAlone} pending detail${
        drained ? '' : ', backlog not drained'
      })`,
    );

    const b = await start();
    backends.push(b);
    await ready(b);
    log(`${where}: replica B answering; letting leases settle for 4 intervals`);
    await sleep(4 * INTERVAL_S * 1000);
    await sim.lists();
    const [cpuA, cpuB] = await cpuOver([a.pid, b.pid], windowS);
    const lists = await sim.lists();
    const held = await leases();
    const pendingTwo = (await applicationCounts(database.knex)).pending;
    const share = (backend: Backend) => held.get(backend.replica() ?? '?') ?? 0;
    const [shareA, shareB] = [share(a), share(b)];
    const handedOn = held.get('') ?? 0;
    log(
      `${where}: two replicas: leases ${shareA}/${shareB} (${handedOn} handed on), CPU ${(
        cpuA * 100
      ).toFixed(1)} % / ${(cpuB * 100).toFixed(1)} %`,
    );
    const intervals = windowS / INTERVAL_S;
    const perInterval = (counts: number[]) =>
      counts.reduce((x, y) => x + y, 0) / (counts.length * intervals);
    const within = (n: number) => Math.abs(n / instances - 0.5) <= 0.1;
    return [
      {
        figure: `two replicas on one PostgreSQL database: poll leases held by each, 4 intervals after the second started (${where})`,
        target: '50 ± 10 % each',
        result: `${shareA} / ${shareB} of ${instances}${
          handedOn ? ` (${handedOn} handed on, between holders)` : ''
        }`,
        met: within(shareA) && within(shareB),
      },
      {
        figure: `two replicas: CPU per replica over ${windowS} s vs one replica alone (${where})`,
        target: '≤ 60 % of one alone each',
        result: `${(cpuA * 100).toFixed(1)} % and ${(cpuB * 100).toFixed(
          1,
        )} % of a core vs ${(alone * 100).toFixed(1)} % alone (${Math.round(
          (100 * cpuA) / alone,
        )} % / ${Math.round((100 * cpuB) / alone)} %)${
          drained
            ? ''
            : `; the first poll's detail not drained within ${options.drainTimeoutS} s: ${pendingAlone} pending alone, ${pendingTwo} with two`
        }`,
        met: cpuA <= 0.6 * alone && cpuB <= 0.6 * alone,
      },
      {
        figure: `each instance listed once per interval in total (${where}; ${intervals} intervals)`,
        target: '1 list request per instance per interval',
        result: `two replicas: ${perInterval(lists).toFixed(
          2,
        )} (per instance ${Math.min(...lists)} to ${Math.max(
          ...lists,
        )}); one alone: ${perInterval(aloneLists).toFixed(2)}`,
        met:
          Math.abs(perInterval(lists) - 1) <= 0.05 &&
          lists.every(n => Math.abs(n - intervals) <= 1),
      },
    ];
  } catch (error) {
    log(`${where}: ${(error as Error).message}`);
    for (const backend of backends) log(backend.log().slice(-3000));
    throw error;
  } finally {
    for (const backend of backends) await backend.stop();
    await database.dispose();
    sim.stop();
  }
}

// ---------------------------------------------------------------- main

function writeSection(output: string, section: string) {
  const current = existsSync(output) ? readFileSync(output, 'utf8') : '';
  const block = `${SECTION_START}\n\n${section}\n\n${SECTION_END}`;
  const from = current.indexOf(SECTION_START);
  const to = current.indexOf(SECTION_END);
  let next: string;
  if (from >= 0 && to > from)
    next =
      current.slice(0, from) + block + current.slice(to + SECTION_END.length);
  else {
    // After the polling benchmark's table and notes (before "Delivery insights"), else at the end.
    const at = current.indexOf('\n## Delivery insights');
    next =
      at >= 0
        ? `${current.slice(0, at)}\n\n${block}\n${current.slice(at)}`
        : `${current.trimEnd()}\n\n${block}\n`;
  }
  writeFileSync(output, next);
}

async function main() {
  const { values } = parseArgs({
    options: {
      instances: { type: 'string', default: '20' },
      apps: { type: 'string', default: '1000' },
      latency: { type: 'string', default: '50' },
      databases: { type: 'string', default: 'sqlite,postgres' },
      window: { type: 'string', default: '30' },
      rate: { type: 'string', default: '200' },
      replicas: { type: 'string', default: 'true' },
      'replica-instances': { type: 'string', default: '40' },
      'replica-apps': { type: 'string', default: '1000' },
      'replica-drain-timeout': { type: 'string', default: '600' },
      'cpu-prof': { type: 'boolean', default: false },
      output: { type: 'string', default: join(ROOT, 'BENCHMARKS.md') },
      write: { type: 'string', default: 'true' },
      rows: { type: 'string' },
    },
    // `npm run bench -- …` hands the polling benchmark's options to this script too.
    strict: false,
  }) as {
    values: Record<string, string> & { 'cpu-prof': boolean };
  };
  const instances = Number(values.instances);
  const apps = Number(values.apps);
  // One latency (the polling benchmark takes a list): 50 ms if listed, else the first.
  const latencies = values.latency.split(',').map(Number);
  const latencyMs = latencies.includes(50) ? 50 : latencies[0];
  const windowS = Number(values.window);
  const rate = Number(values.rate);
  let rows: Row[] = [];
  let profiles: Array<[string, string[]]> = [];
  let command = ['npm run bench:real', ...process.argv.slice(2)].join(' ');
  if (process.argv.length > 2)
    command = command.replace('bench:real ', 'bench:real -- ');
  if (values.rows) {
    // Writes BENCHMARKS.md again from a finished run's figures (after editing bench/notes-real.md).
    ({ rows, profiles, command } = JSON.parse(
      readFileSync(values.rows, 'utf8'),
    ));
  } else {
    for (const kind of values.databases.split(',').filter(Boolean)) {
      const measured = await measureOne({
        kind: kind as 'sqlite' | 'postgres',
        instances,
        apps,
        latencyMs,
        rate,
        windowS,
        cpuProf: values['cpu-prof'] === true,
      });
      rows.push(...measured.rows);
      if (measured.profile) profiles.push([kind, measured.profile]);
    }
    if (values.replicas === 'true')
      rows.push(
        ...(await measureReplicas({
          instances: Number(values['replica-instances']),
          apps: Number(values['replica-apps']),
          latencyMs,
          windowS,
          drainTimeoutS: Number(values['replica-drain-timeout']),
        })),
      );
    const saved = join(tmpdir(), `argo-pulse-bench-real-${Date.now()}.json`);
    writeFileSync(saved, JSON.stringify({ rows, profiles, command }));
    log(`figures saved in ${saved} (--rows ${saved} writes them again)`);
  }
  const table = [
    '| figure | target | result | met |',
    '|---|---|---|---|',
    ...rows.map(
      r =>
        `| ${r.figure} | ${r.target} | ${r.result} | ${
          r.met ? 'met' : '**missed**'
        } |`,
    ),
  ].join('\n');
  console.log(table);
  for (const [kind, lines] of profiles)
    console.log(
      `\ntop self time, backend on ${kind}:\n  ${lines.join('\n  ')}`,
    );
  if (values.write !== 'true') return;
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${mb(
    totalmem(),
  )} memory, Node.js ${process.versions.node}`;
  const notes = readFileSync(join(__dirname, 'notes-real.md'), 'utf8').trim();
  writeSection(
    values.output,
    `## The real backend, with the real scheduler, in its own process\n\nMeasured on ${new Date()
      .toISOString()
      .slice(
        0,
        10,
      )}: ${machine}.\n\n\`\`\`sh\n${command}\n\`\`\`\n\n${table}\n\n${notes}`,
  );
  log(`written to ${values.output}`);
}

if (require.main === module)
  main().catch(error => {
    console.error(error);
    process.exitCode = 1;
  });
