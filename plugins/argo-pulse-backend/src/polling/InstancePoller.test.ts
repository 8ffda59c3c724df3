import { mockServices } from '@backstage/backend-test-utils';
import type { ArgoCdApplication } from '@argo-pulse/backstage-plugin-common';
import type { ArgoCdClient } from '../argocd/ArgoCdClient';
import { ArgoCdRequestError } from '../argocd/ArgoCdRequestError';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import type { PollResult } from '../database/types';
import { createArgoPulseMetrics } from '../metrics';
import { InstancePoller } from './InstancePoller';

const app: ArgoCdApplication = {
  metadata: { name: 'api', namespace: 'argocd' },
  spec: { project: 'default', source: { repoURL: 'https://github.com/acme/deploy.git', path: 'api', targetRevision: 'main' }, destination: {} },
  status: {
    sync: { status: 'Synced', revision: 'a'.repeat(40) },
    health: { status: 'Healthy' },
    history: [{ id: 1, revision: 'a'.repeat(40), deployedAt: '2026-11-22T10:00:00Z', source: { repoURL: 'https://github.com/acme/deploy.git', path: 'api' } }],
  },
};

/** A poller over a stand-in client whose commit-metadata call fails as given. */
function pollerFailingMetadataWith(error: Error) {
  const results: PollResult[] = [];
  const client = {
    instanceName: 'prod',
    listApplications: async () => ({ resourceVersion: '1', items: [app] }),
    getApplication: async () => app,
    getResourceTree: async () => ({ nodes: [] }),
    getRevisionMetadata: async () => {
      throw error;
    },
  } as unknown as ArgoCdClient;
  const store = {
    getFingerprints: async () => new Map(),
    getKnownCommitRevisions: async () => new Set(),
    applyPollResult: async (result: PollResult) => void results.push(result),
  } as unknown as ArgoPulseStore;
  const poller = new InstancePoller({ client, store, logger: mockServices.logger.mock(), metrics: createArgoPulseMetrics(), timeoutMs: 5000 });
  return { poller, results };
}

const requestError = (status: number | undefined, retryable: boolean) =>
  new ArgoCdRequestError({ instance: 'prod', endpoint: 'GET metadata', message: `${status ?? 'no answer'}`, status, retryable });

describe('InstancePoller commit metadata', () => {
  it('records a refusal (4xx) so the revision is never asked for again', async () => {
    const { poller, results } = pollerFailingMetadataWith(requestError(404, false));
    await poller.poll();
    expect(results[0].commits).toEqual([expect.objectContaining({ revision: 'a'.repeat(40), error: expect.stringContaining('404') })]);
  });

  it.each([
    ['a 503', requestError(503, true)],
    ['a timeout', requestError(undefined, false)],
    ['a body that is not JSON', requestError(200, false)],
  ])('does not record %s, so the revision is asked for again later', async (_what, error) => {
    const { poller, results } = pollerFailingMetadataWith(error);
    await poller.poll();
    expect(results[0].commits).toEqual([]);
  });
});
