// GET /entities/:kind/:namespace/:name/versions on the demo scenario: the
// environments from app-config, and the drift a rollout to staging alone makes.
import type { EntityVersionMatrixResponse } from '@argo-pulse/backstage-plugin-common';
import { describeOnEachDatabase } from '../testing/eachDatabase';
import {
  DEMO_ENVIRONMENTS,
  pluginForAllTests,
  rollOut,
} from '../testing/pluginHarness';

const PAYMENTS = '/entities/component/default/payments-api/versions';
const REPO = 'ghcr.io/acme/payments-api';

describeOnEachDatabase('the version matrix route on %s', database => {
  const versions = (matrix: EntityVersionMatrixResponse) =>
    matrix.rows
      .find(r => r.repository === REPO)!
      .cells.map(c => [c.environment, c.versions.map(v => v.version)]);

  describe('with environments', () => {
    const harness = pluginForAllTests(database, {
      config: { environments: DEMO_ENVIRONMENTS },
    });
    beforeAll(() => harness.poll());

    it('has a column per configured environment, and shows drift after a rollout to staging alone', async () => {
      let matrix = (await harness.get(PAYMENTS))
        .body as EntityVersionMatrixResponse;
      expect(matrix.environments).toEqual([
        'development',
        'staging',
        'production',
      ]);
      expect(versions(matrix)).toEqual([
        ['development', ['1.7.4']],
        ['staging', ['1.7.4']],
        ['production', ['1.7.4']],
      ]);
      expect(matrix.drift).toEqual([]);

      rollOut(harness, 'staging', 'payments-api-staging', {
        images: [`${REPO}:1.9.0`],
      });
      await harness.poll('staging');

      matrix = (await harness.get(PAYMENTS))
        .body as EntityVersionMatrixResponse;
      expect(versions(matrix)).toEqual([
        ['development', ['1.7.4']],
        ['staging', ['1.9.0']],
        ['production', ['1.7.4']],
      ]);
      expect(matrix.drift.map(d => d.message)).toEqual([
        'staging runs 1.9.0, which never ran in development',
        'production is 1 deployment behind staging',
      ]);
      const stagingCell = matrix.rows.find(r => r.repository === REPO)!.cells[1]
        .versions[0];
      expect(stagingCell).toMatchObject({
        image: `${REPO}:1.9.0`,
        applications: [
          {
            instance: 'staging',
            namespace: 'argocd',
            name: 'payments-api-staging',
          },
        ],
        since: expect.stringMatching(/Z$/),
      });
    });
  });

  describe('without environments', () => {
    const harness = pluginForAllTests(database);
    beforeAll(() => harness.poll());

    it('has a column per instance of the entity', async () => {
      const matrix = (await harness.get(PAYMENTS))
        .body as EntityVersionMatrixResponse;
      expect(matrix.environments).toEqual(['dev', 'staging', 'prod']);
      expect(versions(matrix)).toEqual([
        ['dev', ['1.7.4']],
        ['staging', ['1.7.4']],
        ['prod', ['1.7.4']],
      ]);
    });
  });
});
