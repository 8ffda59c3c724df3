import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z as zod } from 'zod/v3';
import { entityRefField, optionalText } from '../actions/schemas';
import { parseActionInput, Zod } from './actionInput';
import {
  ApplicationChoice,
  readiness,
  Readiness,
} from './applicationReadiness';
import { ArgoPulseClient, ArgoPulseRequestError } from './ArgoPulseClient';
import { ActionClock, pause, realClock, throwIfCancelled } from './clock';

const ACTION_ID = 'argo-pulse:wait-for-application';
/** The longest a step waits: a template's user's credentials age, and a first deployment that takes longer needs a look. */
const MAX_TIMEOUT_SECONDS = 3600;

const waitInput = (z: Zod) =>
  z
    .object({
      entityRef: entityRefField(z, 'component', 'payments-api').describe(
        "The entity whose application to wait for, such as catalog:register's entityRef output.",
      ),
      application: optionalText(z, 255).describe(
        "The application's name in Argo CD; without it, every application of the entity (at least one) must be Synced and Healthy.",
      ),
      instance: optionalText(z, 255).describe(
        'Only applications in this Argo CD instance.',
      ),
      timeoutSeconds: z
        .number()
        .int()
        .min(1)
        .max(MAX_TIMEOUT_SECONDS)
        .default(600)
        .describe(
          `How long to wait, in seconds (600 by default, at most ${MAX_TIMEOUT_SECONDS}).`,
        ),
      intervalSeconds: z
        .number()
        .int()
        .min(1)
        .max(300)
        .default(10)
        .describe('How often to look, in seconds (10 by default).'),
    })
    .strict();

const application = (z: Zod) =>
  z.object({
    instance: z.string(),
    namespace: z.string(),
    name: z.string(),
    argoCdUrl: z.string(),
  });

const waitOutput = (z: Zod) =>
  z.object({
    instance: z
      .string()
      .describe('The Argo CD instance of the (first) application.'),
    name: z.string().describe("The application's name in Argo CD."),
    namespace: z
      .string()
      .describe('The namespace of the Application object in Argo CD.'),
    argoCdUrl: z.string().describe('The application in the Argo CD UI.'),
    applications: z
      .array(application(z))
      .describe('Every application waited for, Synced and Healthy.'),
  });

/** Where `argo-pulse:wait-for-application` looks, and by which clock. */
export interface WaitForApplicationActionOptions {
  client: ArgoPulseClient;
  clock?: ActionClock;
}

/** One look at the entity's applications, with what keeps a step waiting. */
async function look(options: {
  client: ArgoPulseClient;
  entity: CompoundEntityRef;
  choice: ApplicationChoice;
  credentials: BackstageCredentials;
  signal?: AbortSignal;
}): Promise<Readiness> {
  const ref = stringifyEntityRef(options.entity);
  try {
    const answer = await options.client.getEntityApplications(
      options.entity,
      options.credentials,
      options.signal,
    );
    return readiness(answer, options.choice);
  } catch (error) {
    throwIfCancelled(options.signal, `waiting for ${ref}`);
    if (error instanceof ArgoPulseRequestError) {
      // catalog:register returns before the catalog has processed the entity: not there yet.
      if (error.status === 404)
        return { ready: false, seen: `${ref} is not in the catalog` };
      if (error.transient) return { ready: false, seen: error.message };
    }
    throw error;
  }
}

/**
 * `argo-pulse:wait-for-application`: waits until the entity (typically one
 * the template just registered) has its application in Argo CD, Synced and
 * Healthy, and outputs where it is. While the catalog does not know the
 * entity yet, or no application is there yet, it keeps looking; at the
 * timeout it fails, saying what it last saw.
 */
export function createWaitForApplicationAction(
  options: WaitForApplicationActionOptions,
) {
  const clock = options.clock ?? realClock;
  return createTemplateAction({
    id: ACTION_ID,
    description:
      "Waits until an entity's application is in Argo CD, Synced and Healthy (a new service's first deployment), and outputs its instance and Argo CD URL. Fails at the timeout with what it last saw.",
    examples: [
      {
        description: 'Wait for the service the template registered',
        example: `steps:
  - id: deployed
    name: Wait for the first deployment
    action: argo-pulse:wait-for-application
    input:
      entityRef: \${{ steps.register.output.entityRef }}
      instance: dev
      timeoutSeconds: 900`,
      },
    ],
    schema: { input: waitInput, output: waitOutput },
    async handler(ctx) {
      const input = parseActionInput(ACTION_ID, waitInput(zod), ctx.input);
      const entity = parseEntityRef(input.entityRef, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      });
      const ref = stringifyEntityRef(entity);
      const request = {
        client: options.client,
        entity,
        choice: { name: input.application, instance: input.instance },
        credentials: await ctx.getInitiatorCredentials(),
        signal: ctx.signal,
      };
      const timeoutMs = input.timeoutSeconds * 1000;
      const started = clock.now();
      let lastSeen = '';
      for (;;) {
        const found = await look(request);
        if (found.ready) {
          const apps = found.applications.map(
            ({ instance, namespace, name, argoCdUrl }) => ({
              instance,
              namespace,
              name,
              argoCdUrl,
            }),
          );
          // The first is the only one when a name (or an instance with one application) was given.
          const [first] = apps;
          ctx.output('instance', first.instance);
          ctx.output('name', first.name);
          ctx.output('namespace', first.namespace);
          ctx.output('argoCdUrl', first.argoCdUrl);
          ctx.output('applications', apps);
          ctx.logger.info(
            `${apps
              .map(app => `${app.instance}/${app.name}`)
              .join(', ')} Synced and Healthy: ${first.argoCdUrl}`,
          );
          return;
        }
        if (found.seen !== lastSeen) ctx.logger.info(`Waiting: ${found.seen}`);
        lastSeen = found.seen;
        const elapsed = clock.now() - started;
        if (elapsed >= timeoutMs)
          throw new Error(
            `Gave up waiting for ${ref}: ${found.seen} after ${input.timeoutSeconds} s`,
          );
        await pause(
          clock,
          Math.min(input.intervalSeconds * 1000, timeoutMs - elapsed),
          ctx.signal,
          `waiting for ${ref}`,
        );
      }
    },
  });
}
