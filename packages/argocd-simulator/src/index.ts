/**
 * A faithful stand-in for the Argo CD REST API, for tests, the demo and
 * benchmarks. See the package README.
 */
export { startSimulator, createSimulatorApp } from './server';
export type { SimulatorOptions, RunningSimulator } from './server';
export {
  SimulatedInstance,
  UnknownApplicationError,
} from './SimulatedInstance';
export { loadScenarioFile, parseScenario } from './scenario/loadScenario';
export type {
  Scenario,
  ScenarioInput,
  ScenarioApplicationInput,
} from './scenario/scenarioSchema';
export { rolloutRequestSchema } from './model/rolloutRequest';
export type { RolloutRequest, RolloutStatus } from './model/rolloutRequest';
export { DEFAULT_PHASE_DURATIONS } from './model/lifecycle';
export type { RolloutOutcome, PhaseDurations } from './model/lifecycle';
export { RolloutConflictError } from './model/argoRollouts/rolloutSummary';
export type { ArgoRolloutSummary } from './model/argoRollouts/rolloutSummary';
export type { AnalysisOutcome } from './model/argoRollouts/rolloutLifecycle';
export type { FaultSettings, FaultSettingsInput } from './api/Faults';
export type {
  RequestCountSnapshot,
  EndpointCount,
} from './api/RequestCounters';
export type {
  CallFilter,
  CallLog,
  RecordedCall,
  WriteOperation,
} from './api/CallLog';
