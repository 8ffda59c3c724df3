import type {
  ArgoPulseApplicationOverview,
  ArgoPulseExpectation,
} from '@argo-pulse/backstage-plugin-common';

const FAILED_OPERATIONS = new Set(['Failed', 'Error']);
const UNHEALTHY = new Set(['Degraded', 'Missing']);

/** The last operation, when it failed (Failed, Error; a terminated sync is Failed). */
export function failedOperation(
  app: ArgoPulseApplicationOverview,
): ArgoPulseApplicationOverview['operation'] | undefined {
  return app.operation && FAILED_OPERATIONS.has(app.operation.phase)
    ? app.operation
    : undefined;
}

/** Whether an application needs attention: its last sync failed, it is Degraded or Missing, or its expected version failed. */
export function isFailing(
  app: ArgoPulseApplicationOverview,
  expectation?: ArgoPulseExpectation,
): boolean {
  return (
    Boolean(failedOperation(app)) ||
    UNHEALTHY.has(app.health.status) ||
    expectation?.state === 'failed'
  );
}
