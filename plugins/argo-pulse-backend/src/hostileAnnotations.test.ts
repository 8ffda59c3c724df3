import type { Entity } from '@backstage/catalog-model';
import type { EntityApplicationsResponse } from '@argo-pulse/backstage-plugin-common';
import { ENTITY_INDEX_TASK_ID } from './tasks/taskIds';
import { describeOnEachDatabase } from './testing/eachDatabase';
import { pluginForAllTests } from './testing/pluginHarness';

const component = (
  name: string,
  annotations: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
});

/**
 * A catalog contributor writes annotations to stall the backend: a selector of 268 KB, and
 * 70,001 application names (more than PostgreSQL takes as parameters of one statement). Each
 * entity shows its configuration problem in words; the index rebuild and everyone else's pages
 * go on.
 */
describeOnEachDatabase('hostile annotations, on %s', database => {
  const harness = pluginForAllTests(database, {
    extraEntities: [
      component('huge-selector', {
        'argocd/app-selector': `app in (${Array.from(
          { length: 20_000 },
          (_, i) => `service-${i}`,
        ).join(',')})`,
      }),
      component('many-names', {
        'argocd/app-name': Array.from(
          { length: 70_001 },
          (_, i) => `a${i}`,
        ).join(','),
      }),
    ],
  });
  beforeAll(() => harness.poll());

  const overview = async (name: string) => {
    const response = await harness.get(
      `/entities/component/default/${name}/applications`,
    );
    expect(response.status).toBe(200);
    return response.body as EntityApplicationsResponse;
  };

  it('a 268 KB selector: the limit in words, no applications', async () => {
    expect(await overview('huge-selector')).toMatchObject({
      applications: [],
      problem:
        'Annotation "argocd/app-selector" is 268,898 characters long; Argo Pulse reads at most 4,096.',
    });
  });

  it('70,001 application names: the limit in words, no applications', async () => {
    expect((await overview('many-names')).problem).toMatch(
      /^Annotation "argocd\/app-name" is [\d,]+ characters long; Argo Pulse reads at most 4,096\.$/,
    );
  });

  it("the entity index is rebuilt beside them, and another entity's page is served", async () => {
    await harness.triggerTask(ENTITY_INDEX_TASK_ID);
    expect(
      (await overview('payments-api')).applications.map(a => a.name),
    ).toEqual([
      'payments-api-dev',
      'payments-api-staging',
      'payments-api-prod',
    ]);
    const feed = await harness.get('/deployments?limit=5');
    expect(feed.status).toBe(200);
  });
});
