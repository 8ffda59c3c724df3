/**
 * Test helpers shared by this repository's packages: the databases every
 * store test runs on, and a real backend with the plugin and the simulator.
 * Private: never published, never imported by runtime code.
 *
 * @packageDocumentation
 */
export { createTestDatabases } from './testDatabases';
export {
  POSTGRES_TEST_VARIABLE,
  postgresConnectionString,
  startEmbeddedPostgres,
} from './embeddedPostgres';
export type { RunningPostgres } from './embeddedPostgres';
export { startPluginWithSimulator } from './startPluginWithSimulator';
/** To add an application to the simulator of startPluginWithSimulator while a test runs. */
export { gitApp } from '@argo-pulse/argocd-simulator/testing';
export { eventually, freePort, waitFor } from './waitFor';
export { startRecordingHost, type RecordedRequest } from './recordingHost';
export { ownerPolicy } from './ownerPolicy';
