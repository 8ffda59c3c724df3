/**
 * The Argo Pulse CLI: what CI runs to post expected versions and wait for
 * the verdict. The `argo-pulse` executable calls `runFromCommandLine`.
 *
 * @packageDocumentation
 */
export { run } from './main';
export type { Io } from './main';
export { EXIT } from './exitCodes';
export { runFromCommandLine } from './runFromCommandLine';
