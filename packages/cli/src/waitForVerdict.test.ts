import type { ArgoPulseExpectation } from '@argo-pulse/backstage-plugin-common';
import { EXIT } from './exitCodes';
import { describeVerdict, exitCodeOf, waitForVerdict } from './waitForVerdict';

const base: ArgoPulseExpectation = {
  id: 'e1',
  applications: [
    {
      instance: 'prod',
      namespace: 'argocd',
      name: 'api-prod',
      argoCdUrl: 'https://argocd/applications/argocd/api-prod',
    },
  ],
  images: ['ghcr.io/acme/api:1.2.3'],
  state: 'pending',
  createdAt: '2026-11-22T10:00:00.000Z',
  deadline: '2026-11-22T10:10:00.000Z',
};

describe('waitForVerdict', () => {
  it('prints the state, elapsed time and what is missing whenever it changes, until final', async () => {
    const answers: ArgoPulseExpectation[] = [
      { ...base, waitingFor: ['prod/api-prod: sync status is OutOfSync'] },
      { ...base, waitingFor: ['prod/api-prod: sync status is OutOfSync'] },
      {
        ...base,
        waitingFor: [
          'prod/api-prod: ghcr.io/acme/api:1.2.2 still running beside ghcr.io/acme/api:1.2.3',
        ],
      },
      { ...base, state: 'deployed', durationSeconds: 75 },
    ];
    let clock = Date.parse('2026-11-22T10:00:05Z');
    const lines: string[] = [];
    const verdict = await waitForVerdict({
      first: base,
      get: async () => answers.shift()!,
      intervalMs: 5000,
      print: line => lines.push(line),
      now: () => clock,
      sleep: async ms => {
        clock += ms;
      },
    });
    expect(verdict.state).toBe('deployed');
    expect(lines).toEqual([
      '[5s] pending: waiting for the next poll of Argo CD',
      '[10s] pending: prod/api-prod: sync status is OutOfSync',
      '[20s] pending: prod/api-prod: ghcr.io/acme/api:1.2.2 still running beside ghcr.io/acme/api:1.2.3',
    ]);
  });

  it('gives up on its own well after the deadline if the server never decides', async () => {
    let clock = Date.parse('2026-11-22T10:13:00Z');
    const verdict = await waitForVerdict({
      first: base,
      get: async () => base,
      intervalMs: 1000,
      print: () => {},
      now: () => clock,
      sleep: async ms => void (clock += ms),
    });
    expect(verdict).toMatchObject({ state: 'failed', reason: 'timeout' });
  });
});

describe('exit codes and verdict lines', () => {
  it.each<[Partial<ArgoPulseExpectation>, number]>([
    [{ state: 'deployed' }, EXIT.deployed],
    [{ state: 'failed', reason: 'sync-failed' }, EXIT.failed],
    [{ state: 'failed', reason: 'degraded' }, EXIT.failed],
    [{ state: 'superseded' }, EXIT.failed],
    [{ state: 'cancelled' }, EXIT.failed],
    [{ state: 'failed', reason: 'timeout' }, EXIT.timedOut],
  ])('%o → %s', (overrides, code) => {
    expect(exitCodeOf({ ...base, ...overrides })).toBe(code);
  });

  it('a failure says why and links to Argo CD', () => {
    expect(
      describeVerdict({
        ...base,
        state: 'failed',
        reason: 'sync-failed',
        message: 'prod/api-prod: sync failed: hook failed',
      }),
    ).toEqual([
      'failed (sync-failed): ghcr.io/acme/api:1.2.3',
      'prod/api-prod: sync failed: hook failed',
      'Argo CD: https://argocd/applications/argocd/api-prod',
    ]);
  });
});
