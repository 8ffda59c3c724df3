import { ResponseError } from '@backstage/errors';
// Test data for the frontend's tests only: shapes as the backend answers them.
import type { Entity } from '@backstage/catalog-model';
import type {
  ArgoPulseApplicationDetail,
  ArgoPulseApplicationOverview,
  ArgoPulseApplicationSet,
  ArgoPulseInsightsResponse,
  ArgoPulseDeployment,
  ArgoPulseExpectation,
  ArgoPulseInstanceStatus,
  ArgoPulseOperationResponse,
  ArgoPulseRollout,
  EntityApplicationsResponse,
} from '@argo-pulse/backstage-plugin-common';
import type {
  ArgoPulseApi,
  ArgoPulseApplicationRef,
} from '../api/ArgoPulseApi';

export const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: {
      'argocd/app-selector': 'backstage.io/component=payments-api',
    },
  },
  spec: {
    type: 'service',
    owner: 'group:default/team-payments',
    lifecycle: 'production',
  },
};

export const unannotated: Entity = {
  ...entity,
  metadata: { name: 'docs-site', namespace: 'default' },
};

export const minutesAgo = (minutes: number) =>
  new Date(Date.now() - minutes * 60_000).toISOString();

export function application(
  overrides: Partial<ArgoPulseApplicationOverview> = {},
): ArgoPulseApplicationOverview {
  return {
    instance: 'prod',
    name: 'payments-api-prod',
    namespace: 'argocd',
    project: 'payments',
    sync: {
      status: 'Synced',
      revisions: ['4f2a9c1e0b7d6a5c3e1f9a8b7c6d5e4f3a2b1c0d'],
    },
    health: { status: 'Healthy' },
    operation: { phase: 'Succeeded' },
    images: ['ghcr.io/acme/payments-api:1.8.0'],
    lastDeployedAt: minutesAgo(5),
    argoCdUrl:
      'https://argocd.example.com/applications/argocd/payments-api-prod',
    observedAt: minutesAgo(1),
    ...overrides,
  };
}

/** An application the ApplicationSet `inventory` generated on prod (see {@link applicationSet}). */
export function generatedApplication(
  name: string,
  overrides: Partial<ArgoPulseApplicationOverview> = {},
): ArgoPulseApplicationOverview {
  return application({
    name,
    applicationSet: 'inventory',
    images: ['ghcr.io/acme/inventory:2.4.0'],
    argoCdUrl: `https://argocd.example.com/applications/argocd/${name}`,
    ...overrides,
  });
}

/**
 * The ApplicationSet `inventory` on prod, Progressing in a rolling sync of
 * two steps: inventory-us (step 1) is Progressing, inventory-eu (step 2)
 * waits for it.
 */
export function applicationSet(
  overrides: Partial<ArgoPulseApplicationSet> = {},
): ArgoPulseApplicationSet {
  return {
    instance: 'prod',
    namespace: 'argocd',
    name: 'inventory',
    health: {
      status: 'Progressing',
      message: 'inventory-us is Progressing',
    },
    steps: 2,
    applications: [
      { name: 'inventory-us', step: 1, status: 'Progressing' },
      {
        name: 'inventory-eu',
        step: 2,
        status: 'Waiting',
        message: 'Application is waiting for step 1 to complete',
      },
    ],
    observedAt: minutesAgo(1),
    ...overrides,
  };
}

/**
 * A canary Rollout paused at its second step of five (a 5m pause after
 * setting 20 %), resuming in 3 minutes: stable 1.8.0, canary 1.9.0.
 */
