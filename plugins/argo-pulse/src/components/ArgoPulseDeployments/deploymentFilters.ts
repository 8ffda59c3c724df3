import {
  ArgoPulseDeploymentResultStatus,
  EXPECTATION_STATES,
  ExpectationState,
} from '@argo-pulse/backstage-plugin-common';
import type {
  PortalDeploymentsQuery,
  PortalVersionsQuery,
} from '../../api/ArgoPulseApi';

/** What the filter bar holds; kept in the page's URL so a filtered view can be shared. */
export interface DeploymentFilterState {
  mine: boolean;
  owner: string;
  entity: string;
  kind: string;
  system: string;
  instance: string;
  outcome: '' | ExpectationState;
  /** Which rows: both kinds, deployments only, expectations only. */
  type: '' | 'deployment' | 'expectation';
  /** Deployments by what happened after their sync; `problem` is degraded or failed. */
  result: (typeof RESULT_CHOICES)[number];
  since: '' | '24h' | '7d' | '30d';
  page: number;
}

export const OUTCOME_OPTIONS: Array<
  [DeploymentFilterState['outcome'], string]
> = [
  ['', 'Any outcome'],
  ['deployed', 'Deployed'],
  ['failed', 'Failed'],
  ['pending', 'Pending (expectations)'],
  ['superseded', 'Superseded (expectations)'],
  ['cancelled', 'Cancelled (expectations)'],
];

const RESULT_CHOICES = [
  '',
  'problem',
  'healthy',
  'degraded',
  'failed',
  'progressing',
  'superseded',
  'unknown',
] as const;

export const RESULT_OPTIONS: Array<[DeploymentFilterState['result'], string]> =
  [
    ['', 'Any result'],
    ['problem', 'Degraded or failed'],
    ['healthy', 'Healthy'],
    ['degraded', 'Degraded'],
    ['failed', 'Failed'],
    ['progressing', 'Progressing'],
    ['superseded', 'Superseded'],
    ['unknown', 'Unknown'],
  ];

/** The results a choice selects. */
const resultsOf = (
  choice: DeploymentFilterState['result'],
): ArgoPulseDeploymentResultStatus[] => {
  if (choice === 'problem') return ['degraded', 'failed'];
  return choice ? [choice] : [];
};

export const TYPE_OPTIONS: Array<[DeploymentFilterState['type'], string]> = [
  ['', 'Deployments and expectations'],
  ['deployment', 'Deployments only'],
  ['expectation', 'Expectations only'],
];

export const SINCE_OPTIONS: Array<[DeploymentFilterState['since'], string]> = [
  ['', 'Any time'],
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
];

const SINCE_MS: Record<string, number> = {
  '24h': 24 * 3600_000,
  '7d': 7 * 24 * 3600_000,
  '30d': 30 * 24 * 3600_000,
};

/** The filter bar's state from the URL's search parameters; what is missing or unknown is unset. */
export function filtersFromSearch(
  search: URLSearchParams,
): DeploymentFilterState {
  const pick = <T extends string>(
    value: string | null,
    allowed: readonly T[],
  ): T => (allowed.includes(value as T) ? (value as T) : allowed[0]);
  const page = Number(search.get('page'));
  return {
    mine: search.get('mine') === 'true',
    owner: search.get('owner') ?? '',
    entity: search.get('entity') ?? '',
    kind: search.get('kind') ?? '',
    system: search.get('system') ?? '',
    instance: search.get('instance') ?? '',
    outcome: pick(search.get('outcome'), ['', ...EXPECTATION_STATES] as const),
    type: pick(search.get('type'), ['', 'deployment', 'expectation'] as const),
    result: pick(search.get('result'), RESULT_CHOICES),
    since: pick(search.get('since'), ['', '24h', '7d', '30d'] as const),
    page: Number.isInteger(page) && page > 0 ? page : 0,
  };
}

/** The URL's search parameters for a filter state: only what is set. */
export function searchFromFilters(
  state: DeploymentFilterState,
): URLSearchParams {
  const search = new URLSearchParams();
  if (state.mine) search.set('mine', 'true');
  for (const key of [
    'owner',
    'entity',
    'kind',
    'system',
    'instance',
    'outcome',
    'type',
    'result',
    'since',
  ] as const) {
    if (state[key]) search.set(key, state[key]);
  }
  if (state.page) search.set('page', String(state.page));
  return search;
}

/** "a, b" as a list, blanks dropped. */
export const list = (text: string) =>
  text
    .split(',')
    .map(v => v.trim())
    .filter(Boolean);

/** The filters on the entity: owner ("owned by me" as `me`), entity, kind, system. */
function entityQuery(state: DeploymentFilterState) {
  const owner = [...(state.mine ? ['me'] : []), ...list(state.owner)];
  return {
    ...(owner.length ? { owner } : {}),
    ...(list(state.entity).length ? { entity: list(state.entity) } : {}),
    ...(state.kind ? { kind: [state.kind] } : {}),
    ...(list(state.system).length ? { system: list(state.system) } : {}),
  };
}

/**
 * The query of the versions matrix for a filter state, when it selects a
 * team or a system (a matrix of the whole portal would be too long to read).
 */
export function versionsQueryFromFilters(
  state: DeploymentFilterState,
  limit: number,
): PortalVersionsQuery | undefined {
  if (!state.mine && !list(state.owner).length && !list(state.system).length)
    return undefined;
  return { ...entityQuery(state), limit, offset: 0 };
}

/** The backend query of a filter state, for a page of `pageSize`. */
export function queryFromFilters(
  state: DeploymentFilterState,
  pageSize: number,
  now: number,
): PortalDeploymentsQuery {
  return {
    ...entityQuery(state),
    ...(list(state.instance).length ? { instance: list(state.instance) } : {}),
    ...(state.outcome ? { outcome: [state.outcome] } : {}),
    ...(state.type ? { type: [state.type] } : {}),
    ...(state.result ? { result: resultsOf(state.result) } : {}),
    ...(state.since
      ? { from: new Date(now - SINCE_MS[state.since]).toISOString() }
      : {}),
    limit: pageSize,
    offset: state.page * pageSize,
  };
}
