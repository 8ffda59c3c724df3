import { z } from 'zod';
import { rolloutOptionSchema } from './rolloutSchema';
import {
  checkApplicationSets,
  scenarioApplicationSetSchema,
} from './applicationSetSchema';

/**
 * The scenario file: which Argo CD instances exist and what they hold. It
 * describes applications the way a platform engineer thinks of them (where
 * the manifests come from, which images run); the simulator turns each one
 * into a complete Application object as Argo CD would report it.
 */

const labelsSchema = z.record(z.string(), z.string());

const sourceSchema = z
  .object({
    /**
     * `oci://registry/path` makes an OCI source (Argo CD 3.1+): `targetRevision` is then a tag or
     * a semver range, and each rollout records a `sha256:` manifest digest.
     */
    repoURL: z.string().min(1),
    /** A directory in a git repository (git sources), or inside an OCI artifact. */
    path: z.string().optional(),
    /** A chart name (Helm repository sources); `targetRevision` is then the chart version. */
    chart: z.string().optional(),
    targetRevision: z.string().default('HEAD'),
    /** Names this source for `$ref/...` value files of other sources (multi-source). */
    ref: z.string().optional(),
    helm: z
      .object({
        releaseName: z.string().optional(),
        valueFiles: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
    kustomize: z
      .object({ namePrefix: z.string().optional() })
      .strict()
      .optional(),
  })
  .strict()
  .refine(s => !(s.path && s.chart), {
    message: 'a source has either path (git) or chart (Helm), not both',
  })
  .refine(s => !(s.repoURL.startsWith('oci://') && s.chart), {
    message:
      'an OCI source (repoURL oci://…) names its artifact in repoURL, not in chart',
  });

export type ScenarioSource = z.infer<typeof sourceSchema>;

/**
 * Argo CD's source hydrator (`spec.sourceHydrator`, 3.x): manifests rendered from the dry
 * source are committed to `syncSource.targetBranch`, and that hydrated commit is what syncs.
 */
const sourceHydratorSchema = z
  .object({
    drySource: z
      .object({
        repoURL: z.string().min(1),
        targetRevision: z.string().default('HEAD'),
        path: z.string().min(1),
      })
      .strict(),
    syncSource: z
      .object({
        targetBranch: z.string().min(1),
        path: z.string().min(2),
        repoURL: z.string().min(1).optional(),
      })
      .strict(),
    hydrateTo: z
      .object({ targetBranch: z.string().min(1) })
      .strict()
      .optional(),
  })
  .strict();

export type ScenarioSourceHydrator = z.infer<typeof sourceHydratorSchema>;

export const scenarioApplicationSchema = z
  .object({
    name: z
      .string()
      .regex(
        /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
        'must be a lowercase DNS name (a-z, 0-9, - and .)',
      ),
    /** The namespace the Application object lives in; defaults to the instance's namespace. */
    namespace: z.string().optional(),
    project: z.string().default('default'),
    labels: labelsSchema.default({}),
    annotations: labelsSchema.default({}),
    destination: z
      .object({
        server: z.string().default('https://kubernetes.default.svc'),
        namespace: z.string(),
      })
      .strict(),
    /** One source, or several for a multi-source application; none with `sourceHydrator`. */
    sources: z.array(sourceSchema).default([]),
    /** A hydrated application: its dry source and where the hydrated manifests go, instead of `sources`. */
    sourceHydrator: sourceHydratorSchema.optional(),
    /** Images running now; one Deployment per image. */
    images: z.array(z.string().min(1)).min(1),
    /** How many earlier deployments to put in `status.history` (the last is the current one). */
    historyDepth: z.number().int().min(1).max(30).default(3),
    health: z
      .enum([
        'Healthy',
        'Progressing',
        'Degraded',
        'Suspended',
        'Missing',
        'Unknown',
      ])
      .default('Healthy'),
    sync: z.enum(['Synced', 'OutOfSync', 'Unknown']).default('Synced'),
    /**
     * Whether `spec.syncPolicy.automated` is set (the default). Without it a rollout stops
     * OutOfSync until someone syncs, and rollbacks are allowed (Argo CD refuses them under
     * auto-sync).
     */
    autoSync: z.boolean().default(true),
    /**
     * The workload is an Argo Rollouts Rollout (one, with a container per image, named as the
     * application unless `rollout.name` says otherwise) instead of a Deployment per image: its
     * strategy, and the canary's steps.
     */
    rollout: rolloutOptionSchema.optional(),
  })
  .strict()
  .refine(a => a.sources.length > 0 !== (a.sourceHydrator !== undefined), {
    message: 'an application has sources or a sourceHydrator (exactly one)',
    path: ['sources'],
  })
  // A Rollout's health comes from its own status; it starts fully promoted.
  .refine(a => !a.rollout || a.health === 'Healthy', {
    message:
      'an application with a rollout starts Healthy: move it with the control API',
    path: ['health'],
  });

export type ScenarioApplication = z.infer<typeof scenarioApplicationSchema>;
/** What a caller may pass to create an application (defaults not yet applied). */
export type ScenarioApplicationInput = z.input<
  typeof scenarioApplicationSchema
>;

const projectSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    sourceRepos: z.array(z.string()).default(['*']),
  })
  .strict();