export function rollout(
  overrides: Partial<ArgoPulseRollout> = {},
): ArgoPulseRollout {
  return {
    namespace: 'payments',
    name: 'payments-api',
    strategy: 'canary',
    phase: 'Paused',
    step: { current: 2, total: 5 },
    canaryWeight: 20,
    paused: {
      kind: 'pause-step',
      reason: 'CanaryPauseStep',
      since: minutesAgo(2),
      until: minutesAgo(-3.5),
    },
    stableImages: ['ghcr.io/acme/payments-api:1.8.0'],
    updateImages: ['ghcr.io/acme/payments-api:1.9.0'],
    steps: [
      { kind: 'setWeight', weight: 20, state: 'done' },
      { kind: 'pause', duration: '5m', state: 'current' },
      { kind: 'setWeight', weight: 50, state: 'pending' },
      { kind: 'analysis', templates: ['success-rate'], state: 'pending' },
      { kind: 'pause', state: 'pending' },
    ],
    ...overrides,
  };
}

/** A Rollout that has finished: 1.9.0 is stable, healthy, every step done. */
export function completeRollout(
  overrides: Partial<ArgoPulseRollout> = {},
): ArgoPulseRollout {
  return rollout({
    phase: 'Healthy',
    step: { current: 5, total: 5 },
    canaryWeight: 100,
    paused: undefined,
    stableImages: ['ghcr.io/acme/payments-api:1.9.0'],
    updateImages: ['ghcr.io/acme/payments-api:1.9.0'],
    steps: rollout().steps?.map(step => ({ ...step, state: 'done' as const })),
    ...overrides,
  });
}

/** What the detail route answers for payments-api-prod: one Deployment, one source, nothing failing. */
export function applicationDetail(
  overrides: Partial<ArgoPulseApplicationDetail> = {},
): ArgoPulseApplicationDetail {
  return {
    instance: 'prod',
    namespace: 'argocd',
    name: 'payments-api-prod',
    project: 'payments',
    resources: [
      {
        group: 'apps',
        kind: 'Deployment',
        namespace: 'payments',
        name: 'payments-api',
        syncStatus: 'Synced',
        health: { status: 'Healthy' },
        images: ['ghcr.io/acme/payments-api:1.8.0'],
      },
    ],
    conditions: [],
    sources: [
      {
        repoURL: 'https://github.com/acme/deployments.git',
        path: 'apps/payments-api',
        targetRevision: 'main',
      },
    ],
    destination: {
      server: 'https://kubernetes.default.svc',
      namespace: 'payments',
    },
    argoCdUrl:
      'https://argocd.example.com/applications/argocd/payments-api-prod',
    observedAt: minutesAgo(1),
    ...overrides,
  };
}

export function instance(
  overrides: Partial<ArgoPulseInstanceStatus> = {},
): ArgoPulseInstanceStatus {
  return {
    instance: 'prod',
    lastSuccessAt: minutesAgo(0),
    applicationCount: 5,
    stale: false,
    mode: 'poll',
    ...overrides,
  };
}

/** A backend whose entity has these applications, on a fresh prod instance, with no expectation. */
export function withApplications(
  ...applications: ArgoPulseApplicationOverview[]
): ArgoPulseApi {
  return fakeApi({
    getApplications: async () => overview({ applications }),
  });
}

/** A backend whose only instance, prod, stopped answering 12 minutes ago, failing this way since a minute ago. */
export function stalledProd(
  category: NonNullable<ArgoPulseInstanceStatus['error']>['category'],
  message: string,
): ArgoPulseApi {
  return fakeApi({
    getApplications: async () =>
      overview({
        instances: [
          instance({
            lastSuccessAt: minutesAgo(12),
            stale: true,
            error: { category, message, at: minutesAgo(1) },
          }),
        ],
      }),
  });
}

export function expectation(
  overrides: Partial<ArgoPulseExpectation> = {},
): ArgoPulseExpectation {
  return {
    id: 'e1',
    entityRef: 'component:default/payments-api',
    applications: [
      {
        instance: 'prod',
        namespace: 'argocd',
        name: 'payments-api-prod',
        argoCdUrl:
          'https://argocd.example.com/applications/argocd/payments-api-prod',
      },
    ],
    images: ['ghcr.io/acme/payments-api:1.9.0'],
    state: 'pending',
    createdAt: minutesAgo(3),
    deadline: minutesAgo(-7),
    ...overrides,
  };
}

