import {
  ExpectationFailureReason,
  formatImageReference,
  ImageReference,
  imageRepositoryKey,
  imageSatisfies,
  parseImageReference,
  tryParseImageReference,
} from '@argo-pulse/backstage-plugin-common';
import { applicationKeyString } from '../database/ArgoPulseStore';
import type { ApplicationKey, ApplicationSnapshot } from '../database/types';
import {
  abortedRolloutOf,
  imagesCountedAsRunning,
  rolloutInProgress,
  rolloutWaitingFor,
} from './rolloutRules';
import type {
  ExpectationProgress,
  ExpectationRecord,
  TargetProgress,
} from './types';

/** The rules' knobs, from `argoPulse.expectations`. */
export interface EvaluationSettings {
  /** How long an application may stay Degraded after the new image appeared. */
  degradedGraceMs: number;
  /** How long a target application may be missing from Argo CD. */
  appMissingGraceMs: number;
  /** Whether Suspended counts as healthy (for apps that are scaled to zero on purpose). */
  acceptSuspended: boolean;
}

/** The evaluator's verdict. */
export type Evaluation =
  | {
      state: 'pending';
      progress: ExpectationProgress;
      waitingFor: string[];
      nextCheckAt: string;
    }
  | { state: 'deployed'; progress: ExpectationProgress }
  | {
      state: 'failed';
      reason: ExpectationFailureReason;
      message: string;
      progress: ExpectationProgress;
    };

type Failure = { reason: ExpectationFailureReason; message: string };

/** How one expected image stands in one application. */
interface ImageMatch {
  expected: ImageReference;
  /** Running images of the same repository, whatever their tag. */
  sameRepository: ImageReference[];
  satisfied: boolean;
  /** Other tags of the repository still running (a rollout not finished, or the wrong version). */
  others: ImageReference[];
}

/** What one target contributes to the verdict. */
interface TargetAssessment {
  progress: TargetProgress;
  failure?: Failure;
  waitingFor: string[];
  wakeUps: number[];
  /** Per expected image: whether its repository runs here at all. */
  runsRepository: boolean[];
  /** Settled at the expectation's revision: its desired state is known. */
  syncedAtRevision: boolean;
}

const OPERATION_IN_FLIGHT = new Set(['Running', 'Terminating']);
const OPERATION_FAILED = new Set(['Failed', 'Error']);

const label = (key: ApplicationKey) => `${key.instance}/${key.name}`;
const show = (images: ImageReference[]) =>
  images.map(formatImageReference).join(', ');

function matchImages(
  expected: ImageReference[],
  runningText: string[],
): ImageMatch[] {
  const running = runningText
    .map(tryParseImageReference)
    .filter((r): r is ImageReference => r !== undefined);
  return expected.map(image => {
    const sameRepository = running.filter(
      r => imageRepositoryKey(r) === imageRepositoryKey(image),
    );
    const others = sameRepository.filter(r => !imageSatisfies(image, r));
    return {
      expected: image,
      sameRepository,
      others,
      satisfied: sameRepository.length > others.length,
    };
  });
}

/**
 * Whether an operation came after the post: it is not the one seen when the
 * expectation was posted. Decided from Argo CD's own record of the operation,
 * never by comparing Argo CD's clock with Backstage's.
 */
function newSincePost(
  operationStartedAt: string | undefined,
  previous: TargetProgress,
): boolean {
  if (!previous.seenAtPost) return true;
  return (
    (operationStartedAt ?? null) !== previous.seenAtPost.operationStartedAt
  );
}

/** Whether a revision Argo CD reports is the posted one (a posted short SHA matches as a prefix). */
function isRevision(reported: string, posted: string): boolean {
  return (
    reported === posted || (posted.length >= 7 && reported.startsWith(posted))
  );
}

/**
 * Whether a revision Argo CD reports for an application is the posted one: for a
 * hydrated application (Argo CD's source hydrator), also when it is the hydrated
 * commit of the posted dry commit (CI's), as Argo CD's hydrations say.
 */
