import { mockServices } from '@backstage/backend-test-utils';
import type { RunningSimulator } from '@argo-pulse/argocd-simulator';
import {
  startTestSimulator,
  TEST_TOKEN,
  testInstance,
} from '@argo-pulse/argocd-simulator/testing';
import { ArgoCdClient } from '../argocd/ArgoCdClient';
import { DatabaseArgoPulseStore } from '../database/DatabaseArgoPulseStore';
import { createArgoPulseMetrics } from '../metrics/argoPulseMetrics';
import { DetailReader } from '../polling/DetailReader';
import { InstancePoller } from '../polling/InstancePoller';
import { startedForEachTest } from './aroundTests';
import type { TestDatabase } from './eachDatabase';

// Tests of the polling parts against one simulated Argo CD instance, `prod`:
// imported as a namespace, `prod.client(simulator)`.

type ClientOptions = ConstructorParameters<typeof ArgoCdClient>[0];
type PollerOptions = ConstructorParameters<typeof InstancePoller>[0];

/** A simulator of the one instance `prod` with these applications, new for each test. */
export function simulatorForEachTest(
  applications: Parameters<typeof testInstance>[1] = [],
  options?: Parameters<typeof startTestSimulator>[1],
): RunningSimulator {
  return startedForEachTest(
    () =>
      startTestSimulator(
        { instances: [testInstance('prod', applications)] },
        options,
      ),
    simulator => simulator.close(),
  );
}

/** A client of the simulator's instance `prod`, with the test token. */
export function client(
  simulator: RunningSimulator,
  options: Partial<Omit<ClientOptions, 'instance'>> = {},
): ArgoCdClient {
  return new ArgoCdClient({
    instance: {
      name: 'prod',
      url: simulator.instanceUrl('prod'),
      frontendUrl: '',
      credentials: { kind: 'token', token: TEST_TOKEN },
    },
    ...options,
    logger: options.logger ?? mockServices.logger.mock(),
    requestTimeoutMs: options.requestTimeoutMs ?? 5000,
  });
}

/** A poller with metrics of its own, and 10 s for a poll unless told otherwise. */
export function poller(
  options: Omit<PollerOptions, 'logger' | 'metrics' | 'timeoutMs'> &
    Partial<PollerOptions>,
): InstancePoller {
  return new InstancePoller({
    ...options,
    logger: options.logger ?? mockServices.logger.mock(),
    metrics: options.metrics ?? createArgoPulseMetrics(),
    timeoutMs: options.timeoutMs ?? 10_000,
  });
}

/** The requests `prod` received at `endpoint` since its counters were last reset. */
export function requestCount(
  simulator: RunningSimulator,
  endpoint: string,
): number {
  return (
    simulator.instance('prod').counters.snapshot().endpoints[endpoint]
      ?.requests ?? 0
  );
}

/**
 * A backend's polling of `prod` on a new database: its store, and a poll that
 * reads the overview and then the detail it left pending, as the scheduler runs them.
 */
export async function backend(
  database: TestDatabase,
  simulator: RunningSimulator,
) {
  const store = await DatabaseArgoPulseStore.create({
    database: await database.service(),
  });
  const argoCd = client(simulator);
  const overview = poller({ client: argoCd, store });
  const detail = new DetailReader({
    client: argoCd,
    store,
    logger: mockServices.logger.mock(),
  });
  return {
    store,
    poll: async () => {
      await overview.poll();
      await detail.readPending();
    },
  };
}
