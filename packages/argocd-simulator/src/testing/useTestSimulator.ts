import type { ScenarioInput } from '../scenario/scenarioSchema';
import type { RunningSimulator, SimulatorOptions } from '../server';
import {
  argoFetch,
  control,
  startTestSimulator,
  TEST_USER,
} from './testSimulator';

/**
 * One simulator for a test file: started before its tests, closed after them. The calls it
 * answers reach that simulator without naming it; they work only while the tests run.
 */
export function useTestSimulator(
  scenario: ScenarioInput,
  options: Omit<SimulatorOptions, 'scenario'> = {},
) {
  let running: RunningSimulator | undefined;
  beforeAll(async () => {
    running = await startTestSimulator(scenario, options);
  });
  afterAll(() => running?.close());

  const simulator = (): RunningSimulator => {
    if (!running) throw new Error('The test simulator starts in beforeAll');
    return running;
  };
  return {
    simulator,
    /** The Argo CD API of one instance, with the test token unless told otherwise. */
    argo: (
      instance: string,
      path: string,
      init?: Parameters<typeof argoFetch>[3],
    ) => argoFetch(simulator(), instance, path, init),
    /** POST /api/v1/session of one instance: a login, with the test user unless told otherwise. */
    login: (instance: string, credentials: unknown = TEST_USER) =>
      argoFetch(simulator(), instance, '/api/v1/session', {
        method: 'POST',
        token: null,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(credentials),
      }),
    /** The control API. */
    control: (method: string, path: string, body?: unknown) =>
      control(simulator(), method, path, body),
  };
}
