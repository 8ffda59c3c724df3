// The portal-wide deployments query on SQLite and PostgreSQL: every filter, and a policy's
// conditional decision applied in the query itself, without leaking another owner's rows.
import { mockServices } from '@backstage/backend-test-utils';
import type { PermissionCondition, PermissionCriteria } from '@backstage/plugin-permission-common';
import { createTestDatabases } from '@argo-pulse/test-support';
import type { Knex } from 'knex';
import { DatabaseArgoPulseStore } from '../database/DatabaseArgoPulseStore';
import { deploymentRow } from '../database/deploymentRows';
import { DatabaseEntityIndex } from '../entities/DatabaseEntityIndex';
import type { EntityIndexEntry } from '../entities/entityIndexEntries';
import { EntityAccess, PortalDeploymentFilters, portalDeployments } from './portalDeployments';

const databases = createTestDatabases();
const PAYMENTS = 'group:default/team-payments';
const STOREFRONT = 'group:default/team-storefront';

const entity = (name: string, kind: string, owner: string, apps: string[], extra: Partial<EntityIndexEntry> = {}): EntityIndexEntry => ({
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
  entity('payments-api', 'component', PAYMENTS, ['prod/payments-api-prod', 'staging/payments-api-staging'], { system: 'system:default/payments', labels: { tier: 'critical' } }),
  entity('checkout-web', 'component', STOREFRONT, ['prod/checkout-web-prod'], { annotations: { 'acme.example/private': 'true' } }),
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

describe.each(databases.eachSupportedId())('portal deployments on %s', databaseId => {
  let db: Knex;

  beforeEach(async () => {
    db = await databases.init(databaseId);
    await DatabaseArgoPulseStore.create({ database: mockServices.database({ knex: db }) });
    await new DatabaseEntityIndex(db).replace(ENTITIES);
    await db('argo_pulse_deployments').insert(
      DEPLOYMENTS.map(([instance, application, minute, succeeded], i) =>
        deploymentRow({
          instance,
          namespace: 'argocd',
          application,
          ...(succeeded ? { historyId: i } : { syncResult: { phase: 'Failed' } }),
          revisions: [`rev${i}`],
          sources: [],
          finishedAt: `2026-11-30T10:0${minute}:00.000Z`,
          images: [],
          imagesSettled: false,
        }),
      ),
    );
  });

  const query = async (filters: PortalDeploymentFilters = {}, access: EntityAccess = { kind: 'all' }, page = { limit: 50, offset: 0 }) =>
    portalDeployments(db, { filters, access, ...page });
  const shown = async (...args: Parameters<typeof query>) => (await query(...args)).items.map(d => `${d.application}@${d.finishedAt.slice(14, 16)}`);
  const conditional = (criteria: PermissionCriteria<PermissionCondition>): EntityAccess => ({ kind: 'conditional', criteria });
  const rule = (name: string, params: PermissionCondition['params']): PermissionCondition => ({ rule: name, resourceType: 'catalog-entity', params });

  it('lists every deployment under its entity, newest first', async () => {
    expect(await shown()).toEqual(['checkout-web-prod@06', 'payments-api-prod@05', 'payments-docs@04', 'checkout-web-prod@03', 'payments-api-staging@02', 'payments-api-prod@01']);
    const [newest] = (await query()).items;
    expect(newest).toMatchObject({ entityRef: 'component:default/checkout-web', instance: 'prod', syncResult: { phase: 'Failed' } });
  });

  it.each<[string, PortalDeploymentFilters, string[]]>([
    ['owner', { owners: ['Group:default/team-storefront'] }, ['checkout-web-prod@06', 'checkout-web-prod@03']],
    ['entity', { entityRefs: ['component:default/payments-api'] }, ['payments-api-prod@05', 'payments-api-staging@02', 'payments-api-prod@01']],
    ['kind', { kinds: ['Resource'] }, ['payments-docs@04']],
    ['system', { systems: ['system:default/payments'] }, ['payments-api-prod@05', 'payments-api-staging@02', 'payments-api-prod@01']],
    ['instance', { instances: ['staging'] }, ['payments-api-staging@02']],
    ['outcome failed', { outcomes: ['failed'] }, ['checkout-web-prod@06']],
    ['outcome deployed', { outcomes: ['deployed'], owners: [STOREFRONT] }, ['checkout-web-prod@03']],
    ['time range', { from: '2026-11-30T10:02:00.000Z', to: '2026-11-30T10:04:00.000Z' }, ['payments-docs@04', 'checkout-web-prod@03', 'payments-api-staging@02']],
  ])('filters by %s', async (_filter, filters, expected) => {
    expect(await shown(filters)).toEqual(expected);
  });

  it("a conditional 'owned by my group' decision lists no row of another owner's entity", async () => {
    const mine = await shown({}, conditional(rule('IS_ENTITY_OWNER', { claims: [PAYMENTS, 'user:default/alice'] })));
    expect(mine).toEqual(['payments-api-prod@05', 'payments-docs@04', 'payments-api-staging@02', 'payments-api-prod@01']);
    // Even when the filters ask for the other owner's entity by name.
    expect(await shown({ entityRefs: ['component:default/checkout-web'] }, conditional(rule('IS_ENTITY_OWNER', { claims: [PAYMENTS] })))).toEqual([]);
  });

  it.each<[string, PermissionCriteria<PermissionCondition>, string[]]>([
    ['not an annotation', { not: rule('HAS_ANNOTATION', { annotation: 'acme.example/private', value: 'true' }) }, ['payments-api-prod', 'payments-docs']],
    ['a kind', rule('IS_ENTITY_KIND', { kinds: ['Resource'] }), ['payments-docs']],
    ['a label', rule('HAS_LABEL', { label: 'tier' }), ['payments-api-prod']],
    ['any of two', { anyOf: [rule('IS_ENTITY_KIND', { kinds: ['resource'] }), rule('IS_ENTITY_OWNER', { claims: [STOREFRONT] })] }, ['checkout-web-prod', 'payments-docs']],
    ['all of two', { allOf: [rule('IS_ENTITY_OWNER', { claims: [PAYMENTS] }), rule('IS_ENTITY_KIND', { kinds: ['component'] })] }, ['payments-api-prod']],
    ['a rule the index cannot evaluate (never a grant)', rule('HAS_SPEC', { key: 'lifecycle', value: 'production' }), []],
    ['nor its negation', { not: rule('HAS_SPEC', { key: 'lifecycle', value: 'production' }) }, []],
    ['nor beside a rule it can', { anyOf: [{ not: rule('HAS_METADATA', { key: 'title' }) }, rule('IS_ENTITY_KIND', { kinds: ['resource'] })] }, ['payments-docs']],
    ['but twice negated, as it was', { not: { not: rule('HAS_SPEC', { key: 'lifecycle' }) } }, []],
  ])('applies %s in the query', async (_case, criteria, applications) => {
    const rows = (await query({ instances: ['prod'] }, conditional(criteria))).items;
    expect([...new Set(rows.map(d => d.application))].sort()).toEqual(applications);
  });

  it('pages on the server: a page and whether another follows', async () => {
    const first = await query({}, { kind: 'all' }, { limit: 4, offset: 0 });
    const second = await query({}, { kind: 'all' }, { limit: 4, offset: 4 });
    expect([first.items.length, first.hasMore, second.items.length, second.hasMore]).toEqual([4, true, 2, false]);
  });
});
