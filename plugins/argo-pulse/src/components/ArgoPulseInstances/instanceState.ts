import type { ArgoPulseInstanceStatus } from '@argo-pulse/backstage-plugin-common';

/** How an instance is doing, in one word for its status chip. */
export type InstanceState =
  | 'reachable'
  | 'unreachable'
  | 'stale'
  | 'not polled yet';

/**
 * Reachable when its last poll worked and data is fresh; unreachable when
 * its last poll failed; stale when it worked but too long ago (polling
 * stopped, or another replica that polls it is down); not polled yet when
 * Argo Pulse has never read it.
 */
export function instanceState(
  instance: ArgoPulseInstanceStatus,
): InstanceState {
  if (instance.error) return 'unreachable';
  if (!instance.lastSuccessAt) return 'not polled yet';
  return instance.stale ? 'stale' : 'reachable';
}

/** Unreachable first, then stale, then the rest, each by name: what needs attention on top. */
export function byAttention(
  a: ArgoPulseInstanceStatus,
  b: ArgoPulseInstanceStatus,
): number {
  const rank = (i: ArgoPulseInstanceStatus) =>
    ['unreachable', 'stale', 'not polled yet', 'reachable'].indexOf(
      instanceState(i),
    );
  return rank(a) - rank(b) || a.instance.localeCompare(b.instance);
}
