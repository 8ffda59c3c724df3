import { isRolloutComplete } from '@argo-pulse/backstage-plugin-common';
import type {
  ArgoPulseApplicationOverview,
  ArgoPulseRollout,
} from '@argo-pulse/backstage-plugin-common';
import { DateTime } from 'luxon';
import { ago } from '../format';
import type { StatusTone } from '../StatusText';

/** The Rollouts still under way (or aborted): a complete one says nothing beyond the application's health. */
export function rolloutsUnderWay(app: {
  rollouts?: ArgoPulseRollout[];
}): ArgoPulseRollout[] {
  return (app.rollouts ?? []).filter(r => !isRolloutComplete(r));
}

/**
 * The colour of a Rollout's state: red when aborted or Degraded (traffic is
 * back on the old version, or it cannot go on), orange when an inconclusive
 * analysis waits for a person, yellow while it waits (a pause), blue while
 * it moves.
 */
export function rolloutTone(rollout: ArgoPulseRollout): StatusTone {
  if (rollout.aborted || rollout.phase === 'Degraded') return 'error';
  if (rollout.paused?.kind === 'inconclusive-analysis') return 'warning';
  if (rollout.paused) return 'pending';
  if (isRolloutComplete(rollout)) return 'ok';
  return 'running';
}

/** Argo Rollouts' abort messages the application's row shows (see {@link rolloutsUnderWay}). */
export function rolloutMessagesShown(
  app: Pick<ArgoPulseApplicationOverview, 'rollouts'>,
): string[] {
  return rolloutsUnderWay(app)
    .map(r => r.aborted?.message)
    .filter((text): text is string => Boolean(text));
}

/**
 * The images a Rollout changes, each side without the images both share:
 * a sidecar that stays the same would otherwise be read twice.
 */
export function changedImages(rollout: ArgoPulseRollout): {
  from: string[];
  to: string[];
} {
  const stable = new Set(rollout.stableImages);
  const update = new Set(rollout.updateImages);
  return {
    from: rollout.stableImages.filter(image => !update.has(image)),
    to: rollout.updateImages.filter(image => !stable.has(image)),
  };
}

/** "resumes in 3 minutes"; once that time has passed, "resuming" (the next read shows it moving). */
export function resumes(until: string, now: DateTime = DateTime.now()): string {
  return DateTime.fromISO(until) > now
    ? `resumes ${ago(until, now)}`
    : 'resuming';
}
