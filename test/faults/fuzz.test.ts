// Thousands of generated bad bodies against the real backend on SQLite and on PostgreSQL:
// each one is refused with a 4xx that carries a message, none is a 5xx, and nothing is stored.
import type { RunningSimulator } from '@argo-pulse/argocd-simulator';
import {
  gitApp,
  startTestSimulator,
  TEST_TOKEN,
  testInstance,
} from '@argo-pulse/argocd-simulator/testing';
import { waitFor } from '@argo-pulse/test-support';
import fc from 'fast-check';
import {
  BackendProcess,
  CallResult,
  CI_TOKEN,
  databaseKinds,
  FaultDatabase,
  startBackend,
  stopAllBackends,
} from './backendProcess';
import {
  invalidExpectationBodies,
  invalidTaskBodies,
  notJson,
} from './hostileBodies';
import {
  everythingFrom,
  expectNoSecrets,
  unhandledRejections,
} from './secretsSweep';

/** Fixed, so a failure replays; change it to explore further. */
const SEED = 20261130;
const sample = <T>(arbitrary: fc.Arbitrary<T>, count: number, seed: number) =>
  fc.sample(arbitrary, { numRuns: count, seed });

/** The message of an error answer, in Backstage's shape or argo-watcher's. */
function messageOf(result: CallResult): string | undefined {
  return (
    result.body?.error?.message ??
    (typeof result.body?.error === 'string' ? result.body.error : undefined)
  );
}

describe.each(databaseKinds)(
  'fuzzed request bodies, backend on %s',
  (_name, createDatabase) => {
    let simulator: RunningSimulator;
    let database: FaultDatabase;
    let backend: BackendProcess;

    beforeEach(async () => {
      simulator = await startTestSimulator({
        instances: [testInstance('prod', [gitApp('orders')])],
      });
      database = await createDatabase();
      backend = await startBackend(database, {
        instances: [
          {
            name: 'prod',
            url: simulator.instanceUrl('prod'),
            token: TEST_TOKEN,
          },
        ],
      });
      await waitFor(
        'a first poll',
        async () =>
          Boolean(
            (
              await backend.call('/instances')
            ).body.instances[0].lastSuccessAt,
          ),
        30_000,
      );
    }, 90_000);
    afterEach(async () => {
      await stopAllBackends();
      await simulator.close();
      await database.dispose();
    });

    async function storedExpectations(): Promise<number> {
      const db = database.connect();
      try {
        return Number(
          (await db('argo_pulse_expectations').count({ n: '*' }))[0].n,
        );
      } finally {
        await db.destroy();
      }
    }

    it('refuses 2,100 bad expectation bodies and 300 that are not JSON, each with a 4xx and a message, storing nothing', async () => {
      const bodies = [
        ...sample(invalidExpectationBodies, 2100, SEED).map(body => ({
          body: JSON.stringify(body),
        })),
        ...sample(notJson, 300, SEED).map(body => ({ body })),
      ];
      const wrong: Array<{ body: string; status: number; text: string }> = [];
      for (const { body } of bodies) {
        const result = await backend.call('/expectations', { body });
        if (result.status < 400 || result.status >= 500 || !messageOf(result))
          wrong.push({
            body,
            status: result.status,
            text: result.text.slice(0, 300),
          });
      }
      expect(wrong.slice(0, 5)).toEqual([]);
      expect(await storedExpectations()).toBe(0);
      expect(unhandledRejections(backend.log())).toEqual([]);
      expectNoSecrets(everythingFrom(backend), [TEST_TOKEN, CI_TOKEN]);
    }, 300_000);

    it('refuses 500 bad argo-watcher tasks in its own way (406 and a message), and a form post with 415, storing nothing', async () => {
      const wrong: Array<{ body: string; status: number; text: string }> = [];
      for (const task of sample(invalidTaskBodies, 500, SEED)) {
        const body = JSON.stringify(task) ?? 'null';
        const result = await backend.call('/compat/argo-watcher/api/v1/tasks', {
          body,
        });
        if (result.status !== 406 || !messageOf(result))
          wrong.push({
            body,
            status: result.status,
            text: result.text.slice(0, 300),
          });
      }
      expect(wrong.slice(0, 5)).toEqual([]);
      const form = await backend.call('/expectations', {
        body: 'images=ghcr.io%2Facme%2Forders%3A2.0.0',
        contentType: 'application/x-www-form-urlencoded',
      });
      expect(form.status).toBe(415);
      expect(messageOf(form)).toMatch(/application\/json/);
      expect(await storedExpectations()).toBe(0);
      expectNoSecrets(everythingFrom(backend), [TEST_TOKEN, CI_TOKEN]);
    }, 300_000);
  },
);