function isRevisionOf(
  app: ApplicationSnapshot,
  reported: string,
  posted: string,
): boolean {
  return (
    isRevision(reported, posted) ||
    (app.hydrations ?? []).some(
      h => h.hydratedSHA === reported && isRevision(h.drySHA, posted),
    )
  );
}

/**
 * Which commit an operation synced, against the posted revision: `same`,
 * `other` (the operation belongs to another commit: it neither fails nor
 * fulfils this expectation), or `unknown` (no revision posted, or Argo CD did
 * not say).
 */
function operationRevision(
  app: ApplicationSnapshot,
  op: NonNullable<ApplicationSnapshot['operation']>,
  revision: string | undefined,
): 'same' | 'other' | 'unknown' {
  if (!revision || !op.revisions?.length) return 'unknown';
  return op.revisions.some(r => isRevisionOf(app, r, revision))
    ? 'same'
    : 'other';
}

/** The commit CI made that a reported revision was hydrated from (Argo CD's source hydrator), else the revision itself. */
function dryRevisionOf(app: ApplicationSnapshot, reported: string): string {
  return (
    (app.hydrations ?? []).find(h => h.hydratedSHA === reported)?.drySHA ??
    reported
  );
}

const shortSha = (revision: string) =>
  /^[0-9a-f]{40}$/.test(revision) ? revision.slice(0, 7) : revision;

/**
 * Synced at the posted revision and settled (Healthy, no operation): only
 * then is what runs known to be the whole desired state. Right after a sync
 * the new pods may not exist yet (a Recreate strategy, a slow scheduler).
 */
function isSettledAt(
  app: ApplicationSnapshot,
  revision: string | undefined,
  settings: EvaluationSettings,
): boolean {
  if (
    !revision ||
    app.sync.status !== 'Synced' ||
    OPERATION_IN_FLIGHT.has(app.operation?.phase ?? '')
  )
    return false;
  if (!isHealthy(app, settings)) return false;
  return app.sync.revisions.some(r => isRevisionOf(app, r, revision));
}

function isHealthy(
  app: ApplicationSnapshot,
  settings: EvaluationSettings,
): boolean {
  // A paused canary is Suspended too, but it is not an application scaled to zero on purpose.
  return (
    app.health.status === 'Healthy' ||
    (settings.acceptSuspended &&
      app.health.status === 'Suspended' &&
      !rolloutInProgress(app))
  );
}

function assessMissing(
  key: ApplicationKey,
  previous: TargetProgress,
  now: Date,
  settings: EvaluationSettings,
  imageCount: number,
): TargetAssessment {
  const missingSince = previous.missingSince ?? now.toISOString();
  const until = Date.parse(missingSince) + settings.appMissingGraceMs;
  const base = {
    progress: { ...previous, missingSince },
    runsRepository: new Array(imageCount).fill(false),
    syncedAtRevision: false,
  };
  if (now.getTime() >= until) {
    return {
      ...base,
      waitingFor: [],
      wakeUps: [],
      failure: {
        reason: 'app-not-found',
        message: `${label(
          key,
        )} is not in Argo CD (missing since ${missingSince})`,
      },
    };
  }
  return {
    ...base,
    waitingFor: [`${label(key)}: not found in Argo CD`],
    wakeUps: [until],
  };
}

/**
 * One present target. `relevant` says whether it must land: it runs one of
 * the expected repositories, or no target does (a first deployment).
 */
