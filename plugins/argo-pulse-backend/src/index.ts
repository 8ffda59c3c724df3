/**
 * Argo Pulse backend plugin: Argo CD in the Backstage developer portal.
 *
 * @packageDocumentation
 */
export { argoPulsePlugin as default } from './plugin';
export { argoPulseModuleFailureNotifications } from './modules/failureNotificationsModule';
export { argoPulseModuleScaffolderActions } from './scaffolder/module';
export { EXPECTATION_EVENT_TOPIC } from './expectations/ExpectationService';
export { DEPLOYMENT_EVENT_TOPIC } from './history/DegradedAnnouncer';
export {
  detailTaskId,
  ENTITY_INDEX_TASK_ID,
  EXPECTATION_SWEEP_TASK_ID,
  pollTaskId,
  PRUNE_HISTORY_TASK_ID,
  SETTLE_DEPLOYMENTS_TASK_ID,
} from './tasks/taskIds';
