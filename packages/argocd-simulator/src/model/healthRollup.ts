/**
 * Argo CD's order of health, best to worst (gitops-engine pkg/health `healthOrder`):
 * an application is as healthy as its least healthy resource (controller/health.go
 * `setApplicationHealth`), so a Suspended Rollout beside Healthy Services is a
 * Suspended application, and a Progressing resource outweighs a Suspended one.
 */
const HEALTH_ORDER = [
  'Healthy',
  'Suspended',
  'Progressing',
  'Missing',
  'Degraded',
  'Unknown',
];

/** Whether `candidate` is worse than `current` (gitops-engine `health.IsWorse`). */
export function isWorseHealth(current: string, candidate: string): boolean {
  const rank = (status: string) => Math.max(0, HEALTH_ORDER.indexOf(status));
  return rank(candidate) > rank(current);
}

/** The application's health from its resources' (Healthy when there are none). */
export function worstHealth(statuses: string[]): string {
  return statuses.reduce(
    (worst, status) => (isWorseHealth(worst, status) ? status : worst),
    'Healthy',
  );
}
