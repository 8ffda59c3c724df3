import type { ArgoPulseEntityTarget } from '@argo-pulse/backstage-plugin-common';
import type { ApplicationIndexEntry } from '../database/types';
import { selectApplications, targetSelects } from './selectApplications';

const apps: ApplicationIndexEntry[] = Array.from({ length: 300 }, (_, n) => ({
  instance: ['dev', 'staging', 'prod'][n % 3],
  namespace: n % 7 === 0 ? 'team-ns' : 'argocd',
  name: `svc-${n % 100}`,
  project: n % 5 === 0 ? 'payments' : 'default',
  labels: {
    app: `svc-${n % 100}`,
    ...(n % 4 === 0 ? { tier: 'critical' } : {}),
    ...(n % 11 === 0 ? { constructor: 'x' } : {}),
  },
}));

describe('selectApplications', () => {
  it.each<[string, ArgoPulseEntityTarget]>([
    ['names', { appNames: ['svc-3', 'svc-1', 'svc-3', 'absent'] }],
    ['names in one instance', { appNames: ['svc-4'], instances: ['prod'] }],
    ['=', { appSelector: 'app=svc-7' }],
    [
      'in, and another requirement',
      { appSelector: 'app in (svc-1,svc-2,svc-40),tier=critical' },
    ],
    ['a later = behind an exists', { appSelector: 'tier,app=svc-8' }],
    ['!= only: every application is tested', { appSelector: 'tier!=critical' }],
    [
      'notin and a project',
      { appSelector: 'app notin (svc-1)', project: 'payments' },
    ],
    [
      'a namespace',
      { appSelector: 'app in (svc-14,svc-21)', namespace: 'team-ns' },
    ],
    ['a label named like a prototype member', { appSelector: 'constructor=x' }],
    ['nothing matches', { appSelector: 'app=none' }],
  ])(
    '%s: the applications a one-by-one match finds, in the same order',
    (_, target) => {
      const expected = apps.filter(targetSelects(target));
      expect(selectApplications(target, apps)).toEqual(expected);
      // Again, from the indexes built the first time.
      expect(selectApplications(target, apps)).toEqual(expected);
    },
  );
});
