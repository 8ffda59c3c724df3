/**
 * Argo Pulse backend plugin: Argo CD in the Backstage developer portal.
 *
 * @packageDocumentation
 */
export { argoPulsePlugin as default } from './plugin';
export { pollTaskId, PRUNE_HISTORY_TASK_ID } from './polling/schedulePolling';
