// The demo's 90 days of delivery history, as data: what Argo Pulse would have recorded had it
// watched the demo's Argo CD instances for three months (Argo CD keeps only its last ~10 history
// entries, so a fresh demo would show almost none). Seeded on the demo backend's first start by
// demoHistorySeedModule.ts; never part of the published plugins.
//
// The story, team by team (test/fixtures/catalog.yaml says who owns what):
// - team-payments, payments-api: a release every 3 to 7 days, dev → staging (next day) →
//   prod (the day after), each environment's overlay commit authored hours before its sync.
//   1.6.1 crash-looped in prod and was rolled back to 1.6.0 an hour later; 1.6.2 first failed
//   to sync in staging (the admission policy wanted resource limits) and went through with a
//   second commit; 1.7.2 could not pull its image in prod and was fixed forward by 1.7.3 the
//   same day. The newest release, 1.7.4, is what the simulator runs today.
// - team-payments, notifications-worker: the slow one. Its prod pull requests wait about a week
//   for the change window (lead times of 6 to 8 days); 1.9.0 crash-looped in prod and 1.9.1
//   fixed it a day later. Prod runs 2.0.1, dev 2.0.3, as in the simulator.
// - team-storefront, checkout-web (a Helm chart): a chart version every 5 days, dev → staging →
//   prod; 3.1.4's readiness probe failed in staging, so prod skipped it.
// - team-storefront, cart-api (an Argo Rollouts canary in prod): a release every 12 days; bob
//   aborted 2.3.1's canary at 20 % and 2.3.2 went through twelve days later.
// - team-logistics, inventory-service: a release a month; 0.13.0 never became healthy in
//   prod-us until 0.13.1 replaced it two weeks later.
// Plus CI's expectations that the prod releases of the last weeks were deployed, each resolved
// `deployed` minutes after it was posted.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

/** Days and hours before "now": `[12, 5]` is twelve days and five hours ago. */
export type Ago = readonly [days: number, hours: number];

/** One sync of one application, as Argo Pulse would have recorded it. */
export interface SeedDeploy {
  /** When the sync finished. */
  at: Ago;
  /** The image tag (and, for charts, the chart version) it deployed. */
  version: string;
  /** A second commit of the same version (a fix to the manifests): another revision. */
  change?: string;
  /** The commit's author date, this many hours before the sync finished (git sources only). */
  leadHours?: number;
  /** It synced, then did not become healthy: why (Argo CD's words, unless `ours`). */
  degraded?: { reason: string; ours?: boolean };
  /** The sync itself failed: Argo CD's message. No history entry: stored without a history id. */
  failedSync?: string;
  /** Someone went back to the last deployment of this version (the same revisions). */
  rollback?: boolean;
  /** Who started it; automated (Argo CD's auto-sync) when absent. */
  by?: string;
}

type SourceKind = 'git' | 'chart' | 'chart-with-values';

export interface SeedApplication {
  instance: string;
  application: string;
  /** Which catalog entity selects it, for the expectations and the reader. */
  entityRef: string;
  kind: SourceKind;
  /** The git path (git sources) or chart name (charts). */
  pathOrChart: string;
  image: (version: string) => string[];
  /** From each healthy sync's end to Healthy. */
  healthyAfterSeconds: number;
  deploys: SeedDeploy[];
}

/** Where the demo's Applications live in each Argo CD instance (the scenario's default). */
export const DEMO_APP_NAMESPACE = 'argocd';
const DEPLOYMENTS_REPO = 'https://github.com/acme/deployments.git';
const CHARTS_REPO = 'https://charts.acme.example/stable';
const VALUES_REPO = 'https://github.com/acme/helm-values.git';

const ago = (days: number, hours: number): Ago => [days, hours];

// ---------------------------------------------------------------------------------------------
// team-payments: payments-api (dev, staging, prod), notifications-worker (dev, prod)

