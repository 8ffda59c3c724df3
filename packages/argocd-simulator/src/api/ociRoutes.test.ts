import type {
  ArgoCdApplication,
  ArgoCdOCIMetadata,
} from '@argo-pulse/backstage-plugin-common';
import type { RolloutStatus } from '../model/rolloutRequest';
import { gitApp, ociApp, testInstance } from '../testing/testSimulator';
import { expectArgoError } from '../testing/expectArgoError';
import { useTestSimulator } from '../testing/useTestSimulator';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

const { argo, control } = useTestSimulator({
  instances: [
    testInstance('main', [
      ociApp('payments-api'),
      // Rolled out by a test: the others read payments-api as the scenario made it, in any order.
      ociApp('pinned'),
      ociApp('ranged', {
        sources: [
          {
            repoURL: 'oci://ghcr.io/acme/releases/ranged',
            targetRevision: '^2.1.0',
          },
        ],
      }),
      gitApp('web'),
    ]),
  ],
});

const application = async (name: string) => {
  const response = await argo('main', `/api/v1/applications/${name}`);
  expect(response.status).toBe(200);
  return (await response.json()) as ArgoCdApplication;
};

const ociMetadata = (name: string, revision: string, query = '') =>
  argo(
    'main',
    `/api/v1/applications/${name}/revisions/${revision}/ocimetadata${query}`,
  );

describe('OCI sources', () => {
  it('record sha256 manifest digests as revisions, in sync, history and the last sync', async () => {
    const app = await application('payments-api');
    const { sync, history, operationState } = app.status!;
    expect(sync!.revision).toMatch(DIGEST);
    expect(history!.map(h => h.revision)).toEqual([
      expect.stringMatching(DIGEST),
      expect.stringMatching(DIGEST),
      sync!.revision,
    ]);
    expect(new Set(history!.map(h => h.revision)).size).toBe(3);
    expect(operationState!.syncResult!.revision).toBe(sync!.revision);
    expect(app.spec!.source).toEqual({
      repoURL: 'oci://ghcr.io/acme/releases/payments-api',
      path: '.',
      targetRevision: '1.4.0',
    });
  });

  it('answers the OCI metadata of a known digest: the tag, authors, created and the chart source', async () => {
    const app = await application('payments-api');
    const [oldest, , current] = app.status!.history!.map(h => h.revision!);
    const response = await ociMetadata('payments-api', current);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      version: '1.4.0',
      authors: expect.stringMatching(/<.+@.+>/),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      sourceUrl: 'https://github.com/acme/payments-api',
      description: expect.stringContaining('ghcr.io/acme/payments-api:1.4.0'),
    });
    const older = (await (
      await ociMetadata('payments-api', oldest)
    ).json()) as ArgoCdOCIMetadata;
    expect(older.version).toBe('1.3.8');
  });

  it('looks a digest up in the source of a history entry (versionId)', async () => {
    const app = await application('payments-api');
    const entry = app.status!.history![1];
    const response = await ociMetadata(
      'payments-api',
      entry.revision!,
      `?versionId=${entry.id}&sourceIndex=0`,
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as ArgoCdOCIMetadata).version).toBe(
      '1.3.9',
    );
    await expectArgoError(
      await ociMetadata('payments-api', entry.revision!, '?versionId=99'),
      500,
      2,
      /no history entry with ID 99/,
    );
  });

  it("answers Argo CD's errors for an unknown digest and for a source that is not OCI", async () => {
    const unknown = `sha256:${'0'.repeat(64)}`;
    await expectArgoError(
      await ociMetadata('payments-api', unknown),
      500,
      2,
      `failed to extract digest metadata for revision "${unknown}": ghcr.io/acme/releases/payments-api@${unknown}: not found`,
    );
    const web = await application('web');
    await expectArgoError(
      await ociMetadata('web', web.status!.sync!.revision!),
      500,
      2,
      /^failed to extract digest metadata for revision ".+": https:\/\/github\.com\/acme\/deployments\.git is not an OCI repository$/,
    );
    await expectArgoError(
      await ociMetadata('nope', unknown),
      403,
      7,
      'permission denied',
    );
  });

  it('refuses git commit metadata for an OCI digest, as the repo server does', async () => {
    const app = await application('payments-api');
    const digest = app.status!.sync!.revision!;
    await expectArgoError(
      await argo(
        'main',
        `/api/v1/applications/payments-api/revisions/${digest}/metadata`,
      ),
      500,
      2,
      `revision ${digest} must be resolved`,
    );
  });

  it('a rollout publishes a new tag (ociVersion) as a new digest and moves a pinned targetRevision', async () => {
    const before = await application('pinned');
    const response = await control(
      'POST',
      '/instances/main/applications/pinned/rollout',
      {
        images: ['ghcr.io/acme/pinned:1.5.0'],
        ociVersion: '1.5.0',
        author: 'Release Bot <ci@acme.example>',
        manual: true,
      },
    );
    expect(response.status).toBe(202);
    const { revisions } = (await response.json()) as RolloutStatus;
    expect(revisions[0]).toMatch(DIGEST);
    expect(revisions[0]).not.toBe(before.status!.sync!.revision);
    const after = await application('pinned');
    expect(after.spec!.source!.targetRevision).toBe('1.5.0');
    expect(after.status!.sync!.revision).toBe(revisions[0]);
    expect(
      await (await ociMetadata('pinned', revisions[0])).json(),
    ).toMatchObject({
      version: '1.5.0',
      authors: 'Release Bot <ci@acme.example>',
    });
  });

  it('a semver range stays as it is, and the next tag is the patch after the running one', async () => {
    const before = await application('ranged');
    const current = (await (
      await ociMetadata('ranged', before.status!.sync!.revision!)
    ).json()) as ArgoCdOCIMetadata;
    expect(current.version).toBe('2.1.0');
    const response = await control(
      'POST',
      '/instances/main/applications/ranged/rollout',
      { images: ['ghcr.io/acme/ranged:2.1.1'], manual: true },
    );
    const { revisions } = (await response.json()) as RolloutStatus;
    const after = await application('ranged');
    expect(after.spec!.source!.targetRevision).toBe('^2.1.0');
    expect(
      (
        (await (
          await ociMetadata('ranged', revisions[0])
        ).json()) as ArgoCdOCIMetadata
      ).version,
    ).toBe('2.1.1');
  });
});
