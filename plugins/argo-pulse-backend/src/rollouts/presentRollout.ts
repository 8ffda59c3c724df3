import type { ArgoPulseRollout } from '@argo-pulse/backstage-plugin-common';

/**
 * A Rollout as the overview shows it. Its state (strategy, step, weight,
 * pause, abort) answers "is my version live?" like health does, so every
 * card reader sees it; its steps and Argo Rollouts' messages (which name
 * metrics, queries and thresholds) are detail, like Argo CD's health messages.
 */
export function overviewRollout(
  rollout: ArgoPulseRollout,
  withDetail: boolean,
): ArgoPulseRollout {
  if (withDetail) return rollout;
  const { steps: _steps, aborted, analysis, ...rest } = rollout;
  return {
    ...rest,
    ...(aborted ? { aborted: aborted.at ? { at: aborted.at } : {} } : {}),
    ...(analysis
      ? {
          analysis: {
            ...(analysis.name ? { name: analysis.name } : {}),
            status: analysis.status,
          },
        }
      : {}),
  };
}
