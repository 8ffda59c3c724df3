import type { ArgoPulseExpectation } from '@argo-pulse/backstage-plugin-common';

/** What the expectation is about: its entity, else its one application. */
function subject(expectation: ArgoPulseExpectation): string {
  if (expectation.entityRef) return expectation.entityRef;
  const [app] = expectation.applications;
  return app ? `${app.instance}/${app.name}` : 'the application';
}

/** A line of the step's log while the expectation is pending: what it still waits for. */
export function pendingWords(expectation: ArgoPulseExpectation): string {
  const missing = expectation.waitingFor?.length
    ? expectation.waitingFor.join('; ')
    : 'the next poll of Argo CD';
  return `${subject(expectation)}: waiting for ${missing}`;
}

/**
 * The verdict in one sentence, for the step's log or its error: the state,
 * the reason and Argo Pulse's message (Argo CD's own words when the user
 * may read them).
 */
export function verdictWords(expectation: ArgoPulseExpectation): string {
  const images = expectation.images.join(', ');
  if (expectation.state === 'deployed') {
    const after =
      expectation.durationSeconds !== undefined
        ? ` ${expectation.durationSeconds} s after the post`
        : '';
    return `${subject(expectation)}: ${images} deployed${after}`;
  }
  const reason = expectation.reason ? ` (${expectation.reason})` : '';
  const message = expectation.message ? `: ${expectation.message}` : '';
  return `${subject(expectation)}: ${images} ${
    expectation.state
  }${reason}${message}`;
}
