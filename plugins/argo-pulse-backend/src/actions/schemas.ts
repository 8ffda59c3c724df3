import { parseEntityRef } from '@backstage/catalog-model';
import { DEPLOYMENT_RESULT_STATUSES } from '../database/deploymentResult';
import {
  EXPECTATION_STATES,
  ExpectationState,
} from '@argo-pulse/backstage-plugin-common';
import type { z as zod } from 'zod/v3';

// The zod schemas the actions share. The actions registry hands each schema
// function its own zod (v3): its JSON Schema is what an AI assistant reads,
// so every field says what it is with `.describe()`. An output schema is also
// what the registry keeps of the output: a field not declared here is dropped.

/** The zod the actions registry passes to an action's schema functions. */
export type Zod = typeof zod;

/** The largest page an action answers, as on the HTTP routes. */
export const MAX_LIMIT = 100;

function isEntityRef(ref: string, defaultKind: string): boolean {
  try {
    parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' });
    return true;
  } catch {
    return false;
  }
}

/**
 * An entity reference as the catalog reads one: `kind:namespace/name`, the
 * namespace defaulting to `default` and the kind to `defaultKind`.
 */
export const entityRefField = (z: Zod, defaultKind: string, example: string) =>
  z
    .string()
    .min(1)
    .max(512)
    .refine(ref => isEntityRef(ref, defaultKind), {
      message: `must be an entity reference such as ${defaultKind}:default/${example} (or ${example}: the kind defaults to ${defaultKind}, the namespace to default)`,
    });

/**
 * An optional text field where an empty string means "not given": a
 * template passes `${{ parameters.x }}` whether or not its user filled x in,
 * and CI variables are often set but empty.
 */
