import { ArgoCdRequestError } from '../argocd/ArgoCdRequestError';
import type { PollFailure } from '../database/types';

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/**
 * The category and short reason of a poll's failure. Users (every signed-in
 * one, through `/instances` and each overview) read only this; the full
 * error goes to the log. So the reason is made of known parts (a status code,
 * a network error code, a configured time) and never of exception text,
 * which may quote a header, a URL or a database statement.
 */
export function describePollFailure(
  error: unknown,
  context: {
    deadlineHit: boolean;
    pollTimeoutMs: number;
    requestTimeoutMs: number;
    storedBeforeDeadline: number;
  },
): PollFailure {
  if (context.deadlineHit) {
    return {
      category: 'poll-deadline',
      reason: `the poll did not finish within ${seconds(
        context.pollTimeoutMs,
      )} (${
        context.storedBeforeDeadline
      } changed applications stored; the next poll goes on from there)`,
    };
  }
  if (!(error instanceof ArgoCdRequestError)) {
    return {
      category: 'internal',
      reason:
        'Argo Pulse could not store what it read; the backend log has the cause',
    };
  }
  switch (error.kind) {
    case 'cannot-connect':
      return {
        category: 'cannot-connect',
        reason: error.networkCode
          ? `cannot connect (${error.networkCode})`
          : 'cannot connect',
      };
    case 'timeout':
      return {
        category: 'timed-out',
        reason: `timed out after ${seconds(context.requestTimeoutMs)}`,
      };
    case 'redirect':
      return {
        category: 'http-error',
        reason: `Argo CD answered with a redirect to ${
          error.redirectHost ?? 'another location'
        }: is an SSO proxy in front of the API?`,
      };
    case 'bad-answer':
      if (error.answer === 'too-large')
        return {
          category: 'bad-answer',
          reason: `Argo CD's answer was larger than polling.maxAnswerMegabytes allows (does a proxy drop the list's fields projection?)`,
        };
      if (error.answer === 'html')
        return {
          category: 'bad-answer',
          reason: "an HTML page, not Argo CD's API (a login page?)",
        };
      return {
        category: 'bad-answer',
        reason: `Argo CD's answer could not be read (${badAnswerDetail(
          error,
        )})`,
      };
    case 'cancelled':
      return {
        category: 'poll-deadline',
        reason: `the poll did not finish within ${seconds(
          context.pollTimeoutMs,
        )}`,
      };
    default:
      return statusFailure(error.status);
  }
}

function badAnswerDetail(error: ArgoCdRequestError): string {
  if (error.answer === 'not-json') return 'not JSON';
  if (error.answer === 'no-token') return 'a login without a token';
  return 'cut short';
}

function statusFailure(status: number | undefined): PollFailure {
  if (status === 401)
    return {
      category: 'unauthorized',
      reason: '401 from Argo CD: the token or session was refused',
    };
  if (status === 403)
    return {
      category: 'forbidden',
      reason: '403 from Argo CD: permission denied',
    };
  if (status !== undefined && status >= 500)
    return { category: 'unavailable', reason: `${status} from Argo CD` };
  return {
    category: 'http-error',
    reason:
      status === undefined ? 'an error from Argo CD' : `${status} from Argo CD`,
  };
}
