import type {
  ArgoCdApplication,
  ArgoCdApplicationTree,
} from '@argo-pulse/backstage-plugin-common';
import {
  MAX_RESOURCES,
  notableSyncResults,
  summarizeResources,
} from './summarizeResources';

/** A resource the last sync failed to apply: kept as it is among the notable results. */
const failedService = {
  kind: 'Service',
  namespace: 'shop',
  name: 'api',
  status: 'SyncFailed',
  message: 'Service "api" is invalid: spec.ports: Required value',
};

/** A hook that failed, as a notable result: its phase is kept, not its type (the fixture's PreSync). */
const failedHook = {
  group: 'batch',
  kind: 'Job',
  namespace: 'shop',
  name: 'migrate',
  status: 'Synced',
  message: 'Job has reached the specified backoff limit',
  hookPhase: 'Failed',
};

const app: ArgoCdApplication = {
  status: {
    resources: [
      {
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
        namespace: 'shop',
        name: 'api',
        status: 'Synced',
      },
      {
        version: 'v1',
        kind: 'Service',
        namespace: 'shop',
        name: 'api',
        status: 'OutOfSync',
      },
      {
        group: 'batch',
        version: 'v1',
        kind: 'Job',
        namespace: 'shop',
        name: 'migrate',
        status: 'Synced',
      },
    ],
    operationState: {
      phase: 'Failed',
      syncResult: {
        revision: 'abc',
        resources: [
          {
            group: 'apps',
            kind: 'Deployment',
            namespace: 'shop',
            name: 'api',
            status: 'Synced',
            message: 'deployment.apps/api serverside-applied',
            hookPhase: 'Running',
          },
          failedService,
          { ...failedHook, hookType: 'PreSync' },
        ],
      },
    },
  },
};

// A rollout in flight: two ReplicaSets of the Deployment, each with a pod; the new pod cannot pull its image.
const apiDeployment = {
  group: 'apps',
  kind: 'Deployment',
  namespace: 'shop',
  name: 'api',
  uid: 'd1',
};
const tree: ArgoCdApplicationTree = {
  nodes: [
    {
      ...apiDeployment,
      health: {
        status: 'Degraded',
        message: 'Deployment "api" exceeded its progress deadline',
      },
    },
    {
      group: 'apps',
      kind: 'ReplicaSet',
      namespace: 'shop',
      name: 'api-old',
      uid: 'rs1',
      parentRefs: [apiDeployment],
    },
    {
      group: 'apps',
      kind: 'ReplicaSet',
      namespace: 'shop',
      name: 'api-new',
      uid: 'rs2',
      parentRefs: [apiDeployment],
    },
    {
      kind: 'Pod',
      namespace: 'shop',
      name: 'api-old-x',
      uid: 'p1',
      images: ['ghcr.io/acme/api:1.0.0'],
      parentRefs: [
        {
          group: 'apps',
          kind: 'ReplicaSet',
          namespace: 'shop',
          name: 'api-old',
          uid: 'rs1',
        },
      ],
    },
    // Found through its parent's kind and name when the uid is missing.
    {
      kind: 'Pod',
      namespace: 'shop',
      name: 'api-new-y',
      uid: 'p2',
      images: ['ghcr.io/acme/api:1.1.0'],
      health: { status: 'Degraded', message: 'ImagePullBackOff' },
      parentRefs: [
        {
          group: 'apps',
          kind: 'ReplicaSet',
          namespace: 'shop',
          name: 'api-new',
        },
      ],
    },
    {
      kind: 'Service',
      namespace: 'shop',
      name: 'api',
      uid: 's1',
      health: { status: 'Healthy' },
    },
  ],
};

describe('summarizeResources', () => {
  it('gives each managed resource its health from the tree and the images of the pods below it', () => {
    expect(summarizeResources(app, tree)).toEqual({
      truncated: false,
      resources: [
        {
          group: 'apps',
          kind: 'Deployment',
          namespace: 'shop',
          name: 'api',
          syncStatus: 'Synced',
          health: {
            status: 'Degraded',
            message: 'Deployment "api" exceeded its progress deadline',
          },
          images: ['ghcr.io/acme/api:1.0.0', 'ghcr.io/acme/api:1.1.0'],
        },
        {
          kind: 'Service',
          namespace: 'shop',
          name: 'api',
          syncStatus: 'OutOfSync',
          health: { status: 'Healthy' },
        },
        {
          group: 'batch',
          kind: 'Job',
          namespace: 'shop',
          name: 'migrate',
          syncStatus: 'Synced',
        },
      ],
    });
  });

  it('without a tree: the resources, with no health or images', () => {
    expect(
      summarizeResources(app, undefined).resources.map(r => [
        r.kind,
        r.health,
        r.images,
      ]),
    ).toEqual([
      ['Deployment', undefined, undefined],
      ['Service', undefined, undefined],
      ['Job', undefined, undefined],
    ]);
  });

  it(`keeps at most ${MAX_RESOURCES} resources and says so`, () => {
    const many: ArgoCdApplication = {
      status: {
        resources: Array.from({ length: MAX_RESOURCES + 1 }, (_, i) => ({
          kind: 'ConfigMap',
          name: `c${i}`,
        })),
      },
    };
    const summary = summarizeResources(many, undefined);
    expect(summary.resources).toHaveLength(MAX_RESOURCES);
    expect(summary.truncated).toBe(true);
  });
});

describe('notableSyncResults', () => {
  it('keeps failures and hooks, not the resources that simply applied', () => {
    expect(notableSyncResults(app)).toEqual([failedService, failedHook]);
  });
});
