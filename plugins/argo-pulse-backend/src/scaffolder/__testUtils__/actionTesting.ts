// What the scaffolder actions' tests share: an HTTP client aimed at the test backend, a step's
// context as the scaffolder builds one, and a clock whose sleeps return at once. Tests only.
import type {
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { JsonObject } from '@backstage/types';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ArgoPulseClient } from '../ArgoPulseClient';
import type { ActionClock } from '../clock';

/** The user the test policy refuses everything. */
export const UNPERMITTED_USER = 'user:default/mallory';

const decideFor = (credentials: BackstageCredentials) => {
  const principal = credentials.principal as { userEntityRef?: string };
  return {
    result:
      principal.userEntityRef === UNPERMITTED_USER
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
  };
};

/** A policy that allows everything to everyone but {@link UNPERMITTED_USER}. */
export const permissions = mockServices.permissions.mock({
  authorize: async (
    requests: unknown[],
    { credentials }: { credentials: BackstageCredentials },
  ) => requests.map(() => decideFor(credentials)),
  authorizeConditional: async (
    requests: unknown[],
    { credentials }: { credentials: BackstageCredentials },
  ) => requests.map(() => decideFor(credentials)) as never,
});

/**
 * The client the scaffolder module would make, aimed at the test backend's
 * Argo Pulse: discovery answers its real port, and the mock auth service
 * issues the mock tokens the test backend accepts, on behalf of the step's user.
 */
export function clientOf(harness: {
  backend: { server: Pick<Server, 'address'> };
}): ArgoPulseClient {
  const baseUrl = async () =>
    `http://localhost:${
      (harness.backend.server.address() as AddressInfo).port
    }/api/argo-pulse`;
  const discovery: DiscoveryService = {
    getBaseUrl: baseUrl,
    getExternalBaseUrl: baseUrl,
  };
  return new ArgoPulseClient({ discovery, auth: mockServices.auth() });
}

/**
 * A clock whose sleeps return at once, moving its time on; `onSleep` runs
 * in each (numbered from 1), where a test makes the world change between
 * two looks. A sleep whose signal is aborted rejects, as a real one does.
 */
export function fakeClock(
  onSleep: (sleep: number) => Promise<void> | void = () => {},
) {
  let now = Date.parse('2030-01-01T00:00:00Z');
  const slept: number[] = [];
  const clock: ActionClock = {
    now: () => now,
    sleep: async (ms, signal) => {
      slept.push(ms);
      now += ms;
      await onSleep(slept.length);
      if (signal?.aborted) throw signal.reason;
    },
  };
  return { clock, slept };
}

/**
 * Runs a template action as one step of a task, with Backstage's mock
 * context: the task and step ids (a new task by default), the user the
 * task runs for, and the task's cancellation signal. Answers the step's
 * outputs, its log and, when the step failed, its error.
 */
export async function runStep(
  action: TemplateAction<any, any, any>,
  input: JsonObject,
  options: {
    taskId?: string;
    stepId?: string;
    user?: string;
    signal?: AbortSignal;
  } = {},
) {
  const logger = mockServices.logger.mock();
  const ctx = {
    ...createMockActionContext({
      input,
      logger,
      task: { id: options.taskId ?? randomUUID() },
      // The actions write no files; without a path, each context makes a directory and a process hook.
      workspacePath: tmpdir(),
    }),
    step: { id: options.stepId ?? 'step', name: 'A step' },
    getInitiatorCredentials: async () =>
      mockCredentials.user(options.user ?? 'user:default/alice'),
    signal: options.signal,
  };
  const outputs: Record<string, unknown> = {};
  ctx.output = (name: string, value: unknown) => {
    outputs[name] = value;
  };
  const logged = (level: 'info' | 'warn') =>
    logger[level].mock.calls.map(([message]: [string]) => message);
  let error: Error | undefined;
  try {
    await action.handler(ctx);
  } catch (thrown) {
    error = thrown as Error;
  }
  return { outputs, info: logged('info'), warn: logged('warn'), error };
}
