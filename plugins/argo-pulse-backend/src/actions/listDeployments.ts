import {
  EXPECTATION_STATES,
  ExpectationState,
} from '@argo-pulse/backstage-plugin-common';
import { InputError } from '@backstage/errors';
import { DEPLOYMENT_RESULT_STATUSES } from '../database/deploymentResult';
import { portalFeed } from '../deployments/portalFeed';
import { entitiesWithDetail } from '../service/authorizeEntity';
import { feedItems } from '../service/deploymentRoutes';
import { entityAccess, entityFilters } from '../service/portalQuery';
import {
  deploymentSchema,
  entityFilterFields,
  expectationSchema,
  pageFields,
} from './schemas';
import { ArgoPulseActionsOptions, READ_ONLY } from './types';

/**
 * The instances to read: those named, those of the environments named, or
 * (both given) those in both; undefined for any. An environment defined by
 * destination namespaces selects all of its instances' applications.
 */
function instancesOf(
  options: ArgoPulseActionsOptions,
  input: { argoCdInstance?: string[]; environment?: string[] },
): string[] | undefined {
  const { environments } = options.config;
  if (!input.environment) return input.argoCdInstance;
  const unknown = input.environment.filter(
    name => !environments.some(e => e.name === name),
  );
  if (unknown.length)
    throw new InputError(
      `Unknown environment ${unknown.map(n => `"${n}"`).join(', ')} (known: ${
        environments.map(e => e.name).join(', ') || 'none are configured'
      })`,
    );
  const ofEnvironments = environments
    .filter(e => input.environment!.includes(e.name))
    .flatMap(e => e.places.map(place => place.instance));
  return input.argoCdInstance
    ? input.argoCdInstance.filter(i => ofEnvironments.includes(i))
    : [...new Set(ofEnvironments)];
}

/**
 * `list-deployments`: what `GET /deployments` answers, with its filters:
 * the deployments and the expectations CI posted of every entity the
 * caller may read (`argo-pulse.application.read`; a conditional decision
 * is applied in the query), newest first; Argo CD's messages on each row
 * only with `argo-pulse.application.detail.read` on its entity.
 */
export function registerListDeployments(
  options: ArgoPulseActionsOptions,
): void {
  const { actionsRegistry, db, permissions, auth, userInfo } = options;
  actionsRegistry.register({
    name: 'list-deployments',
    title: 'List deployments',
    description: `Lists recent Argo CD deployments (syncs) and the versions CI declared should run (expectations), newest first, across the catalog entities the caller may read, from Argo Pulse's copy of Argo CD.
Filter by owner (a team, or "me"), system, entity, kind, environment or Argo CD instance, outcome and time range. Use it to answer "what did team-payments deploy today?", "which deployments failed in production this week?", "what is still pending?".
Each item is a deployment or an expectation, under its entity. A deployment's result.status says what happened after its sync (healthy, degraded, failed, ...): "what failed" is result degraded and failed (a sync that succeeded and whose pods then failed has outcome deployed). Pass nextOffset as offset for the next page.`,
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z
          .object({
            ...entityFilterFields(z),
            environment: z
              .array(z.string().min(1).max(128))
              .max(50)
              .optional()
              .describe(
                'Only deployments in these environments (as configured in argoPulse.environments, such as production).',
              ),
            // Not `instance`: `backstage-cli actions execute` keeps that flag for its own use.
            argoCdInstance: z
              .array(z.string().min(1).max(128))
              .max(50)
              .optional()
              .describe(
                'Only deployments on these Argo CD instances (as named in argoPulse.instances).',
              ),
            outcome: z
              .array(
                z.enum(
                  EXPECTATION_STATES as unknown as [
                    ExpectationState,
                    ...ExpectationState[],
                  ],
                ),
              )
              .optional()
              .describe(
                'Only these outcomes: deployed and failed match deployments (a successful sync, a failed one) and expectations; pending, superseded and cancelled match expectations only. A sync that succeeded and whose pods then failed is deployed here: filter by result for it.',
              ),
            result: z
              .array(z.enum(DEPLOYMENT_RESULT_STATUSES))
              .optional()
              .describe(
                'Only deployments whose result (what happened after the sync) is one of these: degraded and failed together answer "what went wrong"; expectations are left out.',
              ),
            type: z
              .array(z.enum(['deployment', 'expectation']))
              .optional()
              .describe('Only deployments, or only expectations.'),
            from: z
              .string()
              .datetime({ offset: true })
              .optional()
              .describe(
                'Only what finished (a deployment) or was posted (an expectation) at or after this ISO 8601 time.',
              ),
            to: z
              .string()
              .datetime({ offset: true })
              .optional()
              .describe('Only what happened at or before this ISO 8601 time.'),
            ...pageFields(z, 20),
          })
          .strict(),
      output: z =>
        z.object({
          items: z
            .array(
              z.object({
                type: z
                  .enum(['deployment', 'expectation'])
                  .describe('Which of the two the item is.'),
                entityRef: z
                  .string()
                  .describe('The catalog entity the item belongs to.'),
                deployment: deploymentSchema(z)
                  .optional()
                  .describe('The deployment, for type deployment.'),
                expectation: expectationSchema(z)
                  .optional()
                  .describe('The expectation, for type expectation.'),
              }),
            )
            .describe('Newest first.'),
          nextOffset: z
            .number()
            .optional()
            .describe('Pass as offset for the next page; absent on the last.'),
        }),
    },
    action: async ({ input, credentials }) => {
      if (
        input.from &&
        input.to &&
        Date.parse(input.from) > Date.parse(input.to)
      )
        throw new InputError('from must not be later than to');
      const instances = instancesOf(options, input);
      const access = await entityAccess(permissions, credentials);
      if (!access || instances?.length === 0) return { output: { items: [] } };
      const page = await portalFeed(db, {
        filters: {
          ...(await entityFilters(input, { auth, userInfo, credentials })),
          instances,
          outcomes: input.outcome,
          types: input.type,
          results: input.result,
          from: input.from && new Date(input.from).toISOString(),
          to: input.to && new Date(input.to).toISOString(),
        },
        access,
        limit: input.limit,
        offset: input.offset,
      });
      const detail = await entitiesWithDetail({
        permissions,
        credentials,
        entityRefs: page.items.map(item => item.entityRef),
      });
      return {
        output: {
          items: await feedItems(page.items, { ...options, detail }),
          ...(page.hasMore ? { nextOffset: input.offset + input.limit } : {}),
        },
      };
    },
  });
}
