import type { ArgoCdApplicationSet } from '@argo-pulse/backstage-plugin-common';
import { toApplicationSet } from './readApplicationSets';

const AT = '2026-12-08T10:00:00.000Z';

/** An ApplicationSet as Argo CD 3.4 answers it, during a rolling sync of its first step. */
const INVENTORY: ArgoCdApplicationSet = {
  metadata: { name: 'inventory', namespace: 'argocd' },
  spec: {
    strategy: {
      type: 'RollingSync',
      rollingSync: {
        steps: [
          {
            matchExpressions: [
              { key: 'region', operator: 'In', values: ['eu'] },
            ],
          },
          {
            matchExpressions: [
              { key: 'region', operator: 'In', values: ['us'] },
            ],
          },
        ],
      },
    },
  },
  status: {
    health: {
      status: 'Progressing',
      message: 'inventory-prod-eu is Progressing',
    },
    applicationStatus: [
      {
        application: 'inventory-prod-eu',
        step: '1',
        status: 'Progressing',
        message:
          'Application resource became Progressing, updating status from Pending to Progressing',
      },
      {
        application: 'inventory-prod-us',
        step: '2',
        status: 'Waiting',
        message:
          "Application is out of date with the current AppSet generation, setting status to 'Waiting'",
      },
    ],
    resources: [
      { kind: 'Application', name: 'inventory-prod-eu' },
      { kind: 'Application', name: 'inventory-prod-us' },
    ],
  },
} as ArgoCdApplicationSet;

describe('toApplicationSet', () => {
  it('keeps health, the rolling sync’s steps and each application’s step and status', () => {
    expect(toApplicationSet('prod', INVENTORY, AT)).toEqual({
      instance: 'prod',
      namespace: 'argocd',
      name: 'inventory',
      health: {
        status: 'Progressing',
        message: 'inventory-prod-eu is Progressing',
      },
      steps: 2,
      applications: [
        {
          name: 'inventory-prod-eu',
          step: 1,
          status: 'Progressing',
          message:
            'Application resource became Progressing, updating status from Pending to Progressing',
        },
        {
          name: 'inventory-prod-us',
          step: 2,
          status: 'Waiting',
          message:
            "Application is out of date with the current AppSet generation, setting status to 'Waiting'",
        },
      ],
      observedAt: AT,
    });
  });

  it('without a progressive sync or health (older Argo CD): the applications its status lists, nothing more', () => {
    const plain = {
      metadata: { name: 'web', namespace: 'argocd' },
      spec: {},
      status: { resources: [{ kind: 'Application', name: 'web-eu' }] },
    } as ArgoCdApplicationSet;
    expect(toApplicationSet('prod', plain, AT)).toEqual({
      instance: 'prod',
      namespace: 'argocd',
      name: 'web',
      applications: [{ name: 'web-eu' }],
      observedAt: AT,
    });
  });
});
