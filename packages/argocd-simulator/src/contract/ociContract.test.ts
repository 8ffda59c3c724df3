import type {
  ArgoCdApplication,
  ArgoCdOCIMetadata,
} from '@argo-pulse/backstage-plugin-common';
import {
  parseArgoCdDocument,
  queryParameters,
  responseDefinition,
} from './argoCdContract';
import { ociApp, testInstance } from '../testing/testSimulator';
import { useTestSimulator } from '../testing/useTestSimulator';

const OCI_METADATA =
  '/api/v1/applications/{name}/revisions/{revision}/ocimetadata';

/** The query parameters the simulator's route reads. */
const OCI_METADATA_QUERY_KEYS = [
  'appNamespace',
  'project',
  'sourceIndex',
  'versionId',
];

describe(
  // eslint-disable-next-line jest/valid-describe-callback -- vitest's options argument
  'an OCI application within the contract',
  { shuffle: false },
  () => {
    const { simulator, argo } = useTestSimulator({
      instances: [testInstance('main', [ociApp('payments-api')])],
    });

    const get = async <T>(path: string, definition: string) => {
      const response = await argo('main', path);
      expect(response.status).toBe(200);
      return parseArgoCdDocument<T>(definition, await response.json());
    };

    it('the ocimetadata route reads only the query parameters swagger.json declares, and answers its definitions', async () => {
      expect(queryParameters('get', OCI_METADATA)).toEqual(
        expect.arrayContaining(OCI_METADATA_QUERY_KEYS),
      );
      expect(responseDefinition('get', OCI_METADATA)).toBe(
        'v1alpha1OCIMetadata',
      );
      const app = await get<ArgoCdApplication>(
        '/api/v1/applications/payments-api',
        'v1alpha1Application',
      );
      const digest = app.status!.sync!.revision!;
      const metadata = await get<ArgoCdOCIMetadata>(
        `/api/v1/applications/payments-api/revisions/${digest}/ocimetadata?sourceIndex=0`,
        responseDefinition('get', OCI_METADATA),
      );
      expect(metadata.version).toBe('1.4.0');
      const unknown = await argo(
        'main',
        `/api/v1/applications/payments-api/revisions/sha256:${'0'.repeat(
          64,
        )}/ocimetadata`,
      );
      expect(unknown.status).toBe(500);
      parseArgoCdDocument(
        responseDefinition('get', OCI_METADATA, 'default'),
        await unknown.json(),
      );
    });

    it('the application at every step of an OCI rollout, its digest in sync, history and the last sync', async () => {
      const instance = simulator().instance('main');
      const app = instance.application('payments-api');
      const { revisions } = instance.rollout('payments-api', {
        images: ['ghcr.io/acme/payments-api:1.5.0'],
        ociVersion: '1.5.0',
        manual: true,
      });
      for (let step = 0; step < 4; step++) {
        await get('/api/v1/applications/payments-api', 'v1alpha1Application');
        instance.rollouts.advance(app);
      }
      const after = await get<ArgoCdApplication>(
        '/api/v1/applications/payments-api',
        'v1alpha1Application',
      );
      expect(after.status!.sync).toMatchObject({
        status: 'Synced',
        revision: revisions[0],
      });
      expect(after.status!.history!.at(-1)).toMatchObject({
        revision: revisions[0],
        source: { targetRevision: '1.5.0' },
      });
      expect(after.status!.operationState!.syncResult!.revision).toBe(
        revisions[0],
      );
      const metadata = await get<ArgoCdOCIMetadata>(
        `/api/v1/applications/payments-api/revisions/${revisions[0]}/ocimetadata`,
        'v1alpha1OCIMetadata',
      );
      expect(metadata.version).toBe('1.5.0');
    });
  },
);
