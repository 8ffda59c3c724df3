import { argoPulseApplicationReadPermission } from '@argo-pulse/backstage-plugin-common';
import { authorizedEntityApplications } from '../service/authorizedEntityApplications';
import { durationToMilliseconds } from '@backstage/types';
import { environmentOf } from '../config/readEnvironments';
import { applicationKeyString } from '../database/ArgoPulseStore';
import type { ApplicationKey } from '../database/types';
import { mayReadDetail } from '../service/authorizeEntity';
import { normalizeEntityRef } from '../service/loadEntity';
import {
  toDeployment,
  toInstanceStatuses,
  toOverview,
} from '../service/presenters';
import {
  deploymentSchema,
  entityRefField,
  expectationSchema,
  Zod,
} from './schemas';
import { ArgoPulseActionsOptions, READ_ONLY } from './types';

/** The entity's latest expectations searched for each application's latest one. */
const EXPECTATIONS_READ = 20;

const keyOf = ({ instance, namespace, name }: ApplicationKey) => ({
  instance,
  namespace,
  name,
});

const rolloutSchema = (z: Zod) =>
  z.object({
    name: z.string(),
    strategy: z.enum(['canary', 'blueGreen']),
    phase: z
      .string()
      .describe(
        "Argo Rollouts' phase: Healthy, Progressing, Paused or Degraded.",
      ),
    step: z
      .object({ current: z.number(), total: z.number() })
      .optional()
      .describe('Canary: the step being executed, 1-based, of how many.'),
    canaryWeight: z
      .number()
      .optional()
      .describe('Canary: the share of traffic the new version gets, 0 to 100.'),
    paused: z
      .object({
        kind: z.string(),
        reason: z.string().optional(),
        since: z.string().optional(),
        until: z.string().optional(),
      })
      .optional()
      .describe(
        'Set while paused: pause-step (until `until`, or until promoted), inconclusive-analysis, awaiting-promotion (blue-green) or user.',
      ),
    aborted: z
      .object({ at: z.string().optional(), message: z.string().optional() })
      .optional()
      .describe(
        "Set when the update was aborted; Argo Rollouts' message only with detail.",
      ),
    stableImages: z
      .array(z.string())
      .describe('The stable (canary) or active (blue-green) version.'),
    updateImages: z
      .array(z.string())
      .describe(
        'The version being rolled out; equal to stableImages once done.',
      ),
  });

const applicationSchema = (z: Zod) =>
  z
    .object({
      instance: z
        .string()
        .describe('The Argo CD instance the application lives in.'),
      namespace: z
        .string()
        .describe('The namespace of the Application object in Argo CD.'),
      name: z.string().describe("The application's name in Argo CD."),
      project: z.string().describe('Its Argo CD project.'),
      applicationSet: z
        .string()
        .optional()
        .describe('The ApplicationSet that generated it, if one did.'),
      environment: z
        .string()
        .describe(
          "Its environment (argoPulse.environments), or its instance's name when it is in none.",
        ),
      argoCdUrl: z.string().describe('The application in the Argo CD UI.'),
      sync: z
        .object({
          status: z.string().describe('Synced, OutOfSync or Unknown.'),
          revisions: z
            .array(z.string())
            .describe('The revision Argo CD compares against, per source.'),
        })
        .describe('Whether the live state matches git.'),
      health: z
        .object({
          status: z
            .string()
            .describe(
              'Healthy, Progressing, Suspended, Degraded, Missing or Unknown.',
            ),
          message: z
            .string()
            .optional()
            .describe(
              "Argo CD's message; only for callers with argo-pulse.application.detail.read.",
            ),
        })
        .describe("The application's health as Argo CD assesses it."),
      operation: z
        .object({
          phase: z
            .string()
            .describe('Running, Terminating, Failed, Error or Succeeded.'),
          message: z
            .string()
            .optional()
            .describe(
              "Argo CD's message, such as why a sync failed; only for callers with argo-pulse.application.detail.read.",
            ),
          startedAt: z.string().optional(),
          finishedAt: z.string().optional(),
        })
        .optional()
        .describe("Argo CD's last operation (a sync) on the application."),
      unhealthyResource: z
        .object({
          kind: z.string(),
          namespace: z.string().optional(),
          name: z.string(),
          status: z.string(),
          message: z.string().optional(),
          reason: z.string().optional(),
        })
        .optional()
        .describe(
          'Why it is Degraded or Missing: the first unhealthy resource; only for callers with argo-pulse.application.detail.read.',
        ),
      images: z
        .array(z.string())
        .describe(
          'The images its live pods run now (old and new during a rollout).',
        ),
      rollouts: z
        .array(rolloutSchema(z))
        .optional()
        .describe(
          'Its Argo Rollouts Rollouts (canary or blue-green progressive delivery), when it has any.',
        ),
      lastDeployedAt: z
        .string()
        .optional()
        .describe('When its latest deployment finished.'),
      lastDeployment: deploymentSchema(z)
        .optional()
        .describe(
          'Its latest deployment, with its settled result (result.status).',
        ),
      latestExpectation: expectationSchema(z)
        .optional()
        .describe(
          'The latest version CI declared this application should run, and its verdict.',
        ),
      observedAt: z
        .string()
        .describe('When Argo Pulse last saw a change of it.'),
    })
    .describe("One of the entity's Argo CD applications.");

