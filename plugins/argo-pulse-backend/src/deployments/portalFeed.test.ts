// The portal-wide feed query on SQLite and PostgreSQL: deployments and expectations merged
// newest first, every filter, and a policy's conditional decision applied in the query
// itself, without leaking another owner's rows.
import { mockServices } from '@backstage/backend-test-utils';
import type {
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import type { Knex } from 'knex';
import { DatabaseArgoPulseStore } from '../database/DatabaseArgoPulseStore';
import { deploymentRow } from '../database/deploymentRows';
import { DatabaseEntityIndex } from '../entities/DatabaseEntityIndex';
import type { EntityIndexEntry } from '../entities/entityIndexEntries';
import { DatabaseExpectationStore } from '../expectations/DatabaseExpectationStore';
import { newExpectationRecord } from '../expectations/newExpectationRecord';
import type { EntityAccess } from '../entities/entityFilters';
import { PortalFeedFilters, portalFeed } from './portalFeed';
import { describeOnEachDatabase } from '../testing/eachDatabase';

const PAYMENTS = 'group:default/team-payments';
const STOREFRONT = 'group:default/team-storefront';

const entity = (
  name: string,
  kind: string,
  owner: string,
  apps: string[],
  extra: Partial<EntityIndexEntry> = {},
): EntityIndexEntry => ({
  entityRef: `${kind}:default/${name}`,
  kind,
  namespace: 'default',
  name,
  owners: [owner],
  labels: {},
  annotations: {},
  applications: apps.map(app => {
    const [instance, application] = app.split('/');
    return { instance, namespace: 'argocd', name: application };
  }),
  ...extra,
});

const ENTITIES = [
  entity(
    'payments-api',
    'component',
    PAYMENTS,
    ['prod/payments-api-prod', 'staging/payments-api-staging'],
    { system: 'system:default/payments', labels: { tier: 'critical' } },
  ),
  entity('checkout-web', 'component', STOREFRONT, ['prod/checkout-web-prod'], {
    annotations: { 'acme.example/private': 'true' },
  }),
  entity('payments-docs', 'resource', PAYMENTS, ['prod/payments-docs']),
];

/** Deployments, oldest first: one per (application, minute), the last of checkout-web failed. */
const DEPLOYMENTS: Array<[string, string, number, boolean]> = [
  ['prod', 'payments-api-prod', 1, true],
  ['staging', 'payments-api-staging', 2, true],
  ['prod', 'checkout-web-prod', 3, true],
  ['prod', 'payments-docs', 4, true],
  ['prod', 'payments-api-prod', 5, true],
  ['prod', 'checkout-web-prod', 6, false],
];

/**
 * Expectations CI posted, at half past a minute: the entity as CI spelled it, its target,
 * its state. payments-api's first was superseded by its second, which is pending.
 */
const EXPECTATIONS: Array<
  [string, string, number, 'pending' | 'deployed' | 'superseded' | 'failed']
> = [
  ['component:default/Payments-API', 'prod/payments-api-prod', 0, 'superseded'],
  ['component:default/checkout-web', 'prod/checkout-web-prod', 2, 'deployed'],
  [
    'component:default/payments-api',
    'staging/payments-api-staging',
    4,
    'pending',
  ],
  [
    'component:default/not-in-the-catalog',
    'prod/payments-api-prod',
    5,
    'failed',
  ],
];

describeOnEachDatabase('portal feed on %s', database => {
  let db: Knex;
  /** What each feed row is, in words: `application@minute` or `expected:entity@minute.state`. */
  const labels = new Map<string, string>();

  beforeEach(async () => {
    db = await database.knex();
    await DatabaseArgoPulseStore.create({
      database: mockServices.database({ knex: db }),
    });
    await new DatabaseEntityIndex(db).replace(ENTITIES);
    await db('argo_pulse_deployments').insert(
      DEPLOYMENTS.map(([instance, application, minute, succeeded], i) =>
        deploymentRow({
          instance,
          namespace: 'argocd',
          application,
          ...(succeeded
            ? { historyId: i }
            : { syncResult: { phase: 'Failed' } }),
          revisions: [`rev${i}`],
          sources: [],
          finishedAt: `2026-11-30T10:0${minute}:00.000Z`,
          images: [],
          imagesSettled: false,
        }),
      ),
    );
    for (const row of await db('argo_pulse_deployments').select(
      'id',
      'application',
      'finished_at',
    )) {
      labels.set(
        `deployment/${row.id}`,
        `${row.application}@${row.finished_at.slice(14, 16)}`,
      );
    }
    const expectations = await DatabaseExpectationStore.create({
      database: mockServices.database({ knex: db }),
    });
    for (const [entityRef, app, minute, state] of EXPECTATIONS) {
      const [instance, name] = app.split('/');
      const record = newExpectationRecord({
        entityRef,
        targets: [{ instance, namespace: 'argocd', name }],
        images: [`ghcr.io/acme/${name}:1.0.${minute}`],
        timeoutMs: 600_000,
        now: new Date(`2026-11-30T10:0${minute}:30.000Z`),
      });
      await expectations.insert(
        { ...record, state },
        { supersedes: () => false },
      );
      labels.set(
        `expectation/${record.id}`,
        `expected:${entityRef.split('/')[1].toLowerCase()}@0${minute}.${state}`,
      );
    }
  });

  const query = async (
    filters: PortalFeedFilters = {},
    access: EntityAccess = { kind: 'all' },
    page = { limit: 50, offset: 0 },
  ) => portalFeed(db, { filters, access, ...page });
  const shown = async (...args: Parameters<typeof query>) =>
    (await query(...args)).items.map(row =>
      labels.get(`${row.type}/${row.id}`),
    );
  /** Deployments only: what the deployment filters are about. */
  const deployments = async (
    filters: PortalFeedFilters = {},
    access?: EntityAccess,
  ) => shown({ types: ['deployment'], ...filters }, access);
  const conditional = (
    criteria: PermissionCriteria<PermissionCondition>,
  ): EntityAccess => ({ kind: 'conditional', criteria });
  const rule = (
    name: string,
    params: PermissionCondition['params'],
  ): PermissionCondition => ({
    rule: name,
    resourceType: 'catalog-entity',
    params,
  });

  const FEED = [
    'checkout-web-prod@06',
    'payments-api-prod@05',
    'expected:payments-api@04.pending',
    'payments-docs@04',
    'checkout-web-prod@03',
    'expected:checkout-web@02.deployed',
    'payments-api-staging@02',
    'payments-api-prod@01',
    'expected:payments-api@00.superseded',
  ];

  it('merges deployments and expectations newest first, each under its entity; an expectation for an entity not in the index is not listed', async () => {
    expect(await shown()).toEqual(FEED);
    const [newest] = (await query()).items;
    expect(newest).toMatchObject({
      type: 'deployment',
      entityRef: 'component:default/checkout-web',
    });
  });

  it('selects deployments by their result, leaving expectations out: what went wrong is degraded and failed', async () => {
    const idOf = (label: string) =>
      [...labels].find(([, l]) => l === label)![0].split('/')[1];
    await db('argo_pulse_deployments')
      .where({ id: idOf('payments-api-prod@05') })
      .update({ result: 'degraded' });
    await db('argo_pulse_deployments')
      .where({ id: idOf('checkout-web-prod@06') })
      .update({ result: 'failed' });
    await db('argo_pulse_deployments')
      .where({ id: idOf('checkout-web-prod@03') })
      .update({ result: 'healthy' });
    expect(await shown({ results: ['degraded', 'failed'] })).toEqual([
      'checkout-web-prod@06',
      'payments-api-prod@05',
    ]);
    expect(
      await shown({ results: ['healthy'], types: ['expectation'] }),
    ).toEqual([]);
    expect(
      await shown({ results: ['degraded', 'healthy'], outcomes: ['deployed'] }),
    ).toEqual(['payments-api-prod@05', 'checkout-web-prod@03']);
  });

  it.each<[string, PortalFeedFilters, string[]]>([
    [
      'owner',
      { owners: ['Group:default/team-storefront'] },
      [
        'checkout-web-prod@06',
        'checkout-web-prod@03',
        'expected:checkout-web@02.deployed',
      ],
    ],
    [
      'entity',
      { entityRefs: ['component:default/payments-api'] },
      [
        'payments-api-prod@05',
        'expected:payments-api@04.pending',
        'payments-api-staging@02',
        'payments-api-prod@01',
        'expected:payments-api@00.superseded',
      ],
    ],
    ['kind', { kinds: ['Resource'] }, ['payments-docs@04']],
    [
      'system',
      { systems: ['system:default/payments'] },
      [
        'payments-api-prod@05',
        'expected:payments-api@04.pending',
        'payments-api-staging@02',
        'payments-api-prod@01',
        'expected:payments-api@00.superseded',
      ],
    ],
    [
      'instance',
      { instances: ['staging'] },
      ['expected:payments-api@04.pending', 'payments-api-staging@02'],
    ],
    ['outcome failed', { outcomes: ['failed'] }, ['checkout-web-prod@06']],
    [
      'outcome deployed',
      { outcomes: ['deployed'], owners: [STOREFRONT] },
      ['checkout-web-prod@03', 'expected:checkout-web@02.deployed'],
    ],
    [
      'outcome pending',
      { outcomes: ['pending'] },
      ['expected:payments-api@04.pending'],
    ],
    [
      'outcome pending or superseded',
      { outcomes: ['pending', 'superseded'] },
      [
        'expected:payments-api@04.pending',
        'expected:payments-api@00.superseded',
      ],
    ],
    [
      'type expectation',
      { types: ['expectation'] },
      [
        'expected:payments-api@04.pending',
        'expected:checkout-web@02.deployed',
        'expected:payments-api@00.superseded',
      ],
    ],
    [
      'type deployment with an outcome only expectations have',
      { types: ['deployment'], outcomes: ['pending'] },
      [],
    ],
    [
      'time range',
      { from: '2026-11-30T10:02:00.000Z', to: '2026-11-30T10:04:00.000Z' },
      [
        'payments-docs@04',
        'checkout-web-prod@03',
        'expected:checkout-web@02.deployed',
        'payments-api-staging@02',
      ],
    ],
  ])('filters by %s', async (_filter, filters, expected) => {
    expect(await shown(filters)).toEqual(expected);
  });

  it("a conditional 'owned by my group' decision lists no row of another owner's entity", async () => {
    const mine = await shown(
      {},
      conditional(
        rule('IS_ENTITY_OWNER', { claims: [PAYMENTS, 'user:default/alice'] }),
      ),
    );
    expect(mine).toEqual([
      'payments-api-prod@05',
      'expected:payments-api@04.pending',
      'payments-docs@04',
      'payments-api-staging@02',
      'payments-api-prod@01',
      'expected:payments-api@00.superseded',
    ]);
    // Even when the filters ask for the other owner's entity by name.
    expect(
      await shown(
        { entityRefs: ['component:default/checkout-web'] },
        conditional(rule('IS_ENTITY_OWNER', { claims: [PAYMENTS] })),
      ),
    ).toEqual([]);
  });

  it.each<[string, PermissionCriteria<PermissionCondition>, string[]]>([
    [
      'not an annotation',
      {
        not: rule('HAS_ANNOTATION', {
          annotation: 'acme.example/private',
          value: 'true',
        }),
      },
      ['payments-api-prod', 'payments-docs'],
    ],
    [
      'a kind',
      rule('IS_ENTITY_KIND', { kinds: ['Resource'] }),
      ['payments-docs'],
    ],
    ['a label', rule('HAS_LABEL', { label: 'tier' }), ['payments-api-prod']],
    [
      'any of two',
      {
        anyOf: [
          rule('IS_ENTITY_KIND', { kinds: ['resource'] }),
          rule('IS_ENTITY_OWNER', { claims: [STOREFRONT] }),
        ],
      },
      ['checkout-web-prod', 'payments-docs'],
    ],
    [
      'all of two',
      {
        allOf: [
          rule('IS_ENTITY_OWNER', { claims: [PAYMENTS] }),
          rule('IS_ENTITY_KIND', { kinds: ['component'] }),
        ],
      },
      ['payments-api-prod'],
    ],
    [
      'a rule the index cannot evaluate (never a grant)',
      rule('HAS_SPEC', { key: 'lifecycle', value: 'production' }),
      [],
    ],
    [
      'nor its negation',
      { not: rule('HAS_SPEC', { key: 'lifecycle', value: 'production' }) },
      [],
    ],
    [
      'nor beside a rule it can',
      {
        anyOf: [
          { not: rule('HAS_METADATA', { key: 'title' }) },
          rule('IS_ENTITY_KIND', { kinds: ['resource'] }),
        ],
      },
      ['payments-docs'],
    ],
    [
      'but twice negated, as it was',
      { not: { not: rule('HAS_SPEC', { key: 'lifecycle' }) } },
      [],
    ],
  ])('applies %s in the query', async (_case, criteria, applications) => {
    const rows = await deployments(
      { instances: ['prod'] },
      conditional(criteria),
    );
    expect(
      [...new Set(rows.map(label => label?.split('@')[0]))].sort(),
    ).toEqual(applications);
  });

  it('applies a conditional decision to expectations too', async () => {
    const criteria = {
      not: rule('HAS_ANNOTATION', {
        annotation: 'acme.example/private',
        value: 'true',
      }),
    };
    expect(
      await shown({ types: ['expectation'] }, conditional(criteria)),
    ).toEqual([
      'expected:payments-api@04.pending',
      'expected:payments-api@00.superseded',
    ]);
  });

  it('pages on the server: pages follow one another without a gap or a repeat', async () => {
    const first = await query({}, { kind: 'all' }, { limit: 4, offset: 0 });
    const last = await query({}, { kind: 'all' }, { limit: 4, offset: 8 });
    expect([
      first.items.length,
      first.hasMore,
      last.items.length,
      last.hasMore,
    ]).toEqual([4, true, 1, false]);
    const pages = await Promise.all(
      [0, 3, 6].map(offset => shown({}, { kind: 'all' }, { limit: 3, offset })),
    );
    expect(pages.flat()).toEqual(FEED);
  });
});