export type ScenarioProject = z.infer<typeof projectSchema>;

/** Argo CD's RBAC actions (`util/rbac/rbac.go`). */
export const rbacActions = [
  'get',
  'create',
  'update',
  'delete',
  'sync',
  'override',
  'action',
  'invoke',
  'rollback',
  /** Reading ApplicationSets (Argo CD's `applicationsets, get`), a resource of its own. */
  'applicationsets/get',
] as const;
export type RbacAction = (typeof rbacActions)[number];

/**
 * The actions an account may take on applications (every project), and `applicationsets/get`
 * to read ApplicationSets. Left out, everything is allowed (an admin), so scenarios without
 * RBAC keep working.
 */
const rbacSchema = z.array(z.enum(rbacActions)).optional();

const jwtSchema = z
  .string()
  .regex(
    /^[\w-]+\.[\w-]+\.[\w-]+$/,
    'an Argo CD token is a JWT: three base64url parts separated by dots',
  );

const authSchema = z
  .object({
    /** Local accounts that may log in through `POST /api/v1/session`. */
    users: z
      .array(
        z
          .object({
            username: z.string().min(1),
            password: z.string().min(1),
            rbac: rbacSchema,
          })
          .strict(),
      )
      .default([]),
    /** Static bearer tokens (Argo CD API keys): the JWT, or `{token, rbac}` to restrict it. */
    tokens: z
      .array(
        z.union([
          jwtSchema,
          z.object({ token: jwtSchema, rbac: rbacSchema }).strict(),
        ]),
      )
      .default([]),
    /** Lifetime of a session token issued by `POST /api/v1/session`. */
    sessionTtlSeconds: z.number().int().positive().default(86400),
    /** Restrictions of static tokens by token (what `{token, rbac}` entries parse to). */
    tokenRbac: z.record(z.string(), z.array(z.enum(rbacActions))).optional(),
  })
  .strict()
  // Tokens stay plain strings for the scenario's readers; restrictions go to `tokenRbac`.
  .transform(({ tokens, tokenRbac, ...auth }) => ({
    ...auth,
    tokens: tokens.map(t => (typeof t === 'string' ? t : t.token)),
    tokenRbac: {
      ...tokenRbac,
      ...Object.fromEntries(
        tokens.flatMap(t =>
          typeof t !== 'string' && t.rbac ? [[t.token, t.rbac]] : [],
        ),
      ),
    } as Record<string, RbacAction[]>,
  }));

export const scenarioInstanceSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][-a-z0-9]*$/, 'must be lowercase letters, digits and -'),
    /** The namespace Argo CD runs in: where Applications live unless they say otherwise. */
    namespace: z.string().default('argocd'),
    auth: authSchema.default({
      users: [],
      tokens: [],
      sessionTtlSeconds: 86400,
      tokenRbac: {},
    }),
    projects: z.array(projectSchema).default([]),
    applications: z.array(scenarioApplicationSchema).default([]),
    /** ApplicationSets; an application joins one with the label `argocd.argoproj.io/application-set-name`. */
    applicationSets: z.array(scenarioApplicationSetSchema).default([]),
  })
  .strict();

export type ScenarioInstance = z.infer<typeof scenarioInstanceSchema>;

export const scenarioSchema = z
  .object({
    instances: z.array(scenarioInstanceSchema).min(1),
  })
  .strict()
  .superRefine((scenario, ctx) => {
    const seen = new Set<string>();
    scenario.instances.forEach((instance, index) => {
      if (seen.has(instance.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['instances', index, 'name'],
          message: `duplicate instance "${instance.name}"`,
        });
      }
      seen.add(instance.name);
      checkApplicationSets(instance, ctx, ['instances', index]);
    });
  });

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
