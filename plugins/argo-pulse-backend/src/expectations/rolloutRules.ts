import {
  ArgoPulseRollout,
  describeRollout,
  ImageReference,
  imageRepositoryKey,
  imageSatisfies,
  isRolloutComplete,
  tryParseImageReference,
} from '@argo-pulse/backstage-plugin-common';
import type { ApplicationSnapshot } from '../database/types';
import { movingRollout } from '../rollouts/rolloutState';

const parse = (images: string[]) =>
  images
    .map(tryParseImageReference)
    .filter((r): r is ImageReference => r !== undefined);

/**
 * A Rollout of the application that aborted the update to one of the
 * expected images (its update images are the expected ones): the
 * expectation fails at once, with Argo Rollouts' reason. An abort of another
 * version does not count: a new template starts a new update.
 */
export function abortedRolloutOf(
  app: ApplicationSnapshot,
  expected: ImageReference[],
): ArgoPulseRollout | undefined {
  return (app.rollouts ?? []).find(
    rollout =>
      rollout.aborted &&
      parse(rollout.updateImages).some(running =>
        expected.some(image => imageSatisfies(image, running)),
      ),
  );
}

/** A Rollout of the application still moving to its update (progressing, paused), if any. */
export function rolloutInProgress(
  app: ApplicationSnapshot,
): ArgoPulseRollout | undefined {
  return movingRollout(app.rollouts);
}

/** What an expectation waits for while a Rollout progresses: `canary 20 % (step 2 of 5), paused`. */
export function rolloutWaitingFor(rollout: ArgoPulseRollout): string {
  return `Rollout ${rollout.name}: ${
    describeRollout(rollout) ?? rollout.phase
  }`;
}

/**
 * The images that count as running for the expectation. Once a Rollout is
 * complete (its update is the stable version, and it is Healthy), the
 * repositories it runs count by its stable images: the old ReplicaSet's
 * pods that are still being scaled down (`scaleDownDelaySeconds`) are not
 * a version that runs.
 */
export function imagesCountedAsRunning(app: ApplicationSnapshot): string[] {
  const complete = (app.rollouts ?? []).filter(isRolloutComplete);
  if (complete.length === 0) return app.images;
  const stable = complete.flatMap(r => r.stableImages);
  const settled = new Set(parse(stable).map(imageRepositoryKey));
  const others = app.images.filter(image => {
    const parsed = tryParseImageReference(image);
    return !parsed || !settled.has(imageRepositoryKey(parsed));
  });
  return [...new Set([...others, ...stable])];
}
