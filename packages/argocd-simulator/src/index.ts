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
export {
  rolloutRequestSchema,
  DEFAULT_PHASE_DURATIONS,
} from './model/RolloutController';
export type {
  RolloutRequest,
  RolloutStatus,
  RolloutOutcome,
  PhaseDurations,
} from './model/RolloutController';
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
