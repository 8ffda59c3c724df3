import type { ArgoPulseOperationAction } from '@argo-pulse/backstage-plugin-common';
import {
  ConflictError,
  CustomErrorBase,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { ArgoCdRequestError } from '../argocd/ArgoCdRequestError';

/** The verb of each action, in a sentence. */
export const VERBS: Record<ArgoPulseOperationAction, string> = {
  refresh: 'refresh',
  sync: 'sync',
  rollback: 'roll back',
};

/** The reason a rollback is not offered while auto-sync is on (also the words of Argo CD's refusal). */
export const AUTO_SYNC_REASON = 'auto-sync is on: Argo CD would undo it';

/**
 * A request refused because the same user asked the same of the same
 * application a moment ago: 429, with the seconds to wait in `retryAfterSeconds`.
 */
export class RateLimitedError extends CustomErrorBase {
  /** Read by Backstage's error handler for the answer's status. */
  readonly statusCode = 429;
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
    this.name = 'RateLimitedError';
  }
}

/**
 * Argo CD's refusal of a refresh, sync or rollback, in words for the user,
 * as Backstage's errors: its 403 is 403 (without its message, which names
 * the token's subject), an operation already running or a rollback Argo CD
 * will not do is 409, and no answer at all is 503. Anything else passes
 * unchanged (and is answered as a hidden 500).
 */
export function argoCdRefusal(
  error: unknown,
  context: {
    action: ArgoPulseOperationAction;
    instance: string;
    application: string;
    historyId?: number;
  },
): unknown {
  if (!(error instanceof ArgoCdRequestError)) return error;
  const { action, instance, application } = context;
  const text = error.message;
  if (error.status === 403 || error.status === 401)
    return new NotAllowedError(
      `The Argo CD token of instance ${instance} may not ${VERBS[action]} this application`,
    );
  if (error.status !== undefined && error.status >= 400 && error.status < 500) {
    if (/another operation is already in progress/i.test(text))
      return new ConflictError(
        `Another operation is already running on ${application}`,
      );
    if (/rollback cannot be initiated when auto-sync is enabled/i.test(text))
      return new ConflictError(
        `Cannot roll back ${application}: ${AUTO_SYNC_REASON}`,
      );
    if (/does not have deployment with id/i.test(text))
      return new ConflictError(
        `Cannot roll back ${application}: that deployment${
          context.historyId !== undefined ? ` (#${context.historyId})` : ''
        } is not in Argo CD's history any more`,
      );
    if (error.status === 404)
      return new ConflictError(
        `Argo CD instance ${instance} no longer has ${application}`,
      );
    // Argo CD's own words (the client redacted any secret), without the endpoint.
    const reason = text.replace(/^Argo CD instance "[^"]*": [^:]*: \d+ /, '');
    return new ConflictError(
      `Argo CD refused to ${VERBS[action]} ${application}: ${reason}`,
    );
  }
  return new ServiceUnavailableError(
    `Argo CD instance ${instance} did not ${VERBS[action]} ${application}: ${error.message}`,
  );
}
