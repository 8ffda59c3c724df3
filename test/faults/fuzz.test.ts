// Thousands of generated bad bodies against the real backend on SQLite and on PostgreSQL:
// each one is refused with a 4xx that carries a message, none is a 5xx, and nothing is stored.
import { gitApp, testInstance } from '@argo-pulse/argocd-simulator/testing';
import fc from 'fast-check';
import { BackendProcess, CallResult, startBackend } from './backendProcess';
import { describePerDatabase, FaultRig, startRig, stopRig } from './faultRig';
import {
  invalidExpectationBodies,
  invalidTaskBodies,
  notJson,
} from './hostileBodies';
import { firstPoll } from './instanceStatuses';
import { expectNoSuiteSecrets, unhandledRejections } from './secretsSweep';

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

describePerDatabase('fuzzed request bodies', createDatabase => {
  let rig: FaultRig;
  let backend: BackendProcess;

  beforeEach(async () => {
    rig = await startRig(
      [testInstance('prod', [gitApp('orders')])],
      createDatabase,
    );
    backend = await startBackend(rig.database, {
      instances: [rig.byToken('prod')],
    });
    await firstPoll(backend, 'prod');
  }, 90_000);
  afterEach(() => stopRig(rig));

  async function storedExpectations(): Promise<number> {
    const db = rig.database.connect();
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
    expectNoSuiteSecrets(backend);
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
    expectNoSuiteSecrets(backend);
  }, 300_000);
});