const paymentsApiImage = (v: string) => [`ghcr.io/acme/payments-api:${v}`];
const CRASH_1_6_1 =
  'Deployment payments-api: Degraded — Back-off restarting failed container payments-api (CrashLoopBackOff): PAYMENTS_PROVIDER_KEY is not set';
const PULL_1_7_2 =
  'Deployment payments-api: Degraded — Back-off pulling image "ghcr.io/acme/payments-api:1.7.2" (ImagePullBackOff): not found in the prod registry mirror';
const KYVERNO_1_6_2 =
  'one or more objects failed to apply, reason: admission webhook "validate.kyverno.svc" denied the request: Deployment/payments/payments-api was blocked by require-resource-limits';

/** payments-api's releases: days ago in dev, staging and prod, each at 5 hours past the day. */
const PAYMENTS_API_RELEASES: Array<
  [version: string, dev: number, staging: number, prod: number]
> = [
  ['1.5.0', 89, 88, 87],
  ['1.5.1', 86, 85, 84],
  ['1.5.2', 82, 81, 80],
  ['1.5.3', 79, 78, 77],
  ['1.5.4', 75, 74, 73],
  ['1.5.5', 72, 71, 70],
  ['1.6.0', 65, 64, 63],
  ['1.6.1', 58, 57, 56],
  ['1.6.2', 54, 53, 52],
  ['1.6.3', 51, 50, 49],
  ['1.6.4', 47, 46, 45],
  ['1.6.5', 44, 43, 42],
  ['1.7.0', 40, 39, 38],
  ['1.7.1', 37, 36, 35],
  ['1.7.2', 25, 24, 23],
  // 1.7.3 is the same-day hotfix, below.
  ['1.7.4', 16, 15, 14],
];

/** payments-api in one environment: its releases at 5 hours past their day, then what went wrong. */
function paymentsApi(env: 'dev' | 'staging' | 'prod'): SeedDeploy[] {
  const column = { dev: 1, staging: 2, prod: 3 } as const;
  const leadHours = { dev: 1, staging: 3, prod: 20 }[env];
  const deploys: SeedDeploy[] = PAYMENTS_API_RELEASES.map(release => ({
    version: release[0],
    at: ago(release[column[env]], 5),
    leadHours,
  }));
  const replace = (version: string, ...by: SeedDeploy[]) =>
    deploys.splice(
      deploys.findIndex(d => d.version === version),
      1,
      ...by,
    );
  // The hotfix, the day 1.7.2 could not be pulled in prod: through dev and staging in four hours.
  const hotfix = { dev: ago(23, 9), staging: ago(23, 7), prod: ago(23, 5) }[
    env
  ];
  const hotfixLead = { dev: 1, staging: 2, prod: 3 }[env];
  deploys.push({ version: '1.7.3', at: hotfix, leadHours: hotfixLead });
  if (env === 'staging') {
    replace(
      '1.6.2',
      {
        version: '1.6.2',
        at: ago(53, 9),
        leadHours,
        failedSync: KYVERNO_1_6_2,
      },
      { version: '1.6.2', change: 'limits', at: ago(53, 5), leadHours: 1 },
    );
  }
  if (env === 'prod') {
    replace(
      '1.6.1',
      {
        version: '1.6.1',
        at: ago(56, 5),
        leadHours,
        degraded: { reason: CRASH_1_6_1 },
      },
      { version: '1.6.0', at: ago(56, 4), rollback: true, by: 'alice' },
    );
    replace('1.7.2', {
      version: '1.7.2',
      at: ago(23, 14),
      leadHours,
      degraded: { reason: PULL_1_7_2 },
    });
  }
  return deploys;
}

const notificationsImage = (v: string) => [`acme/notifications-worker:${v}`];
const CRASH_1_9_0 =
  'Deployment notifications-worker: Degraded — Back-off restarting failed container worker (CrashLoopBackOff): cannot connect to smtp.acme.example:587';

// ---------------------------------------------------------------------------------------------
// team-storefront: checkout-web, a Helm chart (the revision is the chart version: no commits)