export function deployment(
  overrides: Partial<ArgoPulseDeployment> = {},
): ArgoPulseDeployment {
  return {
    instance: 'prod',
    application: 'payments-api-prod',
    namespace: 'argocd',
    id: 'c0ffee07',
    historyId: 7,
    outcome: 'Succeeded',
    revisions: ['4f2a9c1e0b7d6a5c3e1f9a8b7c6d5e4f3a2b1c0d'],
    sources: [
      {
        repoURL: 'https://github.com/acme/deployments.git',
        path: 'apps/payments-api',
        targetRevision: 'main',
      },
    ],
    startedAt: minutesAgo(6),
    finishedAt: minutesAgo(5),
    durationSeconds: 42,
    initiatedBy: { automated: true },
    images: ['ghcr.io/acme/payments-api:1.8.0'],
    syncResult: { phase: 'Succeeded' },
    commits: [
      {
        revision: '4f2a9c1e0b7d6a5c3e1f9a8b7c6d5e4f3a2b1c0d',
        author: 'Ada <ada@acme.example>',
        message: 'Ship 1.8.0',
      },
    ],
    ...overrides,
  };
}

export function overview(
  overrides: Partial<EntityApplicationsResponse> = {},
): EntityApplicationsResponse {
  return {
    entityRef: 'component:default/payments-api',
    applications: [application()],
    instances: [instance()],
    ...overrides,
  };
}

/** What the client throws when the backend refuses the caller (403) for lack of `permission`. */
export async function notAllowed(permission: string): Promise<never> {
  const body = {
    error: { name: 'NotAllowedError', message: `Not allowed: ${permission}` },
    request: { method: 'GET', url: '/' },
    response: { statusCode: 403 },
  };
  throw await ResponseError.fromResponse(
    new Response(JSON.stringify(body), {
      status: 403,
      statusText: 'Forbidden',
      headers: { 'Content-Type': 'application/json' },
    }),
  );
}

/** What the backend answers to an operation on an application. */
export function operation(
  action: ArgoPulseOperationResponse['action'],
  app: ArgoPulseApplicationRef,
  overrides: Partial<ArgoPulseOperationResponse> = {},
): ArgoPulseOperationResponse {
  return {
    action,
    application: {
      instance: app.instance,
      namespace: app.namespace,
      name: app.name,
    },
    status: 'started',
    message: `${action} of ${app.name}`,
    ...overrides,
  };
}

/** What the client throws when the backend answers an operation with an error (409, 429, 403) in words. */
export async function refused(
  statusCode: number,
  message: string,
): Promise<never> {
  const body = {
    error: { name: 'ConflictError', message },
    request: { method: 'POST', url: '/' },
    response: { statusCode },
  };
  throw await ResponseError.fromResponse(
    new Response(JSON.stringify(body), {
      status: statusCode,
      statusText: 'Conflict',
      headers: { 'Content-Type': 'application/json' },
    }),
  );
}

/** An API whose answers a test sets; each method is a spy. */
export function fakeApi(overrides: Partial<ArgoPulseApi> = {}) {
  return {
    getApplications: vi.fn(async () => overview()),
    getHistory: vi.fn(async () => ({
      entityRef: 'component:default/payments-api',
      items: [deployment()],
      total: 1,
    })),
    getExpectations: vi.fn(async () => ({
      entityRef: 'component:default/payments-api',
      items: [] as ArgoPulseExpectation[],
      total: 0,
    })),
    getApplicationDetail: vi.fn(),
    getInstances: vi.fn(async () => ({ instances: [instance()] })),
    getDeployments: vi.fn(async () => ({
      items: [
        {
          type: 'deployment' as const,
          entityRef: 'component:default/payments-api',
          deployment: deployment(),
        },
      ],
    })),
    getVersionMatrix: vi.fn(async () => ({
      entityRef: 'component:default/payments-api',
      environments: ['prod'],
      rows: [],
      drift: [],
    })),
    getPortalVersions: vi.fn(async () => ({
      environments: ['prod'],
      entities: [],
    })),
    getInsights: vi.fn(async () => insights()),
    getEntityInsights: vi.fn(async () => insights()),
    refreshApplication: vi.fn(async (_entity, app, request) =>
      operation('refresh', app, {
        status: 'refreshed',
        message: `Refreshed${request?.hard ? ' (hard)' : ''} ${app.name}`,
      }),
    ),
    syncApplication: vi.fn(async (_entity, app) =>
      operation('sync', app, { message: `Sync of ${app.name} started` }),
    ),
    rollbackApplication: vi.fn(async (_entity, app) =>
      operation('rollback', app, {
        message: `Rollback of ${app.name} started`,
      }),
    ),
    ...overrides,
  } as ArgoPulseApi & Record<keyof ArgoPulseApi, ReturnType<typeof vi.fn>>;
}

