import {
  imageSatisfies,
  tryParseImageReference,
} from '@argo-pulse/backstage-plugin-common';
import type {
  ArgoPulseApplicationOverview,
  ArgoPulseExpectation,
  ExpectationFailureReason,
} from '@argo-pulse/backstage-plugin-common';
import { DateTime } from 'luxon';
import { duration } from '../format';
import { shortImage } from '../ImageTag';
import type { StatusTone } from '../StatusText';
import { replacedBy } from './replacement';

/** An expectation's verdict as the page shows it now, decided from what runs now. */
export interface DisplayedExpectation {
  tone: StatusTone;
  /** One line: the expected versions and where they stand. */
  headline: string;
  /** A second line, when there is more to say. */
  detail?: string;
  /** Images that run instead of the expected ones, when a deployed version was replaced. */
  replacements?: string[];
  /** Whether it makes its application count as failing. */
  failing: boolean;
}

/** A failure reason in words a reader without Argo CD knowledge follows. */
const REASON_WORDS: Record<ExpectationFailureReason, string> = {
  timeout: 'not live before the deadline',
  'instance-unreachable': 'Argo CD could not be reached',
  'sync-failed': 'the sync failed',
  degraded: 'Degraded after the new image appeared',
  'app-not-found': 'no such application in Argo CD',
  'image-not-in-desired-state': 'Argo CD does not deploy this image',
  // A blue-green Rollout aborts too: not "the canary".
  'rollout-aborted': 'the rollout was aborted',
};

/** The image tags an expectation asks for, short: `payments-api:1.9.0`. */
export function expectedVersions(expectation: ArgoPulseExpectation): string {
  return expectation.images.map(shortImage).join(', ');
}

/** Whether every expected image runs (during a rollout, beside the old ones). */
function expectedImagesRun(
  expected: string[],
  app: ArgoPulseApplicationOverview,
): boolean {
  const running = app.images.flatMap(image => {
    const parsed = tryParseImageReference(image);
    return parsed ? [parsed] : [];
  });
  return expected.every(image => {
    const wanted = tryParseImageReference(image);
    return !wanted || running.some(r => imageSatisfies(wanted, r));
  });
}

function isLive(app: ArgoPulseApplicationOverview): boolean {
  return app.sync.status === 'Synced' && app.health.status === 'Healthy';
}

/** A deployment of the application finished after the expectation was decided. */
function deployedSince(
  app: ArgoPulseApplicationOverview,
  expectation: ArgoPulseExpectation,
): boolean {
  const decided = expectation.resolvedAt ?? expectation.createdAt;
  return Boolean(
    app.lastDeployedAt &&
      DateTime.fromISO(app.lastDeployedAt) > DateTime.fromISO(decided),
  );
}

function deployedIn(expectation: ArgoPulseExpectation): string {
  return expectation.durationSeconds === undefined
    ? ''
    : ` ${duration(expectation.durationSeconds)} after the post`;
}

function deployed(
  e: ArgoPulseExpectation,
  app: ArgoPulseApplicationOverview | undefined,
): DisplayedExpectation {
  const versions = expectedVersions(e);
  if (!app) {
    return {
      tone: 'ok',
      headline: `${versions}: deployed${deployedIn(e)}`,
      failing: false,
    };
  }
  const replacements = replacedBy(e.images, app.images);
  if (replacements) {
    return {
      tone: 'warning',
      headline: `${versions}: deployed, since replaced`,
      replacements,
      failing: false,
    };
  }
  if (!expectedImagesRun(e.images, app)) {
    // The expected repositories no longer run at all (renamed, removed from the manifests).
    return {
      tone: 'neutral',
      headline: `${versions}: deployed${deployedIn(e)}; no longer runs`,
      failing: false,
    };
  }
  if (isLive(app)) {
    return {
      tone: 'ok',
      headline: `${versions}: live, deployed${deployedIn(e)}`,
      failing: false,
    };
  }
  // The expected images run, but the application is not Synced and Healthy now: a new rollout, a
  // restart, a crash. The earlier verdict is history; what runs now is what the page says.
  const now = `${app.sync.status} and ${app.health.status}`;
  const unhealthy = ['Degraded', 'Missing'].includes(app.health.status);
  return {
    tone: unhealthy ? 'error' : 'running',
    headline: `${versions}: deployed${deployedIn(e)}, now ${now}`,
    failing: unhealthy,
  };
}

function failed(
  e: ArgoPulseExpectation,
  app: ArgoPulseApplicationOverview | undefined,
): DisplayedExpectation {
  const versions = expectedVersions(e);
  const why = e.reason ? REASON_WORDS[e.reason] ?? e.reason : 'failed';
  const headline = `${versions}: failed, ${why}`;
  // Recovered: the application is live again, on a later deployment or on the expected version
  // itself. The failure stays in the history; it no longer makes the application red.
  if (
    app &&
    isLive(app) &&
    (deployedSince(app, e) || expectedImagesRun(e.images, app))
  ) {
    return {
      tone: 'neutral',
      headline,
      detail: `since recovered: runs ${app.images
        .map(shortImage)
        .join(', ')}, Synced and Healthy`,
      failing: false,
    };
  }
  return { tone: 'error', headline, detail: e.message, failing: true };
}

/**
 * Where an expectation stands, as the page shows it: decided every time from
 * the application as it runs now (`application`), so that an old verdict does
 * not outlive what it spoke of. Without `application` (the portal's feed) the
 * verdict is told as it was reached. `asOf` is set when the instance stopped
 * answering: the verdict is then greyed and never counts as failing, since
 * it speaks of data that may no longer be true.
 */
export function displayedExpectation(options: {
  expectation: ArgoPulseExpectation;
  application?: ArgoPulseApplicationOverview;
  asOf?: string;
  now?: DateTime;
}): DisplayedExpectation {
  const { expectation: e, application: app } = options;
  const now = options.now ?? DateTime.now();
  const shown = decide(e, app, now);
  if (!options.asOf) return shown;
  return {
    ...shown,
    tone: 'stale',
    failing: false,
    detail: [shown.detail, `as of ${options.asOf}`].filter(Boolean).join('; '),
  };
}

function decide(
  e: ArgoPulseExpectation,
  app: ArgoPulseApplicationOverview | undefined,
  now: DateTime,
): DisplayedExpectation {
  const versions = expectedVersions(e);
  switch (e.state) {
    case 'pending': {
      const waited = now.diff(DateTime.fromISO(e.createdAt)).as('seconds');
      return {
        tone: 'pending',
        headline: `${versions}: pending for ${duration(waited)}`,
        detail: `waiting for: ${
          e.waitingFor?.length ? e.waitingFor.join('; ') : 'the next poll'
        }`,
        failing: false,
      };
    }
    case 'deployed':
      return deployed(e, app);
    case 'failed':
      return failed(e, app);
    default:
      return {
        tone: 'neutral',
        headline: `${versions}: ${e.state}`,
        detail: e.message,
        failing: false,
      };
  }
}
