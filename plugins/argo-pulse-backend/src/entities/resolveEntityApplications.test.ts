import type { ArgoPulseEntityTarget } from '@argo-pulse/backstage-plugin-common';
import { indexEntry, indexStore } from '../testing/indexStore';
import { resolveEntityApplications } from './resolveEntityApplications';

const INDEX = [
  indexEntry('dev', 'api-dev', {
    project: 'payments',
    labels: { app: 'api', env: 'dev' },
  }),
  indexEntry('prod', 'api-prod', {
    project: 'payments',
    labels: { app: 'api', env: 'prod' },
  }),
  indexEntry('prod', 'api-tenant', {
    namespace: 'team-a',
    project: 'tenants',
    labels: { app: 'api', env: 'prod' },
  }),
  indexEntry('prod', 'web-prod', {
    project: 'storefront',
    labels: { app: 'web', env: 'prod' },
  }),
];

const store = indexStore(INDEX);

describe('resolveEntityApplications', () => {
  it.each<[string, ArgoPulseEntityTarget, string[]]>([
    [
      'app names',
      { appNames: ['api-dev', 'web-prod'] },
      ['dev/api-dev', 'prod/web-prod'],
    ],
    ['an app name on no instance', { appNames: ['ghost'] }, []],
    [
      'a selector',
      { appSelector: 'app=api' },
      ['dev/api-dev', 'prod/api-prod', 'prod/api-tenant'],
    ],
    [
      'a set-based selector',
      { appSelector: 'app=api,env notin (dev)' },
      ['prod/api-prod', 'prod/api-tenant'],
    ],
    [
      'a selector and an instance',
      { appSelector: 'app=api', instances: ['dev'] },
      ['dev/api-dev'],
    ],
    [
      'a selector and a project',
      { appSelector: 'app=api', project: 'tenants' },
      ['prod/api-tenant'],
    ],
    [
      'a selector and a namespace',
      { appSelector: 'env=prod', namespace: 'argocd' },
      ['prod/api-prod', 'prod/web-prod'],
    ],
    [
      'names and an instance',
      { appNames: ['api-dev', 'api-prod'], instances: ['prod'] },
      ['prod/api-prod'],
    ],
  ])('resolves %s', async (_what, target, expected) => {
    const resolved = await resolveEntityApplications({
      store,
      target,
      configuredInstances: ['dev', 'prod'],
    });
    expect(resolved.applications.map(a => `${a.instance}/${a.name}`)).toEqual(
      expected,
    );
    expect(resolved.problem).toBeUndefined();
  });

  it('limits the instances to those named, and reports names that are not configured', async () => {
    const resolved = await resolveEntityApplications({
      store,
      target: { appSelector: 'app=api', instances: ['prod', 'staging'] },
      configuredInstances: ['dev', 'prod'],
    });
    expect(resolved.instances).toEqual(['prod']);
    expect(resolved.applications.map(a => a.name)).toEqual([
      'api-prod',
      'api-tenant',
    ]);
    expect(resolved.problem).toBe(
      'argocd/instance-name names "staging", which is not configured (known: dev, prod)',
    );
  });

  it.each<[string, ArgoPulseEntityTarget, string[], string[]]>([
    [
      'by configured instance, not alphabetically',
      { appSelector: 'app' },
      ['prod', 'dev'],
      ['prod/api-prod', 'prod/web-prod', 'prod/api-tenant', 'dev/api-dev'],
    ],
    [
      "by the annotation's instance order",
      { appSelector: 'app=api', instances: ['prod', 'dev'] },
      ['dev', 'prod'],
      ['prod/api-prod', 'prod/api-tenant', 'dev/api-dev'],
    ],
    [
      "within an instance, by the annotation's app names",
      { appNames: ['web-prod', 'api-prod'] },
      ['dev', 'prod'],
      ['prod/web-prod', 'prod/api-prod'],
    ],
  ])(
    'orders applications by environment: %s',
    async (_what, target, configuredInstances, expected) => {
      const resolved = await resolveEntityApplications({
        store,
        target,
        configuredInstances,
      });
      expect(resolved.applications.map(a => `${a.instance}/${a.name}`)).toEqual(
        expected,
      );
    },
  );
});
