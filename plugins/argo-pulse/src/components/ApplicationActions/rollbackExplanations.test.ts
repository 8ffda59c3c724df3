import type { ArgoPulseDeployment } from '@argo-pulse/backstage-plugin-common';
import { rollbackExplanations } from './rollbackExplanations';

const AUTO_SYNC = 'auto-sync is on: Argo CD would undo it';

const row = (
  application: string,
  rollback?: ArgoPulseDeployment['rollback'],
): ArgoPulseDeployment =>
  ({
    instance: 'prod',
    namespace: 'argocd',
    application,
    rollback,
  } as ArgoPulseDeployment);

describe('rollbackExplanations', () => {
  it('says each reason once per application, never "it runs now", and nothing where a rollback is possible or unknown', () => {
    expect(
      rollbackExplanations([
        row('api', { possible: false, reason: 'it runs now' }),
        row('api', { possible: false, reason: AUTO_SYNC }),
        row('web', { possible: false, reason: AUTO_SYNC }),
        row('api', { possible: false, reason: AUTO_SYNC }),
        row('web', { possible: true }),
        row('web'),
        row('api', {
          possible: false,
          reason: "not in Argo CD's last 10 deployments",
        }),
      ]),
    ).toEqual(new Set([1, 2, 6]));
  });
});
