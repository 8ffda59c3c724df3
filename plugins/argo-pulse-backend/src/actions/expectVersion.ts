import { expectationRequestSchema } from '../expectations/expectationRequest';
import { mayReadDetail } from '../service/authorizeEntity';
import { parseInput } from '../service/parseInput';
import { postExpectation } from '../service/postExpectation';
import { entityRefField, expectationSchema, Zod } from './schemas';
import type { ArgoPulseActionsOptions } from './types';

/** A new expectation is a change; posting it again under the same key answers the first one. */
const POSTS = {
  readOnly: false,
  destructive: false,
  idempotent: true,
} as const;

const optionalText = (z: Zod, max: number) => z.string().max(max).optional();

const inputSchema = (z: Zod) =>
  z
    .object({
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
          "Only the entity's applications in these Argo CD instances (say prod): the environment being deployed to.",
        ),
      application: z
        .object({
          instance: z.string().min(1).max(255),
          name: z.string().min(1).max(255),
          namespace: z.string().min(1).max(255).optional(),
        })
        .strict()
        .optional()
        .describe(
          'One application by name instead of (or within) the entity: its instance and name in Argo CD.',
        ),
      images: z
        .array(z.string().min(1).max(1024))
        .min(1)
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
          'Fail with timeout if not deployed by then (the backend default when absent, at most its configured maximum).',
        ),
      revision: optionalText(z, 255).describe(
        'The git revision that built the images (a commit SHA or a tag).',
      ),
      author: optionalText(z, 1000).describe('Who made the change.'),
      runUrl: optionalText(z, 2000).describe('The CI run, an http(s) URL.'),
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
