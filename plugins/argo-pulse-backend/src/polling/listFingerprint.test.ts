import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  loadScenarioFile,
  RunningSimulator,
  startSimulator,
} from '@argo-pulse/argocd-simulator';
import type { ArgoCdApplication } from '@argo-pulse/backstage-plugin-common';
import { LIST_FIELDS } from '../argocd/listFields';
import { listFingerprint } from './listFingerprint';

const DEMO = resolvePackagePath(
  '@argo-pulse/argocd-simulator',
  'scenarios/demo.yaml',
);

describe('listFingerprint', () => {
  let simulator: RunningSimulator;
  let token: string;

  // A simulator per test: a rollout one test started must not still be moving while another compares lists.
  beforeEach(async () => {
    const scenario = await loadScenarioFile(DEMO);
    token = scenario.instances.find(i => i.name === 'dev')!.auth.tokens[0];
    simulator = await startSimulator({
      scenario,
      loginFailureDelayMs: 0,
      phaseDurations: { outOfSync: 10, syncing: 10, progressing: 10 },
    });
  });
  afterEach(() => simulator.close());

  const list = async (fields?: string): Promise<ArgoCdApplication[]> => {
    const query = fields ? `?fields=${encodeURIComponent(fields)}` : '';
    const response = await fetch(
      `${simulator.instanceUrl('dev')}/api/v1/applications${query}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    return ((await response.json()) as { items: ArgoCdApplication[] }).items;
  };

  it('is the same for an application read whole and for its projected list entry, so a full list and a projected one agree', async () => {
    // Mid-rollout too: an operation running, two images live. Moved by hand, so it holds still
    // while the two lists are read.
    const dev = simulator.instance('dev');
    dev.rollout('payments-api-dev', {
      images: ['ghcr.io/acme/payments-api:9.0.0'],
      manual: true,
    });
    dev.rollouts.advance(dev.application('payments-api-dev'));
    const [whole, projected] = await Promise.all([
      list(),
      list(LIST_FIELDS.join(',')),
    ]);
    expect(whole.length).toBeGreaterThan(1);
    const rolling = whole.find(
      app => app.metadata?.name === 'payments-api-dev',
    );
    expect(rolling?.status?.operationState?.phase).toBe('Running');
    expect(projected.map(app => listFingerprint(app, 'projected'))).toEqual(
      whole.map(app => listFingerprint(app, 'whole')),
    );
  });

  it('changes with what the list shows: health, images, the operation', async () => {
    const before = (await list(LIST_FIELDS.join(','))).map(app =>
      listFingerprint(app, 'projected'),
    );
    simulator.instance('dev').rollout('notifications-worker-dev', {
      images: ['ghcr.io/acme/notifications-worker:9.9.9'],
    });
    const after = (await list(LIST_FIELDS.join(','))).map(app =>
      listFingerprint(app, 'projected'),
    );
    expect(
      after.filter((fingerprint, i) => fingerprint !== before[i]),
    ).toHaveLength(1);
  });

  it('ignores how "nothing" is written: null, an empty object or a missing key', () => {
    const bare: ArgoCdApplication = {
      metadata: { name: 'a' },
      status: { health: { status: 'Healthy' } },
    };
    const noisy = {
      metadata: { name: 'a', labels: null },
      spec: {},
      status: { health: { status: 'Healthy' }, summary: {} },
    } as unknown as ArgoCdApplication;
    expect(listFingerprint(noisy, 'projected')).toBe(
      listFingerprint(bare, 'whole'),
    );
  });
});
