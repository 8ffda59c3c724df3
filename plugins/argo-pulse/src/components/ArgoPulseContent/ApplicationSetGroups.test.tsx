import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { argoPulseApiRef } from '../../api/ArgoPulseApi';
import {
  application,
  applicationSet,
  entity,
  fakeApi,
  generatedApplication,
  instance,
  overview,
} from '../../testing/fixtures';
import { ArgoPulseContent } from './ArgoPulseContent';

// In a file of their own: run before the tab's other tests in one file, they kept the next
// test's application detail from showing within its wait (seed 575097009; the cause is not
// found). Vitest isolates files, so each file's tests stand alone in any order.
async function render(options: {
  allowDetail: boolean;
  api: ReturnType<typeof fakeApi>;
}) {
  const permissionApi = new MockPermissionApi(request =>
    request.permission.name === 'argo-pulse.application.detail.read' &&
    !options.allowDetail
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW,
  );
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [argoPulseApiRef, options.api],
        [permissionApiRef, permissionApi],
      ]}
    >
      <EntityProvider entity={entity}>
        <ArgoPulseContent refreshIntervalMs={0} />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('ArgoPulseContent', () => {
  describe('applications an ApplicationSet generated', () => {
    const names = (rows: HTMLElement[]) =>
      rows.map(row => row.textContent?.match(/^[a-z-]+/)?.[0]);

    it('groups them by ApplicationSet name and instance where the first was, under a header with instance, health and rolling sync step; each row says its step and status', async () => {
      await render({
        allowDetail: false,
        api: fakeApi({
          getApplications: vi.fn(async () =>
            overview({
              applications: [
                application(),
                generatedApplication('inventory-us'),
                // Same name, another instance, and no ApplicationSet read there.
                generatedApplication('inventory-staging', {
                  instance: 'staging',
                }),
                application({ name: 'ledger-prod' }),
                generatedApplication('inventory-eu'),
              ],
              applicationSets: [applicationSet()],
              instances: [instance(), instance({ instance: 'staging' })],
            }),
          ),
        }),
      });
      const groups = await screen.findAllByTestId('argo-pulse-application-set');
      expect(groups).toHaveLength(2);
      const [prod, staging] = groups;
      expect(
        within(prod).getByRole('heading', { name: 'ApplicationSet inventory' }),
      ).toBeInTheDocument();
      expect(prod).toHaveAccessibleName('ApplicationSet inventory');
      expect(within(prod).getByText('Progressing')).toBeInTheDocument();
      expect(
        within(prod).getByText('rolling sync: step 1 of 2'),
      ).toBeInTheDocument();
      expect(
        names(within(prod).getAllByTestId('argo-pulse-application')),
      ).toEqual(['inventory-us', 'inventory-eu']);
      expect(
        within(prod)
          .getAllByTestId('argo-pulse-application-step')
          .map(step => step.textContent),
      ).toEqual(['step 1 · Progressing', 'step 2 · Waiting']);

      // No ApplicationSet from the backend: still a group, without health or steps.
      expect(
        within(staging).getByRole('heading', {
          name: 'ApplicationSet inventory',
        }),
      ).toBeInTheDocument();
      // The header's instance chip, beside the heading.
      expect(
        within(staging).getByRole('heading').parentElement,
      ).toHaveTextContent(/^ApplicationSet inventorystaging$/);
      expect(
        names(within(staging).getAllByTestId('argo-pulse-application')),
      ).toEqual(['inventory-staging']);
      expect(
        within(staging).queryByTestId('argo-pulse-application-step'),
      ).not.toBeInTheDocument();
      expect(staging).not.toHaveTextContent(/rolling sync|Progressing/);

      // The groups sit where their first application was; the others as before, ungrouped.
      expect(names(screen.getAllByTestId('argo-pulse-application'))).toEqual([
        'payments-api-prod',
        'inventory-us',
        'inventory-eu',
        'inventory-staging',
        'ledger-prod',
      ]);
      for (const name of ['payments-api-prod', 'ledger-prod']) {
        const row = screen
          .getAllByTestId('argo-pulse-application')
          .find(r => r.textContent?.startsWith(name));
        expect(
          row?.closest('[data-testid="argo-pulse-application-set"]'),
        ).toBeNull();
      }
      expect(
        screen.queryByTestId('argo-pulse-application-set-caption'),
      ).not.toBeInTheDocument();
      expect(screen.getByTestId('argo-pulse-summary')).toHaveTextContent(
        '5applications',
      );
    });

    it('a failing application brings its whole group first', async () => {
      await render({
        allowDetail: false,
        api: fakeApi({
          getApplications: vi.fn(async () =>
            overview({
              applications: [
                application(),
                generatedApplication('inventory-us'),
                generatedApplication('inventory-eu', {
                  health: { status: 'Degraded' },
                }),
              ],
              applicationSets: [
                applicationSet({
                  health: { status: 'Degraded' },
                  applications: [
                    { name: 'inventory-us', step: 1, status: 'Healthy' },
                    { name: 'inventory-eu', step: 2, status: 'Progressing' },
                  ],
                }),
              ],
            }),
          ),
        }),
      });
      const group = await screen.findByTestId('argo-pulse-application-set');
      expect(group).toHaveTextContent('rolling sync: step 2 of 2');
      // Failing first, then the rest in the backend's order.
      expect(names(screen.getAllByTestId('argo-pulse-application'))).toEqual([
        'inventory-eu',
        'inventory-us',
        'payments-api-prod',
      ]);
    });
  });
});
