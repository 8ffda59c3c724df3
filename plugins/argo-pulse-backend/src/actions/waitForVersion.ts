import { NotFoundError } from '@backstage/errors';
import { argoPulseApplicationReadPermission } from '@argo-pulse/backstage-plugin-common';
import { waitForVerdict } from '../expectations/waitForVerdict';
import {
  mayReadDetail,
  requireEntityPermission,
} from '../service/authorizeEntity';
import { expectationSchema } from './schemas';
import { ArgoPulseActionsOptions, READ_ONLY } from './types';

/** The longest wait one call may ask for: MCP clients and proxies give up on longer requests. */
export const MAX_WAIT_SECONDS = 900;
const DEFAULT_WAIT_SECONDS = 300;

/**
 * `wait-for-version`: waits, bounded, for an expectation's verdict, as
 * `argo-pulse status --wait` does, and answers it. The caller needs
 * `argo-pulse.application.read` on its entity, as for
 * `GET /expectations/:id`.
 */
export function registerWaitForVersion(options: ArgoPulseActionsOptions): void {
  const { actionsRegistry, permissions, expectationStore, expectations } =
    options;

  actionsRegistry.register({
    name: 'wait-for-version',
    title: 'Wait for an expected version',
    description: `Waits until an expected version (from expect-version, or posted by CI) has its verdict: deployed, failed (with the reason and Argo CD's message), superseded or cancelled; or until timeoutSeconds pass, answering it still pending (settled: false; call again to wait longer).
Use it to answer "tell me when my version is live".`,
    attributes: READ_ONLY,
    schema: {
      input: z =>
        z
          .object({
            id: z
              .string()
              .uuid('must be an expectation id (a UUID)')
              .describe('The expectation id expect-version answered.'),
            timeoutSeconds: z
              .number()
              .int()
              .min(1)
              .max(
                MAX_WAIT_SECONDS,
                `must be at most ${MAX_WAIT_SECONDS} seconds`,
              )
              .default(DEFAULT_WAIT_SECONDS)
              .describe(
                `How long to wait at most, in seconds (${DEFAULT_WAIT_SECONDS} by default, at most ${MAX_WAIT_SECONDS}).`,
              ),
          })
          .strict(),
      output: z =>
        z.object({
          settled: z
            .boolean()
            .describe(
              'True when the expectation has its verdict; false when the wait ended while it was still pending.',
            ),
          expectation: expectationSchema(z),
        }),
    },
    action: async ({ input, credentials }) => {
      const found = await expectationStore.get(input.id);
      if (!found) throw new NotFoundError(`No expectation ${input.id}`);
      await requireEntityPermission({
        permissions,
        credentials,
        permission: argoPulseApplicationReadPermission,
        entityRef: found.entityRef,
      });
      const record =
        (await waitForVerdict({
          id: input.id,
          store: expectationStore,
          expectations,
          timeoutMs: input.timeoutSeconds * 1000,
        })) ?? found;
      const withDetail = await mayReadDetail({
        permissions,
        credentials,
        entityRef: record.entityRef,
      });
      return {
        output: {
          settled: record.state !== 'pending',
          expectation: expectations.present(record, { withDetail }),
        },
      };
    },
  });
}