/**
 * `get-deployment-status`: what `GET /entities/:kind/:namespace/:name/applications`
 * and `.../history` answer, in one: each of an entity's applications, its
 * latest deployment and the latest expectation on it. The same checks, with
 * the caller's credentials: the catalog must show the entity, the caller
 * needs `argo-pulse.application.read` on it, and reads Argo CD's messages
 * only with `argo-pulse.application.detail.read`.
 */
export function registerGetDeploymentStatus(
  options: ArgoPulseActionsOptions,
): void {
  const {
    actionsRegistry,
    config,
    store,
    expectationStore,
    expectations,
    catalog,
    permissions,
  } = options;
  const now = options.now ?? (() => new Date());
  const configuredInstances = config.instances.map(i => i.name);
  const instanceConfig = new Map(config.instances.map(i => [i.name, i]));
  const pollingIntervalMs = durationToMilliseconds(config.polling.frequency);
  const modes = new Map(config.instances.map(i => [i.name, i.mode]));

  actionsRegistry.register({
    name: 'get-deployment-status',
    title: 'Get deployment status',
    description: `Answers what runs where for one catalog entity (a service), from Argo Pulse's copy of Argo CD: for each of the entity's Argo CD applications, its environment, sync and health status, the images running, its latest deployment and that deployment's settled result (result.status: progressing, healthy, degraded, failed, superseded or unknown), and the latest version CI declared it should run with its verdict (pending, deployed, failed, ...).
With Argo Rollouts, rollouts[] says where a canary stands (step, traffic weight, paused and why, aborted).
Use it to answer "is payments-api deployed to production?", "which version runs in staging?", "did the last deployment succeed?".
Argo CD's own messages (why a sync failed, why the application is unhealthy) are included only for callers allowed to read application detail; detailIncluded says whether they were.`,
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z
          .object({
            entityRef: entityRefField(z, 'component', 'payments-api').describe(
              'The catalog entity: component:default/payments-api, or payments-api (the kind defaults to component, the namespace to default).',
            ),
          })
          .strict(),
      output: z =>
        z.object({
          entityRef: z
            .string()
            .describe("The entity's reference in full, kind:namespace/name."),
          applications: z
            .array(applicationSchema(z))
            .describe(
              "The entity's applications, in environment order (development before production).",
            ),
          instances: z
            .array(
              z.object({
                instance: z.string(),
                stale: z
                  .boolean()
                  .describe(
                    'True when Argo Pulse could not read the instance for three polling intervals: its answers may be out of date.',
                  ),
                lastSuccessAt: z
                  .string()
                  .optional()
                  .describe('When Argo Pulse last read it.'),
              }),
            )
            .describe(
              "How fresh Argo Pulse's copy of each Argo CD instance the entity's applications may live in is.",
            ),
          detailIncluded: z
            .boolean()
            .describe(
              "Whether Argo CD's own messages were included (the caller holds argo-pulse.application.detail.read on the entity).",
            ),
          problem: z
            .string()
            .optional()
            .describe("What is wrong with the entity's Argo CD annotations."),
        }),
    },
    action: async ({ input, credentials }) => {
      const entityRef = normalizeEntityRef(input.entityRef);
      const resolved = await authorizedEntityApplications({
        catalog,
        permissions,
        store,
        configuredInstances,
        credentials,
        entityRef,
        permission: argoPulseApplicationReadPermission,
      });
      const [stored, statuses, withDetail, expected] = await Promise.all([
        store.getApplications(resolved.applications.map(keyOf)),
        store.getInstanceStatuses(),
        mayReadDetail({ permissions, credentials, entityRef }),
        expectationStore.listForEntity(entityRef, {
          limit: EXPECTATIONS_READ,
          offset: 0,
        }),
      ]);
      const latest = await Promise.all(
        stored.map(app =>
          store.getDeployments([keyOf(app.snapshot)], { limit: 1, offset: 0 }),
        ),
      );
      const latestExpectation = (key: ApplicationKey) => {
        const record = expected.items.find(r =>
          r.targets.some(
            t => applicationKeyString(t) === applicationKeyString(key),
          ),
        );
        return record
          ? { latestExpectation: expectations.present(record, { withDetail }) }
          : {};
      };
      return {
        output: {
          entityRef,
          applications: stored.map((app, i) => {
            const deployment = latest[i].items[0];
            return {
              ...toOverview(app, instanceConfig.get(app.snapshot.instance), {
                withDetail,
              }),
              environment:
                environmentOf(config.environments, {
                  instance: app.snapshot.instance,
                  destinationNamespace: app.snapshot.destination.namespace,
                }) ?? app.snapshot.instance,
              ...(deployment
                ? { lastDeployment: toDeployment(deployment, { withDetail }) }
                : {}),
              ...latestExpectation(app.snapshot),
            };
          }),
          instances: toInstanceStatuses(resolved.instances, statuses, {
            pollingIntervalMs,
            now: now(),
            modes,
          }),
          detailIncluded: withDetail,
          ...(resolved.problem ? { problem: resolved.problem } : {}),
        },
      };
    },
  });
}