function assessPresent(options: {
  key: ApplicationKey;
  app: ApplicationSnapshot;
  matches: ImageMatch[];
  relevant: boolean;
  previous: TargetProgress;
  expectation: Pick<ExpectationRecord, 'revision'>;
  expected: ImageReference[];
  now: Date;
  settings: EvaluationSettings;
}): TargetAssessment {
  const {
    key,
    app,
    matches,
    relevant,
    previous,
    expectation,
    expected,
    now,
    settings,
  } = options;
  const name = label(key);
  const runsAnyRepository = matches.some(m => m.sameRepository.length > 0);
  const progress: TargetProgress = {
    ...(previous.newImageSeenAt || matches.some(m => m.satisfied)
      ? { newImageSeenAt: previous.newImageSeenAt ?? now.toISOString() }
      : {}),
    ...(previous.required || runsAnyRepository ? { required: true } : {}),
    ...(previous.seenAtPost ? { seenAtPost: previous.seenAtPost } : {}),
  };
  const syncedAtRevision = isSettledAt(app, expectation.revision, settings);
  const result: TargetAssessment = {
    progress,
    waitingFor: [],
    wakeUps: [],
    runsRepository: matches.map(m => m.sameRepository.length > 0),
    syncedAtRevision,
  };
  if (!relevant) return result;

  const op = app.operation;
  if (op && OPERATION_FAILED.has(op.phase)) {
    // The posted commit's own sync failing counts whenever it happened; another commit's never does;
    // without a revision to tell, an operation after the post does.
    const belongs = operationRevision(app, op, expectation.revision);
    if (
      belongs === 'same' ||
      (belongs === 'unknown' && newSincePost(op.startedAt, previous))
    ) {
      return {
        ...result,
        failure: {
          reason: 'sync-failed',
          message: `${name}: sync ${
            op.phase === 'Error' ? 'errored' : 'failed'
          }: ${op.message ?? 'Argo CD gave no message'}`,
        },
      };
    }
    if (belongs === 'other' && newSincePost(op.startedAt, previous)) {
      result.waitingFor.push(
        `${name}: revision ${op
          .revisions!.map(r => shortSha(dryRevisionOf(app, r)))
          .join(', ')} failed to sync; waiting for ${shortSha(
          expectation.revision!,
        )}`,
      );
    }
  }
  const aborted = abortedRolloutOf(app, expected);
  if (aborted) {
    return {
      ...result,
      failure: {
        reason: 'rollout-aborted',
        message: `${name}: Rollout ${aborted.name} aborted the update to ${show(
          expected,
        )}${aborted.aborted?.message ? `: ${aborted.aborted.message}` : ''}`,
      },
    };
  }
  if (app.health.status === 'Degraded' && progress.newImageSeenAt) {
    const until =
      Date.parse(progress.newImageSeenAt) + settings.degradedGraceMs;
    if (now.getTime() >= until)
      return {
        ...result,
        failure: {
          reason: 'degraded',
          message: `${name} is Degraded since the new image appeared${whyUnhealthy(
            app,
          )}`,
        },
      };
    result.wakeUps.push(until);
  }
  const wrong = matches.find(m => m.sameRepository.length > 0 && !m.satisfied);
  if (syncedAtRevision && wrong) {
    return {
      ...result,
      failure: {
        reason: 'image-not-in-desired-state',
        message: `${name} synced revision ${
          expectation.revision
        } and runs ${show(wrong.others)}, not ${formatImageReference(
          wrong.expected,
        )}`,
      },
    };
  }

  const waiting = result.waitingFor;
  if (app.sync.status !== 'Synced')
    waiting.push(`${name}: sync status is ${app.sync.status}`);
  // Argo CD's health messages are detail: a waiting list is read by everyone who may read the expectation.
  const rollout = rolloutInProgress(app);
  if (rollout) waiting.push(`${name}: ${rolloutWaitingFor(rollout)}`);
  else if (!isHealthy(app, settings))
    waiting.push(`${name}: health is ${app.health.status}`);
  if (op && OPERATION_IN_FLIGHT.has(op.phase))
    waiting.push(`${name}: sync operation ${op.phase}`);
  if (progress.required && !runsAnyRepository)
    waiting.push(`${name}: runs none of the expected images yet`);
  for (const m of matches) {
    if (m.sameRepository.length === 0) continue;
    if (!m.satisfied)
      waiting.push(
        `${name}: runs ${show(m.others)}, not yet ${formatImageReference(
          m.expected,
        )}`,
      );
    else if (m.others.length)
      waiting.push(
        `${name}: ${show(m.others)} still running beside ${formatImageReference(
          m.expected,
        )}`,
      );
  }
  return result;
}

