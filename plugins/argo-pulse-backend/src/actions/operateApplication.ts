import type { ArgoPulseOperationAction } from '@argo-pulse/backstage-plugin-common';
import { normalizeEntityRef } from '../service/loadEntity';
import { entityRefField, Zod } from './schemas';
import type { ArgoPulseActionsOptions } from './types';

/** What an action that asks Argo CD to act is: it changes things, and asking twice does it twice. */
export const ACTS = {
  readOnly: false,
  destructive: true,
  idempotent: false,
} as const;

const applicationFields = (z: Zod) => ({
  entityRef: entityRefField(z, 'component', 'payments-api').describe(
    'The catalog entity the application belongs to: component:default/payments-api, or payments-api (the kind defaults to component, the namespace to default).',
  ),
  instance: z
    .string()
    .min(1)
    .max(255)
    .describe(
      'The Argo CD instance the application lives in, as get-deployment-status answers it.',
    ),
  namespace: z
    .string()
    .max(255)
    .describe(
      'The namespace of the Application object in Argo CD, as get-deployment-status answers it.',
    ),
  name: z
    .string()
    .min(1)
    .max(255)
    .describe("The application's name in Argo CD, such as payments-api-prod."),
});

const outputSchema = (z: Zod) =>
  z.object({
    action: z.enum(['refresh', 'sync', 'rollback']).describe('What was asked.'),
    application: z
      .object({
        instance: z.string(),
        namespace: z.string(),
        name: z.string(),
      })
      .describe('Which application.'),
    status: z
      .enum(['refreshed', 'started'])
      .describe(
        'refreshed: Argo CD compared it with git again, and Argo Pulse read it at once; started: the sync runs (follow it with get-deployment-status).',
      ),
    message: z.string().describe('What happened, in words.'),
  });

/**
 * `refresh-application` and `sync-application`: the HTTP routes'
 * operations (`ApplicationOperations`: the same permissions on the entity,
 * rate limit, audit events and answers), for the actions registry, with the
 * caller's credentials.
 */
export function registerOperationActions(
  options: ArgoPulseActionsOptions,
): void {
  const { actionsRegistry } = options;
  const run = async (
    action: ArgoPulseOperationAction,
    input: {
      entityRef: string;
      instance: string;
      namespace: string;
      name: string;
    },
    body: object,
    credentials: Parameters<
      ArgoPulseActionsOptions['operations']['run']
    >[0]['credentials'],
  ) => {
    const output = await options.operations.run({
      action,
      credentials,
      entityRef: normalizeEntityRef(input.entityRef),
      application: {
        instance: input.instance,
        namespace: input.namespace,
        name: input.name,
      },
      body,
    });
    return { output };
  };

  actionsRegistry.register({
    name: 'refresh-application',
    title: 'Refresh an Argo CD application',
    description: `Asks Argo CD to compare one of a catalog entity's applications with git again (a refresh; hard also regenerates the manifests), and reads it at once into Argo Pulse, so its sync and health status are current.
Use it when a commit landed and Argo CD has not noticed yet, before answering "is it deployed?". It changes nothing in the cluster. Needs argo-pulse.application.refresh on the entity; a second refresh of the same application by the same caller within 10 seconds is refused (429).`,
    attributes: ACTS,
    schema: {
      input: z =>
        z
          .object({
            ...applicationFields(z),
            hard: z
              .boolean()
              .optional()
              .describe(
                'A hard refresh: Argo CD also regenerates the manifests (slower; for Helm or plugin changes it did not see).',
              ),
          })
          .strict(),
      output: outputSchema,
    },
    action: async ({ input, credentials }) =>
      run(
        'refresh',
        input,
        input.hard === undefined ? {} : { hard: input.hard },
        credentials,
      ),
  });

  actionsRegistry.register({
    name: 'sync-application',
    title: 'Sync an Argo CD application',
    description: `Starts an Argo CD sync of one of a catalog entity's applications to its target revision (what git says now): it deploys. Never to another revision.
Use it only when the user asked to deploy or sync. prune deletes resources no longer in git; dryRun only shows what would change. The answer says the sync started; follow it with get-deployment-status. Needs argo-pulse.application.sync on the entity; Argo CD refuses while another operation runs (409), and a second sync of the same application by the same caller within 10 seconds is refused (429).`,
    attributes: ACTS,
    schema: {
      input: z =>
        z
          .object({
            ...applicationFields(z),
            prune: z
              .boolean()
              .optional()
              .describe('Delete resources that are no longer in git.'),
            dryRun: z
              .boolean()
              .optional()
              .describe(
                'Only show what would change: Argo CD applies nothing.',
              ),
          })
          .strict(),
      output: outputSchema,
    },
    action: async ({ input, credentials }) =>
      run(
        'sync',
        input,
        {
          ...(input.prune === undefined ? {} : { prune: input.prune }),
          ...(input.dryRun === undefined ? {} : { dryRun: input.dryRun }),
        },
        credentials,
      ),
  });
}
