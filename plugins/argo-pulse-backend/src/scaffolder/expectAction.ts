import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type {
  ArgoPulseExpectation,
  CreateExpectationRequest,
  CreateExpectationResponse,
} from '@argo-pulse/backstage-plugin-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { z as zod } from 'zod/v3';
import { expectedVersionFields } from '../actions/schemas';
import { parseActionInput, Zod } from './actionInput';
import { ArgoPulseClient, ArgoPulseRequestError } from './ArgoPulseClient';
import { ActionClock, pause, realClock, throwIfCancelled } from './clock';
import { entityPageUrl } from './entityPageUrl';
import { idempotencyKey } from './idempotencyKey';
import { pendingWords, verdictWords } from './verdictWords';

const ACTION_ID = 'argo-pulse:expect';
/** The longest a step waits for a verdict: a template is not a CI pipeline, and its user's credentials age. */
const MAX_WAIT_SECONDS = 3600;
/** After the deadline, how long to let Argo Pulse give its `timeout` verdict before giving up on it. */
const AFTER_DEADLINE_MS = 120_000;
/** How often a refused post (Argo Pulse restarting, 5xx) is tried again; the key makes it safe. */
const POST_ATTEMPTS = 3;

const expectInput = (z: Zod) =>
  z
    .object({
      ...expectedVersionFields(z),
      wait: z
        .boolean()
        .default(true)
        .describe(
          'Wait for the verdict (true by default); false outputs the pending expectation at once.',
        ),
      waitTimeoutSeconds: z
        .number()
        .int()
        .min(1)
        .max(MAX_WAIT_SECONDS)
        .optional()
        .describe(
          `How long the step waits for the verdict, at most ${MAX_WAIT_SECONDS}; by default until shortly after the deadline.`,
        ),
      failIfNotDeployed: z
        .boolean()
        .default(true)
        .describe(
          'Fail the step unless the verdict is deployed (true by default); false lets later steps read state instead.',
        ),
    })
    .strict()
    .refine(
      input => input.entityRef !== undefined || input.application !== undefined,
      { message: 'give entityRef, application, or both' },
    )
    .refine(input => input.entityRef !== undefined || !input.instances, {
      message: 'instances narrows an entity: give entityRef with it',
      path: ['instances'],
    });

const expectOutput = (z: Zod) =>
  z.object({
    id: z.string().describe("The expectation's id."),
    state: z
      .enum(['pending', 'deployed', 'failed', 'superseded', 'cancelled'])
      .describe('The verdict; pending when the step did not wait for it.'),
    reason: z
      .string()
      .optional()
      .describe('Why it failed: timeout, sync-failed, degraded, …'),
    message: z.string().optional().describe('The verdict in words.'),
    url: z
      .string()
      .describe(
        "The entity's page in Backstage, where the verdict shows; else the expectation's URL.",
      ),
    statusUrl: z.string().describe("The expectation's URL in Argo Pulse."),
    applications: z
      .array(
        z.object({
          instance: z.string(),
          namespace: z.string(),
          name: z.string(),
          argoCdUrl: z.string(),
        }),
      )
      .describe(
        'The applications that must run the images, with their Argo CD links.',
      ),
  });

type ExpectInput = zod.output<ReturnType<typeof expectInput>>;

/** Where `argo-pulse:expect` posts, how it waits, and where its link points. */
export interface ExpectActionOptions {
  client: ArgoPulseClient;
  /** The Backstage app's URL (`app.baseUrl`), for the link to the entity's page. */
  appBaseUrl?: string;
  /** How often the verdict is read while waiting (5 s by default). */
  pollIntervalMs?: number;
  clock?: ActionClock;
}

/** One run of the step: whom it acts for, how it waits, where it logs. */
interface StepRun {
  client: ArgoPulseClient;
  credentials: BackstageCredentials;
  clock: ActionClock;
  pollIntervalMs: number;
  logger: LoggerService;
  signal?: AbortSignal;
}

/**
 * `argo-pulse:expect`: posts an expected version, as CI does, and by
 * default waits for its verdict. The step fails unless the images were
 * deployed, so a template stops where a rollout did.
 */