const CHECKOUT_VERSIONS = [
  '3.0.0', '3.0.1', '3.0.2', '3.0.3', '3.0.4', '3.1.0', '3.1.1', '3.1.2', '3.1.3',
  '3.1.4', '3.1.5', '3.1.6', '3.1.7', '3.1.8', '3.1.9', '3.2.0', '3.2.1',
]; // prettier-ignore
const PROBE_3_1_4 =
  'Deployment checkout-web: Degraded — Readiness probe failed: HTTP probe failed with statuscode: 503';

/**
 * checkout-web in one environment: version i reaches dev 86 − 5i days ago (at 8 hours past the
 * day), staging a day later, prod three days later; staging stops at 3.2.0 and prod at 3.1.9 (as
 * the simulator shows them), and prod skipped 3.1.4.
 */
function checkoutWeb(env: 'dev' | 'staging' | 'prod'): SeedDeploy[] {
  const last = { dev: '3.2.1', staging: '3.2.0', prod: '3.1.9' }[env];
  const delay = { dev: 0, staging: 1, prod: 3 }[env];
  return CHECKOUT_VERSIONS.slice(0, CHECKOUT_VERSIONS.indexOf(last) + 1)
    .map(
      (version, i): SeedDeploy => ({
        version,
        at: ago(86 - 5 * i - delay, 8),
        ...(env === 'staging' && version === '3.1.4'
          ? { degraded: { reason: PROBE_3_1_4 } }
          : {}),
      }),
    )
    .filter(d => !(env === 'prod' && d.version === '3.1.4'));
}

// ---------------------------------------------------------------------------------------------
// team-storefront: cart-api, an Argo Rollouts Rollout (git overlays per environment)

const ABORTED_2_3_1 =
  'Rollout cart-api: Degraded — RolloutAborted: Rollout aborted update to revision 4';

/** cart-api's releases reach prod 70 − 12i days ago, at 10 hours past the day. */
function cartApi(): SeedDeploy[] {
  const versions = ['2.2.0', '2.2.1', '2.3.0', '2.3.1', '2.3.2', '2.4.0'];
  return versions.map((version, i) => ({
    version,
    at: ago(70 - 12 * i, 10),
    leadHours: 48,
    ...(version === '2.3.1' ? { degraded: { reason: ABORTED_2_3_1 } } : {}),
  }));
}

// ---------------------------------------------------------------------------------------------
// team-logistics: inventory-service, a chart and a values repository (two sources)

const inventoryImage = (v: string) => [
  `ghcr.io/acme/inventory:${v}`,
  'docker.io/library/redis:7.2',
];

function inventory(days: number[], hour = 6): SeedDeploy[] {
  return ['0.12.0', '0.13.0', '0.13.1', '0.13.2', '0.14.0']
    .slice(0, days.length)
    .map((version, i) => ({ version, at: ago(days[i], hour) }));
}

// ---------------------------------------------------------------------------------------------

