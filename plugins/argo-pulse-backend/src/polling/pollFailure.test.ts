import {
  ArgoCdRequestError,
  ArgoCdRequestErrorOptions,
} from '../argocd/ArgoCdRequestError';
import { describePollFailure } from './pollFailure';

const context = {
  deadlineHit: false,
  pollTimeoutMs: 60_000,
  requestTimeoutMs: 10_000,
  storedBeforeDeadline: 0,
};
const requestError = (
  options: Partial<ArgoCdRequestErrorOptions> &
    Pick<ArgoCdRequestErrorOptions, 'kind' | 'message'>,
) =>
  new ArgoCdRequestError({
    instance: 'prod',
    endpoint: 'GET /api/v1/applications',
    retryable: false,
    ...options,
  });

describe('describePollFailure', () => {
  it.each([
    [
      requestError({
        kind: 'cannot-connect',
        message: 'cannot connect (ECONNREFUSED)',
        networkCode: 'ECONNREFUSED',
      }),
      'cannot-connect',
      'cannot connect (ECONNREFUSED)',
    ],
    [
      requestError({
        kind: 'cannot-connect',
        message:
          'cannot connect (Headers.append: "Bearer abc\ndef" is an invalid header value.)',
      }),
      'cannot-connect',
      'cannot connect',
    ],
    [
      requestError({ kind: 'timeout', message: 'no answer within 10000 ms' }),
      'timed-out',
      'timed out after 10 s',
    ],
    [
      requestError({
        kind: 'status',
        message: '401 invalid session: token is expired',
        status: 401,
      }),
      'unauthorized',
      '401 from Argo CD: the token or session was refused',
    ],
    [
      requestError({
        kind: 'status',
        message: '403 permission denied',
        status: 403,
      }),
      'forbidden',
      '403 from Argo CD: permission denied',
    ],
    [
      requestError({ kind: 'status', message: '404 not found', status: 404 }),
      'http-error',
      '404 from Argo CD',
    ],
    [
      requestError({ kind: 'status', message: '502 Bad Gateway', status: 502 }),
      'unavailable',
      '502 from Argo CD',
    ],
    [
      requestError({
        kind: 'bad-answer',
        answer: 'not-json',
        message: 'answered 200 with a body that is not JSON',
        status: 200,
      }),
      'bad-answer',
      "Argo CD's answer could not be read (not JSON)",
    ],
    [
      requestError({
        kind: 'bad-answer',
        answer: 'too-large',
        message:
          'answered 58 MB, more than the 20 MB read (polling.maxAnswerMegabytes)',
        status: 200,
      }),
      'bad-answer',
      "Argo CD's answer was larger than polling.maxAnswerMegabytes allows (does a proxy drop the list's fields projection?)",
    ],
    [
      requestError({
        kind: 'bad-answer',
        answer: 'html',
        message: "answered 200 with an HTML page, not Argo CD's API",
        status: 200,
      }),
      'bad-answer',
      "an HTML page, not Argo CD's API (a login page?)",
    ],
    [
      requestError({
        kind: 'redirect',
        redirectHost: 'sso.example.com',
        message: 'answered 307 with a redirect to sso.example.com',
        status: 307,
      }),
      'http-error',
      'Argo CD answered with a redirect to sso.example.com: is an SSO proxy in front of the API?',
    ],
    [
      requestError({
        kind: 'bad-answer',
        message: 'the answer broke off (UND_ERR_SOCKET)',
        status: 200,
      }),
      'bad-answer',
      "Argo CD's answer could not be read (cut short)",
    ],
    [
      requestError({
        kind: 'cancelled',
        message: 'cancelled: the poll ran out of time',
      }),
      'poll-deadline',
      'the poll did not finish within 60 s',
    ],
    [
      new Error(
        'insert into "argo_pulse_applications" … invalid byte sequence for encoding "UTF8": 0x00',
      ),
      'internal',
      'Argo Pulse could not store what it read; the backend log has the cause',
    ],
  ])('%s is %s: "%s"', (error, category, reason) => {
    expect(describePollFailure(error, context)).toEqual({ category, reason });
  });

  it('says how much a poll stored before its deadline, whatever error the deadline caused', () => {
    const failure = describePollFailure(new Error('aborted'), {
      ...context,
      deadlineHit: true,
      pollTimeoutMs: 1500,
      storedBeforeDeadline: 200,
    });
    expect(failure).toEqual({
      category: 'poll-deadline',
      reason:
        'the poll did not finish within 1.5 s (200 changed applications stored; the next poll goes on from there)',
    });
  });
});
