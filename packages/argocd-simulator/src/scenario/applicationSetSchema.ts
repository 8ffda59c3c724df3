import { z } from 'zod';

/** The label Argo CD's ApplicationSet controller puts on every application it generates. */
export const APPLICATION_SET_LABEL = 'argocd.argoproj.io/application-set-name';

/**
 * One `matchExpressions` entry of a RollingSync step: RollingSync selects applications by
 * label with `In` and `NotIn` only.
 */
const matchExpressionSchema = z
  .object({
    key: z.string().min(1),
    operator: z.enum(['In', 'NotIn']),
    values: z.array(z.string()).min(1),
  })
  .strict();

export type ScenarioMatchExpression = z.infer<typeof matchExpressionSchema>;

const rollingSyncStepSchema = z
  .object({
    matchExpressions: z.array(matchExpressionSchema).min(1),
    /** How many of the step's applications may update at once: a count, or a percentage like `"25%"`. */
    maxUpdate: z
      .union([
        z.number().int().min(0),
        z.string().regex(/^\d+%$/, 'a percentage such as "25%"'),
      ])
      .optional(),
  })
  .strict();

/**
 * An ApplicationSet of an instance. Its applications are the scenario's applications that carry
 * `argocd.argoproj.io/application-set-name: <name>` in their labels (in the same namespace);
 * the simulator does not run generators.
 */
export const scenarioApplicationSetSchema = z
  .object({
    name: z
      .string()
      .regex(
        /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
        'must be a lowercase DNS name (a-z, 0-9, - and .)',
      ),
    /** Where the ApplicationSet (and so its applications) lives; defaults to the instance's namespace. */
    namespace: z.string().optional(),
    /** The project of its template (`spec.template.spec.project`), which RBAC checks. */
    project: z.string().default('default'),
    /** Labels of the ApplicationSet itself (what the list's `selector` matches). */
    labels: z.record(z.string(), z.string()).default({}),
    /** A progressive sync (`spec.strategy.type: RollingSync`); without it, all at once. */
    rollingSync: z
      .object({ steps: z.array(rollingSyncStepSchema).min(1) })
      .strict()
      .optional(),
  })
  .strict();

export type ScenarioApplicationSet = z.infer<
  typeof scenarioApplicationSetSchema
>;

/** What `checkApplicationSets` needs of an instance (its parsed scenario). */
interface InstanceWithApplicationSets {
  name: string;
  namespace: string;
  applicationSets: ScenarioApplicationSet[];
  applications: Array<{
    name: string;
    namespace?: string;
    labels: Record<string, string>;
  }>;
}

/**
 * The ApplicationSet an application's label names, in the application's namespace; `undefined`
 * when it carries no label, and an error message when the instance declares no such set.
 */
export function applicationSetOf<
  T extends { name: string; namespace?: string },
>(
  app: { name: string; labels: Record<string, string>; namespace: string },
  instance: { name: string; namespace: string; applicationSets: T[] },
): T | string | undefined {
  const wanted = app.labels[APPLICATION_SET_LABEL];
  if (wanted === undefined) return undefined;
  const found = instance.applicationSets.find(
    set =>
      set.name === wanted &&
      (set.namespace ?? instance.namespace) === app.namespace,
  );
  return (
    found ??
    `application "${app.name}" is labelled ${APPLICATION_SET_LABEL}: ${wanted}, but instance "${instance.name}" declares no ApplicationSet "${wanted}" in namespace "${app.namespace}" (add it to applicationSets)`
  );
}

/**
 * Scenario checks: ApplicationSet names are unique per namespace, and every application that
 * names an ApplicationSet in its labels names one the instance declares.
 */
export function checkApplicationSets(
  instance: InstanceWithApplicationSets,
  ctx: z.RefinementCtx,
  path: Array<string | number>,
): void {
  const seen = new Set<string>();
  instance.applicationSets.forEach((set, index) => {
    const key = `${set.namespace ?? instance.namespace}/${set.name}`;
    if (seen.has(key))
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'applicationSets', index, 'name'],
        message: `duplicate ApplicationSet "${key}"`,
      });
    seen.add(key);
  });
  instance.applications.forEach((app, index) => {
    const problem = applicationSetOf(
      { ...app, namespace: app.namespace ?? instance.namespace },
      instance,
    );
    if (typeof problem === 'string')
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'applications', index, 'labels', APPLICATION_SET_LABEL],
        message: problem,
      });
  });
}