/** Every demo application's seeded history (the applications of packages/argocd-simulator/scenarios/demo.yaml). */
export const DEMO_HISTORY: SeedApplication[] = [
  ...(['dev', 'staging', 'prod'] as const).map(
    (env): SeedApplication => ({
      instance: env,
      application: `payments-api-${env}`,
      entityRef: 'component:default/payments-api',
      kind: 'git',
      pathOrChart: `apps/payments-api/overlays/${env}`,
      image: paymentsApiImage,
      healthyAfterSeconds: 90,
      deploys: paymentsApi(env),
    }),
  ),
  {
    instance: 'dev',
    application: 'notifications-worker-dev',
    entityRef: 'component:default/notifications-worker',
    kind: 'git',
    pathOrChart: 'apps/notifications-worker/dev',
    image: notificationsImage,
    healthyAfterSeconds: 120,
    deploys: [
      { version: '1.8.0', at: ago(80, 5), leadHours: 2 },
      { version: '1.8.1', at: ago(73, 5), leadHours: 2 },
      { version: '1.8.2', at: ago(66, 5), leadHours: 2 },
      { version: '1.9.0', at: ago(58, 5), leadHours: 2 },
      { version: '1.9.1', at: ago(54, 10), leadHours: 2 },
      { version: '2.0.0', at: ago(34, 5), leadHours: 2 },
      { version: '2.0.1', at: ago(20, 5), leadHours: 2 },
      { version: '2.0.2', at: ago(13, 5), leadHours: 2 },
      { version: '2.0.3', at: ago(7, 5), leadHours: 2 },
    ],
  },
  {
    instance: 'prod',
    application: 'notifications-worker-prod',
    entityRef: 'component:default/notifications-worker',
    kind: 'git',
    pathOrChart: 'apps/notifications-worker/prod',
    image: notificationsImage,
    healthyAfterSeconds: 120,
    // The slow lead time: each prod pull request waits about a week for the change window.
    deploys: [
      { version: '1.8.0', at: ago(77, 5), leadHours: 168 },
      { version: '1.8.1', at: ago(70, 5), leadHours: 144 },
      { version: '1.8.2', at: ago(63, 5), leadHours: 168 },
      {
        version: '1.9.0',
        at: ago(55, 5),
        leadHours: 168,
        degraded: { reason: CRASH_1_9_0 },
      },
      // The fix, expedited: a day from commit to prod.
      { version: '1.9.1', at: ago(54, 3), leadHours: 24, by: 'alice' },
      { version: '2.0.0', at: ago(26, 5), leadHours: 192 },
      { version: '2.0.1', at: ago(12, 5), leadHours: 192 },
    ],
  },
  ...(['dev', 'staging', 'prod'] as const).map(
    (env): SeedApplication => ({
      instance: env,
      application: `checkout-web-${env}`,
      entityRef: 'component:default/checkout-web',
      kind: 'chart',
      pathOrChart: 'checkout-web',
      image: v => [`ghcr.io/acme/checkout-web:${v}`],
      healthyAfterSeconds: 60,
      deploys: checkoutWeb(env),
    }),
  ),
  {
    instance: 'prod',
    application: 'cart-api-prod',
    entityRef: 'component:default/cart-api',
    kind: 'git',
    pathOrChart: 'apps/cart-api/prod',
    image: v => [`ghcr.io/acme/cart-api:${v}`],
    // The canary's steps take about ten minutes, its pause until promoted included.
    healthyAfterSeconds: 600,
    deploys: cartApi(),
  },
  ...(
    [
      ['dev', 'inventory-dev', inventory([82, 52, 37, 22, 8])],
      ['staging', 'inventory-staging', inventory([81, 51, 36, 21])],
      ['prod', 'inventory-prod-eu', inventory([80, 50, 35, 20])],
      [
        'prod',
        'inventory-prod-us',
        inventory([80, 50, 35, 20], 4).map(d =>
          d.version === '0.13.0'
            ? {
                ...d,
                degraded: {
                  reason: 'did not become healthy within 10 minutes',
                  ours: true,
                },
              }
            : d,
        ),
      ],
    ] as const
  ).map(
    ([instance, application, deploys]): SeedApplication => ({
      instance,
      application,
      entityRef: 'component:default/inventory-service',
      kind: 'chart-with-values',
      pathOrChart: 'inventory',
      image: inventoryImage,
      healthyAfterSeconds: 180,
      deploys,
    }),
  ),
];

