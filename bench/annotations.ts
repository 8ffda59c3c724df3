// A catalog written to stall the backend: 2,000 entities, each with Argo CD annotations of the
// largest size Argo Pulse reads (a 4,096-character selector, or 100 application names), against
// 20,000 stored applications. Runs what production runs on them (the entity index rebuilt from
// the catalog, three times, and each entity's page-view resolution) and prints, beside the
// durations, how long the event loop was held at most (`monitorEventLoopDelay`); the target is
// 50 ms. The catalog is Backstage's catalog service mock and the store SQLite, in this process.
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ARGO_PULSE_ANNOTATION_MAX_LENGTH,
  ARGO_PULSE_ANNOTATION_MAX_NAMES,
} from '@argo-pulse/backstage-plugin-common';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  chunks,
  DatabaseArgoPulseStore,
  DatabaseEntityIndex,
  readEntityTarget,
  refreshEntityIndex,
  resolveEntityApplications,
} from '../plugins/argo-pulse-backend/src/internals';
import type { StoredApplication } from '../plugins/argo-pulse-backend/src/internals';
import { benchDatabase } from './benchDatabase';
import { databaseService } from './benchServices';
import { storeApplications } from './portalData';

const ENTITIES = 2000;
const APPLICATIONS = 20_000;
const INSTANCES = ['dev', 'staging', 'prod'];
const TARGET_MS = 50;

const appName = (n: number) => `service-${n}`;

function application(n: number): StoredApplication {
  const instance = INSTANCES[n % INSTANCES.length];
  return {
    snapshot: {
      instance,
      namespace: 'argocd',
      name: appName(n),
      project: 'default',
      labels: { app: appName(n), team: `team-${n % 50}`, env: instance },
      sync: { status: 'Synced', revisions: ['rev'] },
      health: { status: 'Healthy' },
      images: [`ghcr.io/acme/${appName(n)}:1.0.0`],
      sources: [{ repoURL: 'https://github.com/acme/deploy.git', path: '.' }],
      destination: { namespace: 'default' },
      conditions: [],
    },
    fingerprint: 'bench',
    observedAt: new Date().toISOString(),
  };
}

/** As many items as fit in `room` characters (at most `max`), joined by commas. */
function longest(item: (i: number) => string, room: number, max = Infinity) {
  const items: string[] = [];
  for (let i = 0; items.length < max; i++) {
    if ([...items, item(i)].join(',').length > room) break;
    items.push(item(i));
  }
  return items.join(',');
}

/** Half select by a selector of the largest size, half name the most applications allowed. */
function entity(n: number): Entity {
  const selector = (values: string) => `app in (${values}),team!=nobody`;
  const annotations: Record<string, string> =
    n % 2 === 0
      ? {
          'argocd/app-selector': selector(
            longest(
              i => appName((n * 7 + i * 13) % APPLICATIONS),
              ARGO_PULSE_ANNOTATION_MAX_LENGTH - selector('').length,
            ),
          ),
        }
      : {
          'argocd/app-name': longest(
            i => appName((n * 11 + i) % APPLICATIONS),
            ARGO_PULSE_ANNOTATION_MAX_LENGTH,
            ARGO_PULSE_ANNOTATION_MAX_NAMES,
          ),
        };
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: `service-${n}`, namespace: 'default', annotations },
    spec: { type: 'service', owner: `team-${n % 50}`, lifecycle: 'production' },
  };
}

/**
 * Runs `work` while watching the event loop two ways: Node's `monitorEventLoopDelay`, and a 5 ms
 * interval whose longest gap between two ticks is the longest hold. Answers the duration and the
 * larger of the two.
 */
async function watched(work: () => Promise<unknown>) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  let last = performance.now();
  let longestGap = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - last - 5);
    last = now;
  }, 5);
  delay.enable();
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  // A hold at the very end is recorded at the next turn of the loop.
  await new Promise(resolve => setTimeout(resolve, 20));
  delay.disable();
  clearInterval(probe);
  return {
    ms,
    maxHeldMs: Math.max(delay.max / 1e6, longestGap),
    p99HeldMs: delay.percentile(99) / 1e6,
  };
}

async function main() {
  const { knex, drop } = await benchDatabase('sqlite');
  try {
    const database = databaseService(knex);
    const store = await DatabaseArgoPulseStore.create({ database });
    await storeApplications(
      store,
      Array.from({ length: APPLICATIONS }, (_, n) => application(n)),
    );
    const entities = Array.from({ length: ENTITIES }, (_, n) => entity(n));
    const sizes = entities.map(
      e => Object.values(e.metadata.annotations!)[0].length,
    );
    console.log(
      `${ENTITIES} entities (annotations of ${Math.min(...sizes)}–${Math.max(
        ...sizes,
      )} characters), ${APPLICATIONS} stored applications, SQLite`,
    );
    const options = {
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      store,
      index: new DatabaseEntityIndex(knex),
      configuredInstances: INSTANCES,
    };
    const rows: string[] = [];
    const report = (what: string, r: Awaited<ReturnType<typeof watched>>) =>
      rows.push(
        `${what.padEnd(44)} ${(r.ms / 1000)
          .toFixed(1)
          .padStart(6)} s   event loop held at most ${r.maxHeldMs
          .toFixed(0)
          .padStart(4)} ms (p99 ${r.p99HeldMs.toFixed(0)} ms)   ${
          r.maxHeldMs <= TARGET_MS ? 'within' : 'OVER'
        } the ${TARGET_MS} ms target`,
      );
    for (const run of ['first (parses)', 'second', 'third'])
      report(
        `entity index rebuild, ${run}`,
        await watched(() => refreshEntityIndex(options)),
      );
    // A page view: the entity's target (cached) and its applications resolved from the store.
    report(
      `${ENTITIES} page-view resolutions, 8 at a time`,
      await watched(async () => {
        for (const batch of chunks(entities, 8)) {
          // Requests come from the network: the loop turns between them.
          await new Promise(resolve => setImmediate(resolve));
          await Promise.all(
            batch.map(async e => {
              const target = readEntityTarget(e);
              if (target.kind === 'target')
                await resolveEntityApplications({
                  store,
                  target: target.target,
                  configuredInstances: INSTANCES,
                });
            }),
          );
        }
      }),
    );
    console.log(rows.join('\n'));
  } finally {
    await drop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
