// The portal-wide version matrix (GET /versions) on the large portal of portalData.ts: p50 and
// p99 of each kind of matrix a user asks for, beside the feed's target (p99 under 50 ms).
// Run by bench/portalFeed.ts, on the database it filled.
import type { Knex } from 'knex';
import { portalVersionMatrix } from '../plugins/argo-pulse-backend/src/internals';
import type {
  DatabaseArgoPulseStore,
  EntityAccess,
  EntityFilters,
  EnvironmentConfig,
} from '../plugins/argo-pulse-backend/src/internals';
import { timedRow } from './timedRow';
import { INSTANCES, team } from './portalData';

const ENVIRONMENTS: EnvironmentConfig[] = INSTANCES.map(instance => ({
  name: instance,
  places: [{ instance }],
}));
const MY_TEAM_ONLY: EntityAccess = {
  kind: 'conditional',
  criteria: {
    rule: 'IS_ENTITY_OWNER',
    resourceType: 'catalog-entity',
    params: { claims: [team(7)] },
  },
};

/** [what the user asks for, filters, access, offset]; pages of 50 entities, the page's default. */
const MATRICES: Array<[string, EntityFilters, EntityAccess, number]> = [
  ["a team's services (40)", { owners: [team(7)] }, { kind: 'all' }, 0],
  [
    "a team's services, a policy: only my team owns",
    { owners: [team(7)] },
    MY_TEAM_ONLY,
    0,
  ],
  [
    "a system's services (10)",
    { systems: ['system:default/system-42'] },
    { kind: 'all' },
    0,
  ],
  [
    'every component, page 10 of 50 entities',
    { kinds: ['component'] },
    { kind: 'all' },
    9 * 50,
  ],
];

export async function measureVersions(
  knex: Knex,
  store: DatabaseArgoPulseStore,
  kind: string,
  runs: number,
  targetMs: number,
): Promise<string[]> {
  const lines: string[] = [];
  for (const [name, filters, access, offset] of MATRICES) {
    const row = await timedRow(kind, name, { runs, targetMs }, async () => {
      const page = await portalVersionMatrix({
        db: knex,
        store,
        filters,
        access,
        environments: ENVIRONMENTS,
        instances: INSTANCES,
        limit: 50,
        offset,
      });
      return page.entities.length;
    });
    lines.push(row);
  }
  return lines;
}
