import type { StoredApplication } from '../database/types';
import { toOverview } from './presenters';

const stored: StoredApplication = {
  fingerprint: 'f',
  observedAt: '2026-11-30T10:00:00.000Z',
  snapshot: {
    instance: 'prod',
    namespace: 'argocd',
    name: 'api',
    project: 'default',
    labels: {},
    sync: { status: 'OutOfSync', revisions: ['abc'] },
    health: {
      status: 'Degraded',
      message: 'Deployment "api" exceeded its progress deadline',
    },
    operation: {
      phase: 'Failed',
      message: 'secret "db" not found',
      startedAt: '2026-11-30T09:59:00.000Z',
      finishedAt: '2026-11-30T09:59:30.000Z',
    },
    unhealthyResource: {
      kind: 'Pod',
      name: 'api-1',
      status: 'Degraded',
      reason: 'ImagePullBackOff',
    },
    images: ['api:1'],
    sources: [{ repoURL: 'https://git.example.com/deploy.git', path: 'api' }],
    destination: { namespace: 'api' },
    conditions: [{ type: 'SyncError', message: 'secret "db" not found' }],
    resources: [],
  },
};

describe('toOverview', () => {
  it("carries Argo CD's words (operation and health messages, why it is unhealthy) only with detail", () => {
    const withDetail = toOverview(stored, undefined, { withDetail: true });
    expect(withDetail).toMatchObject({
      health: {
        status: 'Degraded',
        message: 'Deployment "api" exceeded its progress deadline',
      },
      operation: { phase: 'Failed', message: 'secret "db" not found' },
      unhealthyResource: { kind: 'Pod', name: 'api-1' },
    });
    const without = toOverview(stored, undefined, { withDetail: false });
    expect(without.health).toEqual({ status: 'Degraded' });
    expect(without.operation).toEqual({
      phase: 'Failed',
      startedAt: '2026-11-30T09:59:00.000Z',
      finishedAt: '2026-11-30T09:59:30.000Z',
    });
    expect(without).not.toHaveProperty('unhealthyResource');
  });

  it('never carries what only the detail route answers', () => {
    const overview = toOverview(stored, undefined, { withDetail: true });
    for (const field of ['sources', 'destination', 'conditions', 'resources'])
      expect(overview).not.toHaveProperty(field);
  });
});