export function createExpectAction(options: ExpectActionOptions) {
  return createTemplateAction({
    id: ACTION_ID,
    description:
      'Posts an expected version to Argo Pulse (these images should now run in these applications) and waits for its verdict: deployed, or failed with the reason. Fails the step unless deployed.',
    examples: [
      {
        description: 'Expect a new image in production and wait for it',
        example: `steps:
  - id: expect
    name: Wait for the rollout
    action: argo-pulse:expect
    input:
      entityRef: component:default/payments-api
      instances: [prod]
      images: [ghcr.io/acme/payments-api:1.9.0]
      timeoutSeconds: 900`,
      },
    ],
    schema: { input: expectInput, output: expectOutput },
    async handler(ctx) {
      const input = parseActionInput(ACTION_ID, expectInput(zod), ctx.input);
      const run: StepRun = {
        client: options.client,
        credentials: await ctx.getInitiatorCredentials(),
        clock: options.clock ?? realClock,
        pollIntervalMs: options.pollIntervalMs ?? 5000,
        logger: ctx.logger,
        signal: ctx.signal,
      };
      const created = await post(run, input, idempotencyKey(ctx));
      ctx.logger.info(
        `Expectation ${created.id} accepted: ${created.statusUrl}`,
      );
      const verdict = input.wait
        ? await waitForVerdict(
            run,
            created.expectation,
            waitLimitMs(input, created.expectation),
          )
        : created.expectation;

      const url =
        verdict.entityRef && options.appBaseUrl
          ? entityPageUrl(options.appBaseUrl, verdict.entityRef)
          : created.statusUrl;
      const words =
        verdict.state === 'pending'
          ? pendingWords(verdict)
          : verdictWords(verdict);
      ctx.output('id', verdict.id);
      ctx.output('state', verdict.state);
      if (verdict.reason) ctx.output('reason', verdict.reason);
      ctx.output('message', words);
      ctx.output('url', url);
      ctx.output('statusUrl', created.statusUrl);
      ctx.output(
        'applications',
        verdict.applications.map(
          ({ instance, namespace, name, argoCdUrl }) => ({
            instance,
            namespace,
            name,
            argoCdUrl,
          }),
        ),
      );

      if (!input.wait) return;
      if (verdict.state === 'deployed') {
        ctx.logger.info(words);
        return;
      }
      const failure =
        verdict.state === 'pending'
          ? `Expectation ${verdict.id} is still pending after ${Math.round(
              waitLimitMs(input, verdict) / 1000,
            )} s: ${words}`
          : words;
      if (!input.failIfNotDeployed) {
        ctx.logger.warn(failure);
        return;
      }
      throw new Error(`${failure} (${url})`);
    },
  });
}

/** Posts, trying again while Argo Pulse cannot answer (the key makes that safe); a refusal (4xx) ends the step with its message. */
async function post(
  run: StepRun,
  input: ExpectInput,
  key: string,
): Promise<CreateExpectationResponse> {
  const request: CreateExpectationRequest = {
    images: input.images,
    ...(input.entityRef ? { entityRef: input.entityRef } : {}),
    ...(input.instances ? { instances: input.instances } : {}),
    ...(input.application ? { application: input.application } : {}),
    ...(input.timeoutSeconds !== undefined
      ? { timeoutSeconds: input.timeoutSeconds }
      : {}),
    ...(input.revision ? { revision: input.revision } : {}),
    ...(input.author ? { author: input.author } : {}),
    ...(input.runUrl ? { runUrl: input.runUrl } : {}),
  };
  const what = 'posting the expectation';
  for (let attempt = 1; ; attempt++) {
    try {
      return await run.client.createExpectation(
        request,
        key,
        run.credentials,
        run.signal,
      );
    } catch (error) {
      throwIfCancelled(run.signal, what);
      if (
        !(error instanceof ArgoPulseRequestError && error.transient) ||
        attempt >= POST_ATTEMPTS
      )
        throw error;
      run.logger.warn(`${error.message}; trying again`);
      await pause(run.clock, 2000 * attempt, run.signal, what);
    }
  }
}

/** Reads the expectation until it has a verdict, or for `limitMs`; logs what it waits for whenever that changes. */
async function waitForVerdict(
  run: StepRun,
  first: ArgoPulseExpectation,
  limitMs: number,
): Promise<ArgoPulseExpectation> {
  const what = 'waiting for the verdict';
  const started = run.clock.now();
  let current = first;
  let lastReport = '';
  while (current.state === 'pending') {
    const report = pendingWords(current);
    if (report !== lastReport) run.logger.info(report);
    lastReport = report;
    const left = limitMs - (run.clock.now() - started);
    if (left <= 0) return current;
    await pause(
      run.clock,
      Math.min(run.pollIntervalMs, left),
      run.signal,
      what,
    );
    try {
      current = await run.client.getExpectation(
        first.id,
        run.credentials,
        run.signal,
      );
    } catch (error) {
      throwIfCancelled(run.signal, what);
      // Backstage restarting, or a slow answer: the verdict is stored; it is read next time.
      if (!(error instanceof ArgoPulseRequestError && error.transient))
        throw error;
      run.logger.warn(`${error.message}; still waiting`);
    }
  }
  return current;
}

/**
 * How long to wait for a verdict: as asked, else until a while after the
 * deadline (Argo Pulse fails the expectation with `timeout` at the
 * deadline), never more than an hour. Measured from the expectation's own
 * times, so Backstage's clock and the step's need not agree.
 */
function waitLimitMs(input: ExpectInput, expectation: ArgoPulseExpectation) {
  if (input.waitTimeoutSeconds !== undefined)
    return input.waitTimeoutSeconds * 1000;
  const untilDeadline =
    Date.parse(expectation.deadline) - Date.parse(expectation.createdAt);
  return Math.min(
    Math.max(untilDeadline, 0) + AFTER_DEADLINE_MS,
    MAX_WAIT_SECONDS * 1000,
  );
}