/** CI's expectations: the prod release of `version` of `application` was expected, and deployed. */
export const DEMO_EXPECTATIONS: Array<{
  id: string;
  application: string;
  version: string;
  /** Posted this many minutes before the sync started. */
  postedMinutesBefore: number;
  author: string;
  run: number;
}> = [
  { id: 'de300000-0000-4000-8000-000000000001', application: 'payments-api-prod', version: '1.7.3', postedMinutesBefore: 4, author: 'Alice <alice@acme.example>', run: 9120 },
  { id: 'de300000-0000-4000-8000-000000000002', application: 'payments-api-prod', version: '1.7.4', postedMinutesBefore: 6, author: 'Alice <alice@acme.example>', run: 9187 },
  { id: 'de300000-0000-4000-8000-000000000003', application: 'notifications-worker-prod', version: '2.0.1', postedMinutesBefore: 12, author: 'Alice <alice@acme.example>', run: 4411 },
  { id: 'de300000-0000-4000-8000-000000000004', application: 'checkout-web-prod', version: '3.1.9', postedMinutesBefore: 3, author: 'Bob <bob@acme.example>', run: 7702 },
]; // prettier-ignore

// ---------------------------------------------------------------------------------------------
// From the data to rows

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
/** How long each sync ran, start to finish. */
const SYNC_SECONDS = 25;

const iso = (ms: number) => new Date(ms).toISOString();
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

export function agoMs(now: Date, [days, hours]: Ago): number {
  return now.getTime() - days * DAY_MS - hours * HOUR_MS;
}

/**
 * The row identity Argo Pulse gives a history entry or a failed operation: the same hash as
 * the plugin's `deploymentEventKey` (database/deploymentIdentity.ts; keep the two in step). The
 * route's deployment `id` and `rollback_of` are this key.
 */
