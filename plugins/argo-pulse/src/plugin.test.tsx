import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import argoPulseFrontendPlugin from './alpha';
import { argoPulseApiRef } from './api/ArgoPulseApi';
import {
  EntityArgoPulseHistoryCard,
  EntityArgoPulseOverviewCard,
} from './plugin';
import { entity, fakeApi } from './testing/fixtures';

describe('the plugin', () => {
  it('legacy app: the exported cards render on an entity page', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[argoPulseApiRef, fakeApi()]]}>
        <EntityProvider entity={entity}>
          <EntityArgoPulseOverviewCard refreshIntervalMs={0} />
          <EntityArgoPulseHistoryCard refreshIntervalMs={0} />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText('Argo CD')).toBeInTheDocument();
    expect(await screen.findByText('Deployment history')).toBeInTheDocument();
  });

  it('new frontend system: the API, two entity cards and the entity tab', () => {
    for (const id of [
      'api:argo-pulse',
      'entity-card:argo-pulse/overview',
      'entity-card:argo-pulse/history',
      'entity-content:argo-pulse',
    ] as const) {
      expect(argoPulseFrontendPlugin.getExtension(id as never)).toBeDefined();
    }
  });
});