/** A week's figures: `deployments` healthy ones, `failures` degraded, and what follows from them. */
function weekOf(
  daysAgo: number,
  deployments: number,
  failures: number,
): ArgoPulseInsightsResponse['weeks'][number] {
  const settled = deployments + failures;
  return {
    from: minutesAgo(daysAgo * 24 * 60),
    byResult: {
      ...(deployments ? { healthy: deployments } : {}),
      ...(failures ? { degraded: failures } : {}),
    },
    figures: {
      deployments: settled,
      failedSyncs: 0,
      frequency: { perDay: settled / 7, band: 'medium' },
      ...(deployments
        ? {
            leadTime: {
              medianSeconds: 3 * 3600,
              p90Seconds: 6 * 3600,
              count: deployments,
              band: 'elite' as const,
            },
          }
        : {}),
      ...(settled
        ? {
            changeFailureRate: {
              rate: failures / settled,
              failures,
              settled,
              band: failures ? ('low' as const) : ('elite' as const),
            },
          }
        : {}),
      unsettled: 0,
    },
  };
}

/**
 * Delivery figures over 30 days: production, staging and prod, four weeks
 * (the last one failing), and two entities.
 */
export function insights(
  overrides: Partial<ArgoPulseInsightsResponse> = {},
): ArgoPulseInsightsResponse {
  const production = {
    deployments: 12,
    failedSyncs: 1,
    frequency: { perDay: 0.4, band: 'high' as const },
    leadTime: {
      medianSeconds: 5400,
      p90Seconds: 3 * 86400,
      count: 10,
      band: 'elite' as const,
    },
    changeFailureRate: {
      rate: 2 / 11,
      failures: 2,
      settled: 11,
      band: 'low' as const,
    },
    timeToRestore: {
      medianSeconds: 2 * 3600,
      p90Seconds: 5 * 3600,
      count: 2,
      band: 'high' as const,
    },
    unsettled: 2,
  };
  const staging = {
    deployments: 20,
    failedSyncs: 0,
    frequency: { perDay: 20 / 30, band: 'high' as const },
    changeFailureRate: {
      rate: 0,
      failures: 0,
      settled: 20,
      band: 'elite' as const,
    },
    unsettled: 0,
  };
  const quiet = {
    deployments: 1,
    failedSyncs: 0,
    frequency: { perDay: 1 / 30, band: 'medium' as const },
    unsettled: 1,
  };
  return {
    window: { from: minutesAgo(30 * 24 * 60), to: minutesAgo(0), days: 30 },
    productionEnvironments: ['prod'],
    production,
    environments: [
      { environment: 'staging', figures: staging },
      { environment: 'prod', figures: production },
    ],
    weeks: [
      weekOf(28, 4, 0),
      weekOf(21, 3, 0),
      weekOf(14, 3, 0),
      weekOf(7, 1, 2),
    ],
    entityRefs: ['component:default/payments-api', 'component:default/ledger'],
    entities: [
      {
        entityRef: 'component:default/payments-api',
        production,
        environments: [
          { environment: 'staging', figures: staging },
          { environment: 'prod', figures: production },
        ],
      },
      {
        entityRef: 'component:default/ledger',
        production: quiet,
        environments: [{ environment: 'prod', figures: quiet }],
      },
    ],
    ...overrides,
  };
}