export const optionalText = (z: Zod, max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform(value => value?.trim() || undefined);

/**
 * What an expected version is, as CI posts it (`POST /expectations`): the
 * fields `expect-version` and the scaffolder's `argo-pulse:expect` share.
 * Which of entityRef and application must be given is checked by each.
 */
export const expectedVersionFields = (z: Zod) => ({
  entityRef: entityRefField(z, 'component', 'payments-api')
    .optional()
    .describe(
      'The catalog entity whose applications must run the images: component:default/payments-api, or payments-api. Its annotations select the applications.',
    ),
  instances: z
    .array(z.string().min(1).max(255))
    .min(1)
    .max(50)
    .optional()
    .describe(
      "Only the entity's applications in these Argo CD instances (say prod): the environment being deployed to. Needs entityRef.",
    ),
  application: z
    .object({
      instance: z.string().min(1).max(255),
      name: z.string().min(1).max(255),
      namespace: optionalText(z, 255),
    })
    .strict()
    .optional()
    .describe(
      "One application instead of (or among) the entity's: its instance and name in Argo CD, and the namespace of its Application object if not Argo CD's own.",
    ),
  images: z
    .array(z.string().min(1).max(1024))
    .min(1, 'give at least one image')
    .max(50)
    .describe(
      'The images that must run, with their tags or digests: ghcr.io/acme/payments-api:2.1.0.',
    ),
  timeoutSeconds: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe(
      "Fail with timeout if not deployed by then, in seconds (Argo Pulse's default when absent, at most its configured maximum).",
    ),
  revision: optionalText(z, 255).describe(
    'The git revision that built the images (a commit SHA or a tag).',
  ),
  author: optionalText(z, 1000).describe('Who made the change.'),
  runUrl: optionalText(z, 2000).describe(
    'What made the change (a CI run, a template task), an http(s) URL, shown in the portal.',
  ),
});

/** Owner, system, entity and kind filters, as the portal's pages take them. */
export const entityFilterFields = (z: Zod) => ({
  owner: z
    .array(
      z.union([z.literal('me'), entityRefField(z, 'group', 'team-payments')]),
    )
    .max(50)
    .optional()
    .describe(
      'Only entities owned by one of these: group or user entity references (group:default/team-payments, or team-payments as the kind defaults to group); "me" is what the calling user owns through themself and their groups.',
    ),
  system: z
    .array(entityRefField(z, 'system', 'payments'))
    .max(50)
    .optional()
    .describe(
      'Only entities part of one of these systems (system:default/payments, or payments).',
    ),
  entity: z
    .array(entityRefField(z, 'component', 'payments-api'))
    .max(50)
    .optional()
    .describe(
      'Only these entities (component:default/payments-api, or payments-api as the kind defaults to component).',
    ),
  kind: z
    .array(z.string().min(1).max(64))
    .max(50)
    .optional()
    .describe('Only entities of these kinds, such as Component or Resource.'),
});

/** A page's size and start. */
export const pageFields = (z: Zod, defaultLimit: number) => ({
  limit: z
    .number()
    .int()
    .min(1)
    .max(MAX_LIMIT, `limit must be at most ${MAX_LIMIT}`)
    .default(defaultLimit)
    .describe(
      `How many to answer, 1 to ${MAX_LIMIT} (${defaultLimit} by default).`,
    ),
  offset: z
    .number()
    .int()
    .min(0)
    .max(100_000)
    .default(0)
    .describe('How many to skip: the nextOffset of the previous answer.'),
});

const applicationKey = (z: Zod) => ({
  instance: z
    .string()
    .describe('The Argo CD instance the application lives in.'),
  namespace: z
    .string()
    .describe('The namespace of the Application object in Argo CD.'),
});

/** One deployment of one application, as the history presents it. */
export const deploymentSchema = (z: Zod) =>
  z
    .object({
      id: z
        .string()
        .describe(
          "The deployment's id among its application's deployments (key by instance, namespace, application and id).",
        ),
      ...applicationKey(z),
      application: z.string().describe("The application's name."),
      outcome: z
        .string()
        .describe(
          "Argo CD's outcome of the sync: Succeeded for a history entry, Failed or Error for a failed operation.",
        ),
      revisions: z
        .array(z.string())
        .describe(
          'The deployed revision of each source (commit SHA or chart version).',
        ),
      startedAt: z.string().optional().describe('When the sync started.'),
      finishedAt: z.string().describe('When the sync finished.'),
      durationSeconds: z
        .number()
        .optional()
        .describe('How long the sync took.'),
      initiatedBy: z
        .object({
          username: z.string().optional(),
          automated: z.boolean().optional(),
        })
        .optional()
        .describe('Who started the sync: a user, or automated.'),
      images: z
        .array(z.string())
        .describe(
          'The images it deployed; empty while unknown and for failed operations.',
        ),
      syncResult: z
        .object({
          phase: z.string(),
          message: z
            .string()
            .optional()
            .describe(
              "Argo CD's message; only for callers with argo-pulse.application.detail.read.",
            ),
        })
        .optional()
        .describe("The sync operation's result, when Argo CD reported it."),
      result: z
        .object({
          status: z
            .enum(DEPLOYMENT_RESULT_STATUSES)
            .describe(
              'What happened after the sync: progressing until it settles, then healthy, degraded, failed, superseded (another deployment came first) or unknown.',
            ),
          reason: z
            .string()
            .optional()
            .describe(
              "Why it is degraded; Argo CD's own words only for callers with argo-pulse.application.detail.read.",
            ),
          settledAt: z
            .string()
            .optional()
            .describe('When the result became final.'),
          healthyAfterSeconds: z
            .number()
            .optional()
            .describe("Seconds from the sync's end to Healthy."),
        })
        .optional()
        .describe("The deployment's settled result."),
      rollbackOf: z
        .string()
        .optional()
        .describe(
          'The id of the earlier deployment this one went back to: a rollback.',
        ),
      rollback: z
        .object({
          possible: z.boolean(),
          reason: z
            .string()
            .optional()
            .describe(
              "Why not: not in Argo CD's last 10 deployments, it runs now, or auto-sync is on.",
            ),
        })
        .optional()
        .describe(
          'Whether Argo CD can roll the application back to this deployment now.',
        ),
      startedFromBackstage: z
        .object({
          by: z.string().describe("The user's entity reference."),
          action: z.enum(['refresh', 'sync', 'rollback']),
        })
        .optional()
        .describe('Who started this sync (or rollback) from Backstage.'),
    })
    .describe('One deployment (a sync) of one Argo CD application.');

/** An expected version CI posted, and its verdict. */
export const expectationSchema = (z: Zod) =>
  z
    .object({
      id: z.string().describe("The expectation's id."),
      entityRef: z
        .string()
        .optional()
        .describe('The entity it was posted for.'),
      applications: z
        .array(z.object({ ...applicationKey(z), name: z.string() }))
        .describe('The applications that must run the images.'),
      images: z.array(z.string()).describe('The images CI expects to run.'),
      state: z
        .enum(
          EXPECTATION_STATES as unknown as [
            ExpectationState,
            ...ExpectationState[],
          ],
        )
        .describe(
          'The verdict: pending (still waiting), deployed, failed, superseded (a newer expectation replaced it) or cancelled.',
        ),
      reason: z
        .string()
        .optional()
        .describe(
          'Why it failed: timeout, instance-unreachable, sync-failed, degraded, app-not-found, image-not-in-desired-state or rollout-aborted.',
        ),
      message: z
        .string()
        .optional()
        .describe(
          "Why it failed, was superseded or cancelled, in words; Argo CD's own message only for callers with argo-pulse.application.detail.read.",
        ),
      waitingFor: z
        .array(z.string())
        .optional()
        .describe('While pending: what is still missing.'),
      createdAt: z.string().describe('When CI posted it.'),
      deadline: z
        .string()
        .describe('When it fails with timeout if still pending.'),
      resolvedAt: z.string().optional().describe('When it left pending.'),
      durationSeconds: z
        .number()
        .optional()
        .describe('Seconds from posting to deployed.'),
      revision: z
        .string()
        .optional()
        .describe('The git revision CI committed.'),
      author: z
        .string()
        .optional()
        .describe('Who made the change, as CI posted it.'),
      runUrl: z.string().optional().describe('The CI run.'),
    })
    .describe('A version CI declared should run, and its verdict.');
