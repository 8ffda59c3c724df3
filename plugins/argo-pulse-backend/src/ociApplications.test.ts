import type {
  ArgoPulseDeployment,
  CreateExpectationResponse,
} from '@argo-pulse/backstage-plugin-common';
import { describeOnEachDatabase } from './testing/eachDatabase';
import { expectationOnce, pluginForAllTests } from './testing/pluginHarness';
import { METADATA, OCI_METADATA } from './testing/argoCdEndpoints';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * OCI sources (Argo CD 3.1+): CI publishes a release bundle to a registry and Argo CD deploys
 * it from there, recording the manifest digest. History says so, with the artifact's
 * OCIMetadata; git commit metadata is never asked for.
 */
describeOnEachDatabase('OCI applications (Argo CD 3.1+), on %s', database => {
  const harness = pluginForAllTests(database, {
    extraEntities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'settlement-api',
          namespace: 'default',
          annotations: { 'argocd/app-selector': 'app=settlement-api' },
        },
        spec: {
          type: 'service',
          lifecycle: 'production',
          owner: 'group:default/team-payments',
        },
      },
    ],
  });
  const history = async (): Promise<ArgoPulseDeployment[]> => {
    const response = await harness.get(
      '/entities/component/default/settlement-api/history?limit=100',
    );
    expect(response.status).toBe(200);
    return response.body.items;
  };
  const requests = (endpoint: string) =>
    harness.simulator.instance('prod').counters.snapshot().endpoints[endpoint]
      ?.requests ?? 0;

  /** The digest the application was created at, and what its first poll asked for. */
  let first: string;
  let firstPoll: { git: number; oci: number };

  beforeAll(async () => {
    // The demo's applications first, so that the requests counted after are this one's.
    await harness.poll('prod');
    harness.simulator.instance('prod').createApplication({
      name: 'settlement-prod',
      project: 'payments',
      labels: { app: 'settlement-api' },
      destination: { namespace: 'settlement' },
      sources: [
        {
          repoURL: 'oci://ghcr.io/acme/releases/settlement-api',
          targetRevision: '2.3.0',
          path: '.',
        },
      ],
      images: ['ghcr.io/acme/settlement-api:2.3.0'],
    });
    harness.simulator.instance('prod').counters.reset();
    await harness.poll('prod');
    // As the application was created: another test rolls it out, in any order.
    first = harness.simulator.instance('prod').application('settlement-prod')
      .doc.status.sync!.revision!;
    firstPoll = { git: requests(METADATA), oci: requests(OCI_METADATA) };
  });

  it('a history row is the OCI artifact: its digest, tag, authors, created and source URL, no commit', async () => {
    const app = harness.simulator
      .instance('prod')
      .application('settlement-prod');
    const digest = first;
    const metadata = app.ociArtifacts.get(digest)!;
    const row = (await history()).find(item => item.revisions.includes(digest));
    expect(row).toMatchObject({
      application: 'settlement-prod',
      revisions: [digest],
      commits: [],
      oci: [
        {
          sourceIndex: 0,
          digest,
          repoURL: 'oci://ghcr.io/acme/releases/settlement-api',
          version: '2.3.0',
          authors: metadata.authors,
          createdAt: new Date(metadata.createdAt!).toISOString(),
          sourceUrl: 'https://github.com/acme/settlement-api',
          description: metadata.description,
        },
      ],
    });
    expect(digest).toMatch(DIGEST);
  });

  it('asks OCI metadata once per digest, and git metadata never', async () => {
    expect(firstPoll).toEqual({ git: 0, oci: 1 });
    harness.simulator.instance('prod').counters.reset();
    await harness.poll('prod');
    expect([requests(METADATA), requests(OCI_METADATA)]).toEqual([0, 0]);
  });

  it('an expectation by digest is deployed by the release running the image by tag@digest, and the new row has the new tag', async () => {
    const digest = `sha256:${'5'.repeat(64)}`;
    const response = await harness.post('/expectations', {
      entityRef: 'component:default/settlement-api',
      images: [`ghcr.io/acme/settlement-api@${digest}`],
    });
    expect(response.status).toBe(202);
    const { id } = response.body as CreateExpectationResponse;

    const sim = harness.simulator.instance('prod');
    sim.counters.reset();
    const rollout = sim.rollout('settlement-prod', {
      images: [`ghcr.io/acme/settlement-api:2.4.0@${digest}`],
      ociVersion: '2.4.0',
      manual: true,
    });
    while (!sim.rollouts.advance(sim.application('settlement-prod'))!.done);
    await harness.poll('prod');

    await expectationOnce(harness, id, 'deployed');
    const [newest] = await history();
    expect(newest).toMatchObject({
      revisions: rollout.revisions,
      commits: [],
      oci: [{ digest: rollout.revisions[0], version: '2.4.0' }],
    });
    // The new digest's metadata, once.
    expect(requests(METADATA)).toBe(0);
    expect(requests(OCI_METADATA)).toBe(1);
  });
});