/**
 * Decides an expectation from the stored application snapshots: a pure
 * function of (expectation, snapshots, now), so every rule is tested by
 * table. `applications` holds the targets that exist, by
 * `applicationKeyString`; a target absent from it is missing in Argo CD.
 *
 * Deployed: every target that runs (or once ran, during this expectation)
 * an expected repository, or all targets when none does yet, is Synced,
 * Healthy and has no operation in flight,
 * and runs the expected tag (or digest) of each such repository and no
 * other tag of it (once an Argo Rollouts Rollout is complete, its stable
 * images are what runs); and every expected image runs somewhere. A Rollout
 * that aborts the update to an expected image fails it at once.
 */
export function evaluateExpectation(input: {
  expectation: Pick<
    ExpectationRecord,
    'createdAt' | 'deadlineAt' | 'images' | 'revision' | 'targets' | 'progress'
  >;
  applications: Map<string, ApplicationSnapshot>;
  /** Instances whose last refresh failed, by name: what is stored of them may be out of date. */
  unreachable?: Map<string, UnreachableInstance>;
  now: Date;
  settings: EvaluationSettings;
}): Evaluation {
  const { expectation, applications, now, settings } = input;
  const outages = unreachableTargets(expectation.targets, input.unreachable);
  const expected = expectation.images.map(image => parseImageReference(image));
  const present = expectation.targets.map(key => ({
    key,
    app: applications.get(applicationKeyString(key)),
  }));
  const matchesOf = new Map(
    present.map(({ key, app }) => [
      applicationKeyString(key),
      app ? matchImages(expected, imagesCountedAsRunning(app)) : [],
    ]),
  );
  const anyRunsRepository = [...matchesOf.values()].some(matches =>
    matches.some(m => m.sameRepository.length > 0),
  );

  const assessments = present.map(({ key, app }) => {
    const id = applicationKeyString(key);
    const previous = expectation.progress[id] ?? {};
    if (!app)
      return {
        id,
        ...assessMissing(key, previous, now, settings, expected.length),
      };
    const matches = matchesOf.get(id)!;
    const relevant =
      !anyRunsRepository ||
      previous.required === true ||
      matches.some(m => m.sameRepository.length > 0);
    return {
      id,
      ...assessPresent({
        key,
        app,
        matches,
        relevant,
        previous,
        expectation,
        expected,
        now,
        settings,
      }),
    };
  });
  const progress: ExpectationProgress = Object.fromEntries(
    assessments.map(a => [a.id, a.progress]),
  );

  const failure =
    assessments.find(a => a.failure)?.failure ??
    notInDesiredStateAnywhere(expected, assessments, expectation.revision);
  if (failure) return { state: 'failed', ...failure, progress };

  const waitingFor = [...outages, ...assessments.flatMap(a => a.waitingFor)];
  expected.forEach((image, i) => {
    if (!assessments.some(a => a.runsRepository[i]))
      waitingFor.push(
        `${formatImageReference(image)}: not running in ${
          present.length > 1 ? 'any of the applications' : label(present[0].key)
        }`,
      );
  });
  if (waitingFor.length === 0) return { state: 'deployed', progress };

  const deadline = Date.parse(expectation.deadlineAt);
  if (now.getTime() >= deadline) {
    // During an outage the stored state is old: the outage is the reason, not what was last seen.
    if (outages.length) {
      return {
        state: 'failed',
        reason: 'instance-unreachable',
        message: `Not deployed by the deadline while Argo CD could not be read: ${outages.join(
          '; ',
        )}`,
        progress,
      };
    }
    return {
      state: 'failed',
      reason: 'timeout',
      message: `Not deployed by the deadline; still waiting for: ${waitingFor.join(
        '; ',
      )}`,
      progress,
    };
  }
  const nextCheckAt = new Date(
    Math.min(deadline, ...assessments.flatMap(a => a.wakeUps)),
  ).toISOString();
  return { state: 'pending', progress, waitingFor, nextCheckAt };
}

