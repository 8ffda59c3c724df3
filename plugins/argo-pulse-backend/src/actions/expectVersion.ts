import { expectationRequestSchema } from '../expectations/expectationRequest';
import { mayReadDetail } from '../service/authorizeEntity';
import { parseInput } from '../service/parseInput';
import { postExpectation } from '../service/postExpectation';
import { expectationSchema, expectedVersionFields, Zod } from './schemas';
import type { ArgoPulseActionsOptions } from './types';

/** A new expectation is a change; posting it again under the same key answers the first one. */
const POSTS = {
  readOnly: false,
  destructive: false,
  idempotent: true,
} as const;

const inputSchema = (z: Zod) =>
  z
    .object({
      ...expectedVersionFields(z),
      idempotencyKey: z
        .string()
        .regex(
          /^[\x21-\x7e]{1,255}$/,
          'must be 1 to 255 printable characters without spaces',
        )
        .describe(
          'A key unique to this deployment (a CI run id, a commit SHA): asking again with the same key answers the same expectation instead of posting a second one.',
        ),
    })
    .strict();

/**
 * `expect-version`: what `POST /expectations` does (the CLI's inputs, the
 * same checks and the same idempotency rules), for the actions registry.
 */
export function registerExpectVersion(options: ArgoPulseActionsOptions): void {
  const { actionsRegistry, catalog, permissions, intake, expectations } =
    options;
  const requestSchema = expectationRequestSchema({
    maxTimeoutSeconds: Math.floor(
      options.config.expectations.maxTimeoutMs / 1000,
    ),
  });

  actionsRegistry.register({
    name: 'expect-version',
    title: 'Expect a version to be deployed',
    description: `Declares which images must run in a catalog entity's Argo CD applications (or in one named application), as CI does after a build: Argo Pulse then watches Argo CD and decides whether they landed (deployed) or not (failed, with the reason: sync-failed, degraded, timeout, ...).
Use it when the user says they are deploying a version and wants to know when it is live; then call wait-for-version with the answered id. It changes nothing in Argo CD. Needs argo-pulse.expectation.create on the entity.`,
    attributes: POSTS,
    schema: {
      input: inputSchema,
      output: z =>
        z.object({
          id: z
            .string()
            .describe("The expectation's id, for wait-for-version."),
          expectation: expectationSchema(z),
        }),
    },
    action: async ({ input, credentials }) => {
      const { idempotencyKey, ...fields } = input;
      const request = parseInput(requestSchema, fields, 'expectation');
      const record = await postExpectation({
        catalog,
        permissions,
        intake,
        credentials,
        request,
        idempotencyKey,
      });
      const withDetail = await mayReadDetail({
        permissions,
        credentials,
        entityRef: record.entityRef,
      });
      return {
        output: {
          id: record.id,
          expectation: expectations.present(record, { withDetail }),
        },
      };
    },
  });
}
