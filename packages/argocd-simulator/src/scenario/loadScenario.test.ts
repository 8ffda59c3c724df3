import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  labelsMatch,
  readArgoPulseTarget,
} from '@argo-pulse/backstage-plugin-common';
import { loadScenarioFile, parseScenario } from './loadScenario';

const DEMO = resolve(__dirname, '../../scenarios/demo.yaml');
const CATALOG = resolve(__dirname, '../../../../test/fixtures/catalog.yaml');

describe('the demo scenario', () => {
  it('declares dev, staging and prod with a dozen applications, some Helm and some multi-source', async () => {
    const scenario = await loadScenarioFile(DEMO);
    expect(scenario.instances.map(i => i.name)).toEqual([
      'dev',
      'staging',
      'prod',
    ]);
    const apps = scenario.instances.flatMap(i => i.applications);
    expect(apps.length).toBeGreaterThanOrEqual(12);
    expect(
      apps.filter(a => a.sources.length > 1).length,
    ).toBeGreaterThanOrEqual(3);
    expect(
      apps.filter(a => a.sources.some(s => s.chart)).length,
    ).toBeGreaterThanOrEqual(5);
  });

  it('runs cart-api in prod as an Argo Rollouts canary that pauses until promoted', async () => {
    const scenario = await loadScenarioFile(DEMO);
    const prod = scenario.instances.find(i => i.name === 'prod')!;
    const app = prod.applications.find(a => a.name === 'cart-api-prod')!;
    expect(app.rollout).toEqual({
      strategy: 'canary',
      name: 'cart-api',
      steps: [
        { setWeight: 20 },
        { pause: {} },
        { setWeight: 50 },
        { pause: { duration: '30s' } },
        { setWeight: 100 },
      ],
      replicas: 5,
    });
  });

  it('keeps the first token of every instance unrestricted, and gives prod a read-only viewer', async () => {
    const scenario = await loadScenarioFile(DEMO);
    for (const instance of scenario.instances)
      expect(instance.auth.tokenRbac[instance.auth.tokens[0]]).toBeUndefined();
    const prod = scenario.instances.find(i => i.name === 'prod')!.auth;
    expect(prod.users.find(u => u.username === 'viewer')!.rbac).toEqual([
      'get',
    ]);
    expect(prod.tokenRbac[prod.tokens[1]]).toEqual(['get']);
  });

  it('matches the sample catalog: every annotated entity finds applications, others find none', async () => {
    const scenario = await loadScenarioFile(DEMO);
    const entities = parseAllDocuments(readFileSync(CATALOG, 'utf8'))
      .map(doc => doc.toJSON())
      .filter(entity => entity.kind === 'Component');
    const matched = Object.fromEntries(
      entities.map(entity => {
        const target = readArgoPulseTarget(entity);
        if (target.kind !== 'target')
          return [entity.metadata.name, target.kind];
        const { appNames, appSelector, instances, project } = target.target;
        const apps = scenario.instances
          .filter(i => !instances || instances.includes(i.name))
          .flatMap(i => i.applications.map(a => ({ ...a, instance: i.name })))
          .filter(a => !project || a.project === project)
          .filter(a =>
            appNames
              ? appNames.includes(a.name)
              : labelsMatch(appSelector!, a.labels),
          );
        return [entity.metadata.name, apps.map(a => `${a.instance}/${a.name}`)];
      }),
    );
    expect(matched).toEqual({
      'payments-api': [
        'dev/payments-api-dev',
        'staging/payments-api-staging',
        'prod/payments-api-prod',
      ],
      'checkout-web': [
        'dev/checkout-web-dev',
        'staging/checkout-web-staging',
        'prod/checkout-web-prod',
      ],
      'cart-api': ['prod/cart-api-prod'],
      'inventory-service': [
        'dev/inventory-dev',
        'staging/inventory-staging',
        'prod/inventory-prod-eu',
        'prod/inventory-prod-us',
      ],
      'notifications-worker': [
        'dev/notifications-worker-dev',
        'prod/notifications-worker-prod',
      ],
      'docs-site': 'none',
    });
  });
});

describe('parseScenario', () => {
  const app = {
    name: 'a',
    destination: { namespace: 'a' },
    sources: [{ repoURL: 'https://x' }],
    images: ['a:1'],
  };

  it('fills in defaults', () => {
    const scenario = parseScenario({
      instances: [{ name: 'one', applications: [app] }],
    });
    expect(scenario.instances[0]).toMatchObject({
      namespace: 'argocd',
      auth: { users: [], tokens: [] },
    });
    expect(scenario.instances[0].applications[0]).toMatchObject({
      project: 'default',
      historyDepth: 3,
      health: 'Healthy',
      sync: 'Synced',
      autoSync: true,
    });
  });

  it.each([
    [{ instances: [] }, /instances/],
    [{ instances: [{ name: 'Bad Name' }] }, /instances\[0\]\.name/],
    [{ instances: [{ name: 'a' }, { name: 'a' }] }, /duplicate instance "a"/],
    [
      { instances: [{ name: 'a', applications: [{ ...app, images: [] }] }] },
      /applications\[0\]\.images/,
    ],
    [
      { instances: [{ name: 'a', applications: [{ ...app, colour: 'red' }] }] },
      /colour/,
    ],
    [{ instances: [{ name: 'a', auth: { tokens: ['plain-string'] } }] }, /JWT/],
    [
      {
        instances: [
          { name: 'a', auth: { tokens: [{ token: 'a.b.c', rbac: ['fly'] }] } },
        ],
      },
      /auth\.tokens\[0\]/,
    ],
    [
      {
        instances: [
          {
            name: 'a',
            applications: [
              { ...app, sources: [{ repoURL: 'x', path: 'p', chart: 'c' }] },
            ],
          },
        ],
      },
      /either path .* or chart/,
    ],
  ])('refuses %j with a message naming the key', (input, message) => {
    expect(() => parseScenario(input)).toThrow(message);
  });
});
