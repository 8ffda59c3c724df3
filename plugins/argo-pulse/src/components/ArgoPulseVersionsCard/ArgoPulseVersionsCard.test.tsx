import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { EntityVersionMatrixResponse } from '@argo-pulse/backstage-plugin-common';
import { screen } from '@testing-library/react';
import { argoPulseApiRef } from '../../api/ArgoPulseApi';
import {
  entity,
  fakeApi,
  minutesAgo,
  unannotated,
} from '../../testing/fixtures';
import { ArgoPulseVersionsCard } from './ArgoPulseVersionsCard';

const REPO = 'ghcr.io/acme/payments-api';
const app = (instance: string) => [
  { instance, namespace: 'argocd', name: `payments-api-${instance}` },
];
const matrix: EntityVersionMatrixResponse = {
  entityRef: 'component:default/payments-api',
  environments: ['dev', 'staging', 'prod'],
  rows: [
    {
      repository: REPO,
      cells: [
        {
          environment: 'dev',
          versions: [
            {
              version: '1.7.4',
              image: `${REPO}:1.7.4`,
              since: minutesAgo(60 * 24 * 3 + 5),
              applications: app('dev'),
            },
          ],
        },
        {
          environment: 'staging',
          versions: [
            {
              version: '1.9.0',
              image: `${REPO}:1.9.0`,
              since: minutesAgo(5.5),
              applications: app('staging'),
            },
          ],
        },
        {
          environment: 'prod',
          versions: [
            {
              version: '1.7.4',
              image: `${REPO}:1.7.4`,
              applications: app('prod'),
            },
          ],
        },
      ],
    },
  ],
  drift: [
    {
      repository: REPO,
      environment: 'staging',
      comparedTo: 'dev',
      kind: 'untested',
      message: 'staging runs 1.9.0, which never ran in dev',
    },
    {
      repository: REPO,
      environment: 'prod',
      comparedTo: 'staging',
      kind: 'behind',
      deploymentsBehind: 1,
      message: 'prod is 1 deployment behind staging',
    },
  ],
};

async function render(
  api = fakeApi({ getVersionMatrix: vi.fn(async () => matrix) }),
  options: { entity?: typeof entity } = {},
) {
  await renderInTestApp(
    <TestApiProvider apis={[[argoPulseApiRef, api]]}>
      <EntityProvider entity={options.entity ?? entity}>
        <ArgoPulseVersionsCard refreshIntervalMs={0} />
      </EntityProvider>
    </TestApiProvider>,
  );
  return api;
}

describe('ArgoPulseVersionsCard', () => {
  it('shows each image per environment with since when, highlights drifted cells and says the drift in words', async () => {
    await render();
    expect(
      await screen.findByRole('table', { name: 'Versions per environment' }),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('columnheader').map(h => h.textContent)).toEqual(
      ['Image', 'dev', 'staging', 'prod'],
    );
    expect(screen.getByRole('rowheader').textContent).toBe('payments-api');
    expect(screen.getByTestId('argo-pulse-version-dev')).toHaveTextContent(
      '1.7.4since 3 days ago',
    );
    expect(screen.getByTestId('argo-pulse-version-staging')).toHaveTextContent(
      '1.9.0since 5 minutes ago',
    );
    expect(screen.getByTestId('argo-pulse-version-prod')).toHaveTextContent(
      '1.7.4',
    );
    expect(screen.getByTestId('argo-pulse-version-dev').className).not.toMatch(
      /drifted/,
    );
    expect(screen.getByTestId('argo-pulse-version-staging').className).toMatch(
      /drifted/,
    );
    expect(screen.getByTestId('argo-pulse-version-prod').className).toMatch(
      /drifted/,
    );
    expect(
      screen.getAllByTestId('argo-pulse-drift').map(d => d.textContent),
    ).toEqual([
      'staging runs 1.9.0, which never ran in dev',
      'prod is 1 deployment behind staging',
    ]);
  });

  it('a dash where an image does not run, and no drift notes when there is none', async () => {
    await render(
      fakeApi({
        getVersionMatrix: vi.fn(async () => ({
          ...matrix,
          rows: [
            {
              repository: REPO,
              cells: [
                matrix.rows[0].cells[0],
                { environment: 'staging', versions: [] },
                matrix.rows[0].cells[2],
              ],
            },
          ],
          drift: [],
        })),
      }),
    );
    expect(
      await screen.findByTestId('argo-pulse-version-staging'),
    ).toHaveTextContent('—');
    expect(screen.queryAllByTestId('argo-pulse-drift')).toEqual([]);
  });

  it('an empty state before anything runs', async () => {
    await render(
      fakeApi({
        getVersionMatrix: vi.fn(async () => ({
          ...matrix,
          rows: [],
          drift: [],
        })),
      }),
    );
    expect(
      await screen.findByText('No images running yet'),
    ).toBeInTheDocument();
  });

  it('the missing-annotation state for an entity without annotations, and nothing fetched', async () => {
    const api = await render(undefined, { entity: unannotated });
    expect(await screen.findByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(api.getVersionMatrix).not.toHaveBeenCalled();
  });
});