export function eventKey(d: {
  historyId: number | null;
  startedAt: string;
  finishedAt: string;
  revisions: string[];
  phase: string;
}): string {
  const parts =
    d.historyId !== null
      ? ['history', String(d.historyId), d.finishedAt, d.revisions.join(',')]
      : [
          'operation',
          d.startedAt,
          d.finishedAt,
          d.phase,
          d.revisions.join(','),
        ];
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

function revisionsOf(app: SeedApplication, d: SeedDeploy): string[] {
  const commit = sha1(
    `${app.application}@${d.version}${d.change ? `+${d.change}` : ''}`,
  );
  if (app.kind === 'git') return [commit];
  if (app.kind === 'chart') return [d.version];
  return [d.version, sha1(`${app.application}@${d.version} values`)];
}

function sourcesOf(app: SeedApplication, d: SeedDeploy) {
  if (app.kind === 'git')
    return [
      {
        repoURL: DEPLOYMENTS_REPO,
        path: app.pathOrChart,
        targetRevision: 'main',
      },
    ];
  const chart = {
    repoURL: CHARTS_REPO,
    chart: app.pathOrChart,
    targetRevision: d.version,
  };
  return app.kind === 'chart'
    ? [chart]
    : [chart, { repoURL: VALUES_REPO, targetRevision: 'main', ref: 'values' }];
}

/**
 * Seeded rows are told apart by their history ids, which are negative: Argo CD numbers an
 * application's history entries from 0 (the simulator's entries are 0, 1, …), so a negative id
 * is never Argo CD's. Each application's seeded entries are numbered up to −1, oldest first, so
 * they read as the entries just before the simulator's: when Argo Pulse stores the simulator's
 * oldest entry (id 0) after the seed, the store's gap check (id 0 − newest id −1 − 1 = 0) finds no
 * entry missed. The unique key is (instance, namespace, application, event_key), and the event key
 * hashes the history id with the finish time, so a seeded row can never collide with one the
 * plugin records. Failed syncs are stored as the plugin stores failed operations: no history id.
 * Every seeded deployment finishes before the simulator's application was created (its
 * `historyDepth` + 1 days before it starts: the demo test checks it), so the newest deployment of
 * each application, and what the pages show as running now, is still the simulator's.
 */
export function deploymentRows(app: SeedApplication, now: Date) {
  const byTime = [...app.deploys].sort(
    (a, b) => agoMs(now, a.at) - agoMs(now, b.at),
  );
  let historyId = -byTime.filter(d => !d.failedSync).length;
  const keyed: Array<{
    deploy: SeedDeploy;
    revisions: string[];
    key: string;
    row: Record<string, unknown>;
  }> = [];
  for (const d of byTime) {
    const finished = agoMs(now, d.at);
    const startedAt = iso(finished - SYNC_SECONDS * 1000);
    const finishedAt = iso(finished);
    const revisions = revisionsOf(app, d);
    const id = d.failedSync ? null : historyId++;
    const phase = d.failedSync ? 'Failed' : 'Succeeded';
    const key = eventKey({
      historyId: id,
      startedAt,
      finishedAt,
      revisions,
      phase,
    });
    const rollbackOf = d.rollback
      ? [...keyed]
          .reverse()
          .find(
            k =>
              !k.deploy.failedSync &&
              k.revisions.join(',') === revisions.join(','),
          )?.key
      : undefined;
    if (d.rollback && !rollbackOf)
      throw new Error(
        `${app.application} ${d.version}: a rollback to a version never deployed before`,
      );
    // A failed sync settles as it ends; a degraded one after the grace (2 minutes), or after the
    // settle timeout (10 minutes) when it just never became healthy; a healthy one when Healthy.
    let result = 'healthy';
    let settledAt = iso(finished + app.healthyAfterSeconds * 1000);
    if (d.failedSync) {
      result = 'failed';
      settledAt = finishedAt;
    } else if (d.degraded) {
      result = 'degraded';
      settledAt = iso(finished + (d.degraded.ours ? 10 : 2) * 60_000);
    }
    const healthy = result === 'healthy';
    keyed.push({
      deploy: d,
      revisions,
      key,
      row: {
        instance: app.instance,
        namespace: DEMO_APP_NAMESPACE,
        application: app.application,
        history_id: id,
        event_key: key,
        revisions: JSON.stringify(revisions),
        sources: JSON.stringify(sourcesOf(app, d)),
        started_at: startedAt,
        finished_at: finishedAt,
        initiated_by: JSON.stringify(
          d.by ? { username: d.by } : { automated: true },
        ),
        images: JSON.stringify(app.image(d.version)),
        // Known: seen running, or (a failed sync) read from the manifests; never looked for again.
        images_from: d.failedSync ? 'manifests' : 'running',
        sync_result: JSON.stringify(
          d.failedSync
            ? { phase, message: d.failedSync }
            : { phase, message: 'successfully synced (all tasks run)' },
        ),
        missed_before: null,
        result,
        result_reason: d.degraded?.reason ?? null,
        result_reason_is_detail: Boolean(d.degraded && !d.degraded.ours),
        settled_at: settledAt,
        healthy_after_seconds: healthy ? app.healthyAfterSeconds : null,
        rollback_of: rollbackOf ?? null,
        // Announced long ago: the degraded announcer must not publish three-month-old failures.
        announced_at: d.degraded ? settledAt : null,
      },
    });
  }
  return keyed;
}

/** The commit of each git revision: its author date `leadHours` before its first sync finished. */
function commitRows(app: SeedApplication, now: Date) {
  if (app.kind !== 'git') return [];
  const rows = new Map<string, Record<string, unknown>>();
  for (const { deploy: d, revisions } of deploymentRows(app, now)) {
    if (rows.has(revisions[0]) || d.leadHours === undefined) continue;
    const finished = agoMs(now, d.at);
    const authors = [
      'Alice <alice@acme.example>',
      'Ada Lovelace <ada@acme.example>',
    ];
    rows.set(revisions[0], {
      instance: app.instance,
      namespace: DEMO_APP_NAMESPACE,
      application: app.application,
      revision: revisions[0],
      author: authors[parseInt(revisions[0].slice(0, 2), 16) % authors.length],
      message: `chore(${app.instance}): ${app.pathOrChart.split('/')[1]} ${
        d.version
      }${d.change ? ` (${d.change})` : ''}`,
      committed_at: iso(finished - d.leadHours * HOUR_MS),
      error: null,
      fetched_at: iso(finished + 5_000),
    });
  }
  return [...rows.values()];
}

function expectationRows(now: Date) {
  return DEMO_EXPECTATIONS.map(e => {
    const app = DEMO_HISTORY.find(a => a.application === e.application)!;
    const found = deploymentRows(app, now).find(
      k => k.deploy.version === e.version && !k.deploy.rollback,
    );
    if (!found) throw new Error(`${e.application} never deployed ${e.version}`);
    const row = found.row as Record<string, any>;
    const started = Date.parse(row.started_at);
    const created = started - e.postedMinutesBefore * 60_000;
    const images = app.image(e.version);
    return {
      expectation: {
        id: e.id,
        sequence: null, // older than any posted for real, which take numbers from the counter
        entity_ref: app.entityRef,
        images: JSON.stringify(images),
        state: 'deployed',
        reason: null,
        message: null,
        waiting_for: null,
        created_at: iso(created),
        deadline_at: iso(created + 10 * 60_000),
        resolved_at: row.settled_at,
        next_check_at: null,
        revision: found.revisions[0],
        author: e.author,
        run_url: `https://github.com/acme/${
          app.entityRef.split('/')[1]
        }/actions/runs/${e.run}`,
        created_by: 'demo-ci',
        superseded_by: null,
        progress: JSON.stringify({}),
        observed: null,
        deployments: JSON.stringify([
          {
            instance: app.instance,
            namespace: DEMO_APP_NAMESPACE,
            application: app.application,
            deploymentId: found.key,
            historyId: row.history_id,
            syncSeconds: SYNC_SECONDS,
          },
        ]),
        idempotency_key: null,
        request_hash: null,
        compat: null,
        awaiting: null,
      },
      target: {
        expectation_id: e.id,
        instance: app.instance,
        namespace: DEMO_APP_NAMESPACE,
        application: app.application,
        position: 0,
      },
    };
  });
}

export interface SeedOutcome {
  seeded: boolean;
  deployments: number;
  commits: number;
  expectations: number;
}

/**
 * Seeds the demo's history into the plugin's (migrated) database, relative to `now`, unless
 * the demo applications already have seeded rows (negative history ids): a restart seeds
 * nothing. Only inserts, and a row that is already there (a real one) wins.
 */
export async function seedDemoDeliveryHistory(
  db: Knex,
  now: Date,
): Promise<SeedOutcome> {
  const none = { seeded: false, deployments: 0, commits: 0, expectations: 0 };
  return db.transaction(async tx => {
    const seededBefore = await tx('argo_pulse_deployments')
      .whereIn(
        ['instance', 'namespace', 'application'],
        DEMO_HISTORY.map(a => [a.instance, DEMO_APP_NAMESPACE, a.application]),
      )
      .where('history_id', '<', 0)
      .first('id');
    if (seededBefore) return none;
    const deployments = DEMO_HISTORY.flatMap(app =>
      deploymentRows(app, now).map(k => k.row),
    );
    const commits = DEMO_HISTORY.flatMap(app => commitRows(app, now));
    const expectations = expectationRows(now);
    for (let i = 0; i < deployments.length; i += 50)
      await tx('argo_pulse_deployments')
        .insert(deployments.slice(i, i + 50))
        .onConflict(['instance', 'namespace', 'application', 'event_key'])
        .ignore();
    for (let i = 0; i < commits.length; i += 50)
      await tx('argo_pulse_commits')
        .insert(commits.slice(i, i + 50))
        .onConflict(['instance', 'namespace', 'application', 'revision'])
        .ignore();
    await tx('argo_pulse_expectations')
      .insert(expectations.map(e => e.expectation))
      .onConflict('id')
      .ignore();
    await tx('argo_pulse_expectation_targets')
      .insert(expectations.map(e => e.target))
      .onConflict(['expectation_id', 'instance', 'namespace', 'application'])
      .ignore();
    return {
      seeded: true,
      deployments: deployments.length,
      commits: commits.length,
      expectations: expectations.length,
    };
  });
}
