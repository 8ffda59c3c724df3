import express from 'express';
import type { AddressInfo } from 'node:net';
import { createServer, Server } from 'node:http';
import { sendArgoError } from './api/argoErrors';
import { applicationRoutes } from './api/applicationRoutes';
import { applicationSetRoutes } from './api/applicationSetRoutes';
import { authenticate } from './api/authenticate';
import { operationRoutes } from './api/operationRoutes';
import { resourceRoutes } from './api/resourceRoutes';
import { sessionRoutes } from './api/sessionRoutes';
import { streamRoutes } from './api/streamRoutes';
import { controlRoutes } from './control/controlRoutes';
import { DEFAULT_PHASE_DURATIONS, PhaseDurations } from './model/lifecycle';
import { parseScenario } from './scenario/loadScenario';
import type { Scenario, ScenarioInput } from './scenario/scenarioSchema';
import { SimulatedInstance } from './SimulatedInstance';
import { ArgoCdErrorCode } from '@argo-pulse/backstage-plugin-common';

/** How to start a simulator. */
export interface SimulatorOptions {
  /** The scenario: instances, projects, applications. */
  scenario: Scenario | ScenarioInput;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Default phase durations of rollouts. */
  phaseDurations?: Partial<PhaseDurations>;
  /** Keepalive interval of SSE streams (Argo CD: 15 s). */
  keepaliveMs?: number;
  /** Delay before answering a failed login (Argo CD: 0.5–1 s). */
  loginFailureDelayMs?: number;
  /** The clock, for tests. */
  now?: () => Date;
}

/** A running simulator. */
export interface RunningSimulator {
  /** e.g. `http://127.0.0.1:8081` */
  url: string;
  port: number;
  /** The base URL an Argo CD client uses for an instance (what app-config's `url` points at). */
  instanceUrl(name: string): string;
  /** The instance itself, to drive it in-process. */
  instance(name: string): SimulatedInstance;
  instances: Map<string, SimulatedInstance>;
  close(): Promise<void>;
}

/** Builds the express app: `/instances/<name>/api/v1/...` per instance, and `/control`. */
export function createSimulatorApp(
  instances: Map<string, SimulatedInstance>,
  options: { keepaliveMs: number; loginFailureDelayMs: number },
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use('/control', controlRoutes(instances));
  for (const instance of instances.values()) {
    const router = express.Router();
    router.use(instance.counters.middleware());
    router.use(instance.faults.middleware());
    router.use(sessionRoutes(instance.sessions, options));
    router.use('/api', authenticate(instance.sessions));
    router.use(applicationRoutes(instance));
    router.use(applicationSetRoutes(instance));
    router.use(resourceRoutes(instance));
    router.use(operationRoutes(instance));
    router.use(streamRoutes(instance, options));
    router.use('/api', (_req, res) =>
      sendArgoError(res, ArgoCdErrorCode.NotFound, 'Not Found'),
    );
    app.use(`/instances/${instance.name}`, router);
  }
  return app;
}

/** Starts a simulator with the given scenario. */
export async function startSimulator(
  options: SimulatorOptions,
): Promise<RunningSimulator> {
  const scenario = parseScenario(options.scenario);
  const now = options.now ?? (() => new Date());
  const phaseDurations = {
    ...DEFAULT_PHASE_DURATIONS,
    ...options.phaseDurations,
  };
  const instances = new Map(
    scenario.instances.map(
      s => [s.name, new SimulatedInstance(s, { now, phaseDurations })] as const,
    ),
  );
  const app = createSimulatorApp(instances, {
    keepaliveMs: options.keepaliveMs ?? 15_000,
    loginFailureDelayMs: options.loginFailureDelayMs ?? 500,
  });
  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () =>
      resolve(),
    );
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    port,
    instances,
    instanceUrl: name => `${url}/instances/${name}`,
    instance: name => {
      const instance = instances.get(name);
      if (!instance) throw new Error(`no instance "${name}"`);
      return instance;
    },
    close: async () => {
      for (const instance of instances.values()) instance.stop();
      // Hung requests and open streams would otherwise keep the server alive.
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
