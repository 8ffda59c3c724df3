/**
 * The ids of the plugin's scheduler tasks, in one place. They are stable, so
 * that `SchedulerService.triggerTask` can name a task to run it now.
 */

/**
 * The id of the scheduler task that polls one Argo CD instance.
 *
 * @param instance - The instance's name in the `argoPulse.instances` configuration.
 * @public
 */
export function pollTaskId(instance: string): string {
  return `argo-pulse-poll-${instance}`;
}

/**
 * The id of the scheduler task that reads the detail of one instance's
 * changed applications (resource trees, commit metadata) after the overview.
 *
 * @param instance - The instance's name in the `argoPulse.instances` configuration.
 * @public
 */
export function detailTaskId(instance: string): string {
  return `argo-pulse-detail-${instance}`;
}

/**
 * The id of the hourly scheduler task that deletes deployments and resolved
 * expectations older than the configured history retention.
 *
 * @public
 */
export const PRUNE_HISTORY_TASK_ID = 'argo-pulse-prune-history';

/**
 * The id of the scheduler task that evaluates every pending expectation once a
 * minute on each backend replica, as a safety net behind the evaluation after
 * each poll.
 *
 * @public
 */
export const EXPECTATION_SWEEP_TASK_ID = 'argo-pulse-expectation-sweep';

/**
 * The id of the scheduler task that rebuilds the entity index from the catalog.
 *
 * @public
 */
export const ENTITY_INDEX_TASK_ID = 'argo-pulse-entity-index';

/**
 * The id of the scheduler task that settles, every 15 seconds, deployments still
 * progressing after the degraded grace or `argoPulse.history.settleTimeout`,
 * on one replica at a time.
 *
 * @public
 */
export const SETTLE_DEPLOYMENTS_TASK_ID = 'argo-pulse-settle-deployments';