/** An instance whose last refresh failed. */
export interface UnreachableInstance {
  /** When a refresh last succeeded, if ever. */
  lastSuccessAt?: string;
  /** Why the last refresh failed, as shown on the instance. */
  error: string;
}

/** "instance prod unreachable (last refreshed 2026-11-22T10:02:00.000Z): cannot connect", once per instance of the targets. */
function unreachableTargets(
  targets: ApplicationKey[],
  unreachable: Map<string, UnreachableInstance> | undefined,
): string[] {
  const instances = [...new Set(targets.map(t => t.instance))];
  return instances.flatMap(name => {
    const outage = unreachable?.get(name);
    if (!outage) return [];
    return [
      `instance ${name} unreachable (last refreshed ${
        outage.lastSuccessAt ?? 'never'
      }): ${outage.error}`,
    ];
  });
}

/**
 * With a revision given, an image whose repository runs nowhere is known to
 * be missing from the desired state once every target synced that revision.
 */
function notInDesiredStateAnywhere(
  expected: ImageReference[],
  assessments: TargetAssessment[],
  revision: string | undefined,
): Failure | undefined {
  if (!revision || !assessments.every(a => a.syncedAtRevision))
    return undefined;
  const absent = expected.filter(
    (_, i) => !assessments.some(a => a.runsRepository[i]),
  );
  if (absent.length === 0) return undefined;
  return {
    reason: 'image-not-in-desired-state',
    message: `Revision ${revision} is synced, and ${show(absent)} ${
      absent.length > 1 ? 'are' : 'is'
    } not part of it`,
  };
}

/**
 * Two evaluations of one expectation can race (a poll on one replica, a
 * timer on another, each from its own snapshot). Their progress merges so
 * nothing learnt is lost: the earliest time an image appeared, a target
 * once required stays required. Presence is the newer evaluation's word.
 */
export function mergeProgress(
  stored: ExpectationProgress,
  update: ExpectationProgress,
): ExpectationProgress {
  const earliest = (a?: string, b?: string) => {
    if (!a || !b) return undefined;
    return a < b ? a : b;
  };
  return Object.fromEntries(
    Object.entries(update).map(([key, next]) => {
      const before = stored[key] ?? {};
      const merged: TargetProgress = {
        ...next,
        ...(before.newImageSeenAt || next.newImageSeenAt
          ? {
              newImageSeenAt:
                earliest(before.newImageSeenAt, next.newImageSeenAt) ??
                before.newImageSeenAt ??
                next.newImageSeenAt,
            }
          : {}),
        ...(before.required || next.required ? { required: true } : {}),
        ...(next.missingSince
          ? {
              missingSince:
                earliest(before.missingSince, next.missingSince) ??
                next.missingSince,
            }
          : {}),
        // What was seen at the post never changes once recorded.
        ...(before.seenAtPost || next.seenAtPost
          ? { seenAtPost: before.seenAtPost ?? next.seenAtPost }
          : {}),
      };
      return [key, merged];
    }),
  );
}

/** Why an application is unhealthy, from the resource that says (a failing pod first), else Argo CD's health message. */
function whyUnhealthy(app: ApplicationSnapshot): string {
  const r = app.unhealthyResource;
  if (r) {
    const what = [r.reason, r.message].filter(Boolean).join(': ');
    return `: ${r.kind} ${r.name} is ${r.status}${what ? ` (${what})` : ''}`;
  }
  return app.health.message ? `: ${app.health.message}` : '';
}
