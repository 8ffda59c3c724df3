import type {
  ArgoPulseApplicationOverview,
  ArgoPulseExpectation,
  ArgoPulseInstanceStatus,
} from '@argo-pulse/backstage-plugin-common';
import type { DateTime } from 'luxon';
import { displayedExpectation } from './ExpectationStatus';
import { ago, exactTime } from './format';
import { rolloutMessagesShown } from './RolloutSummary/rolloutState';

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

/** When the instance's data stopped being fresh, in words, or undefined while it is fresh. */
export function staleSince(
  instance: ArgoPulseInstanceStatus | undefined,
  now: DateTime,
): string | undefined {
  if (!instance || (!instance.stale && !instance.error)) return undefined;
  return instance.lastSuccessAt
    ? `${ago(instance.lastSuccessAt, now)} (${exactTime(
        instance.lastSuccessAt,
      )})`
    : 'never read';
}

/**
 * Whether an application needs attention now: its last sync failed, it is
 * Degraded or Missing, or its expected version failed and it has not
 * recovered since. Never while its instance's data is stale (`asOf`): that
 * is shown grey, not red, because it may no longer be true.
 */
export function isFailing(
  app: ArgoPulseApplicationOverview,
  expectation?: ArgoPulseExpectation,
  asOf?: string,
): boolean {
  if (asOf) return false;
  return (
    Boolean(failedOperation(app)) ||
    UNHEALTHY.has(app.health.status) ||
    (expectation !== undefined &&
      displayedExpectation({ expectation, application: app }).failing)
  );
}

/**
 * Argo CD's messages an application's row shows (its failed operation's,
 * its unhealthy resource's, its Rollouts' abort messages): shown once, not
 * again below.
 */
export function messagesShown(app: ArgoPulseApplicationOverview): string[] {
  return [
    failedOperation(app)?.message,
    app.unhealthyResource?.message,
    ...rolloutMessagesShown(app),
  ].filter((text): text is string => Boolean(text));
}
