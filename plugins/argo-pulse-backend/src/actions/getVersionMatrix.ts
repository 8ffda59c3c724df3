import { portalVersionMatrix } from '../matrix/portalVersionMatrix';
import { entityAccess, entityFilters } from '../service/portalQuery';
import { entityFilterFields, pageFields, Zod } from './schemas';
import { ArgoPulseActionsOptions, READ_ONLY } from './types';

const applicationRef = (z: Zod) =>
  z.object({ instance: z.string(), namespace: z.string(), name: z.string() });

const entityVersionsSchema = (z: Zod) =>
  z.object({
    entityRef: z.string().describe('The catalog entity.'),
    rows: z
      .array(
        z.object({
          repository: z
            .string()
            .describe(
              'The image repository, with its registry: ghcr.io/acme/payments-api.',
            ),
          cells: z
            .array(
              z.object({
                environment: z.string(),
                versions: z
                  .array(
                    z.object({
                      version: z
                        .string()
                        .describe('The tag, or the short digest.'),
                      image: z.string().describe('The full image reference.'),
                      since: z
                        .string()
                        .optional()
                        .describe('Since when it runs there.'),
                      applications: z
                        .array(applicationRef(z))
                        .describe('The Argo CD applications running it.'),
                    }),
                  )
                  .describe(
                    'The versions running in the environment; none where it does not run.',
                  ),
              }),
            )
            .describe(
              'One cell per environment, in the order of environments.',
            ),
        }),
      )
      .describe("One row per image repository the entity's applications run."),
    drift: z
      .array(
        z.object({
          repository: z.string(),
          environment: z.string().describe('The environment that drifted.'),
          comparedTo: z
            .string()
            .describe('The earlier environment it is compared with.'),
          kind: z
            .enum(['untested', 'behind'])
            .describe(
              'untested: it runs a version the earlier environment never ran; behind: the earlier one deployed newer versions since.',
            ),
          deploymentsBehind: z.number().optional(),
          message: z
            .string()
            .describe(
              'In words: "production is 3 deployments behind staging".',
            ),
        }),
      )
      .describe(
        'Where an environment differs from the one before it in rollout order.',
      ),
  });

/**
 * `get-version-matrix`: what `GET /versions` answers: the versions each
 * entity selected (a team's with `owner`, a system's with `system`, or
 * named with `entity`) runs per environment, and where environments
 * drifted; only entities the caller may read (`argo-pulse.application.read`,
 * a conditional decision applied in the query).
 */
export function registerGetVersionMatrix(
  options: ArgoPulseActionsOptions,
): void {
  const { actionsRegistry, db, store, config, permissions, auth, userInfo } =
    options;
  actionsRegistry.register({
    name: 'get-version-matrix',
    title: 'Get version matrix',
    description: `Answers which version of each image runs in each environment (development, staging, production, ...) for a team's entities (owner), a system's (system) or named entities (entity), from Argo Pulse's copy of Argo CD, with the drift between environments: a version running in production that never ran in staging (untested), or an environment several deployments behind the one before it (behind).
Use it to answer "what does team-payments run in production?", "is staging ahead of production?", "which services are untested in prod?". Only entities the caller may read are answered. Pass nextOffset as offset for the next page.`,
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z.object({ ...entityFilterFields(z), ...pageFields(z, 50) }).strict(),
      output: z =>
        z.object({
          environments: z
            .array(z.string())
            .describe(
              'The columns, in rollout order: the configured environments, else one per Argo CD instance.',
            ),
          entities: z
            .array(entityVersionsSchema(z))
            .describe('One entry per entity, sorted by entity reference.'),
          nextOffset: z
            .number()
            .optional()
            .describe('Pass as offset for the next page; absent on the last.'),
        }),
    },
    action: async ({ input, credentials }) => {
      const access = await entityAccess(permissions, credentials);
      if (!access) return { output: { environments: [], entities: [] } };
      const page = await portalVersionMatrix({
        db,
        store,
        filters: await entityFilters(input, { auth, userInfo, credentials }),
        access,
        environments: config.environments,
        instances: config.instances.map(instance => instance.name),
        limit: input.limit,
        offset: input.offset,
      });
      return {
        output: {
          environments: page.environments,
          entities: page.entities,
          ...(page.hasMore ? { nextOffset: input.offset + input.limit } : {}),
        },
      };
    },
  });
}
