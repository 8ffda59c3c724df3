import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import type { WebSocket as PageSocket } from 'playwright-core';
import { run } from '@argo-pulse/cli';
import type {
  ArgoPulseApplicationOverview,
  ArgoPulseInsightsResponse,
  EntityApplicationsResponse,
  PortalDeploymentsResponse,
} from '@argo-pulse/backstage-plugin-common';
import { waitFor } from '@argo-pulse/test-support';
import { ourAccessibilityViolations } from './axe';
import { chromiumExecutable } from './chromiumExecutable';
import { buildApp, CI_TOKEN, Portal, ROOT, startPortal } from './portal';

/** Resolves once the page's signals client has subscribed to Argo Pulse's channel over its WebSocket. */
function subscribedToChangeSignals(page: Page): Promise<void> {
  return new Promise(resolve => {
    const onSocket = (socket: PageSocket) =>
      socket.on('framesent', frame => {
        const sent = String(frame.payload);
        if (sent.includes('"subscribe"') && sent.includes('"argo-pulse"')) {
          page.off('websocket', onSocket);
          resolve();
        }
      });
    page.on('websocket', onSocket);
  });
}

const SCREENSHOTS = join(ROOT, 'test/e2e/screenshots');

/**
 * The demo portal in a real browser: the built app served by the real
 * backend, the Argo CD simulator, the CLI as CI runs it. The Chromium is
 * CHROMIUM_PATH, the machine's own, or the @sparticuz/chromium package's.
 */
// A user's session in steps (sign in, then CI, then failures): its tests run in order.
// eslint-disable-next-line jest/valid-describe-callback -- vitest's options argument
describe('the portal, end to end in Chromium', { shuffle: false }, () => {
  let portal: Portal;
  let browser: Browser;
  let page: Page;

  const shot = (name: string) =>
    page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  /** Whether the page fits its window's width (no sideways scroll). */
  const pageFits = () =>
    page.evaluate(
      () =>
        document.documentElement.scrollWidth <=
        document.documentElement.clientWidth,
    );
  /** At each width, the page does not scroll sideways; a screenshot of it as `${name}-${width}`. */
  const fitsAt = async (widths: number[], name: string) => {
    for (const width of widths) {
      await page.setViewportSize({ width, height: 1000 });
      expect(await pageFits(), `page at ${width} px`).toBe(true);
      await shot(`${name}-${width}`);
    }
  };
  const cli = async (args: string[]) => {
    const lines: string[] = [];
    const code = await run(
      [
        ...args,
        '--url',
        portal.url,
        '--token',
        CI_TOKEN,
        '--wait',
        '--interval',
        '1s',
      ],
      {},
      { out: l => lines.push(l), err: l => lines.push(l) },
    );
    return { code, lines };
  };
  /** CI expecting an image of an entity on prod, waiting for the verdict. */
  const expectOnProd = (entity: string, image: string, more: string[] = []) =>
    cli([
      'expect',
      '--entity',
      entity,
      '--instance',
      'prod',
      '--image',
      image,
      ...more,
    ]);
  const rollout = (
    app: string,
    images: string[],
    outcome: 'success' | 'sync-failed' = 'success',
  ) =>
    portal.simulator.instance('prod').rollout(app, {
      images,
      outcome,
      failureMessage:
        'admission webhook "policy.acme.example" denied the request',
      phaseDurationsMs: { outOfSync: 1500, syncing: 1500, progressing: 2500 },
    });

  /** A backend route read as alice, the guest user (signed in as the browser is). */
  const asAlice = async <T>(path: string): Promise<T> => {
    const { backstageIdentity } = (await (
      await fetch(`${portal.url}/api/auth/guest/refresh`, { method: 'POST' })
    ).json()) as { backstageIdentity: { token: string } };
    return (await (
      await fetch(`${portal.url}/api/argo-pulse${path}`, {
        headers: { Authorization: `Bearer ${backstageIdentity.token}` },
      })
    ).json()) as T;
  };

  /** Polls the backend (as CI would) until an entity's applications satisfy `done`. */
  const waitForBackend = async (
    entity: string,
    done: (apps: ArgoPulseApplicationOverview[]) => boolean,
  ) => {
    const read = async () => {
      const response = await fetch(
        `${portal.url}/api/argo-pulse/entities/component/default/${entity}/applications`,
        { headers: { Authorization: `Bearer ${CI_TOKEN}` } },
      );
      return ((await response.json()) as EntityApplicationsResponse)
        .applications;
    };
    await waitFor(
      `${entity}'s applications in the backend`,
      async () => done(await read()),
      30_000,
    );
  };

  beforeAll(async () => {
    const executable = await chromiumExecutable();
    console.log(`Chromium: ${executable.path} (${executable.source})`);
    rmSync(SCREENSHOTS, { recursive: true, force: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    buildApp();
    portal = await startPortal();
    browser = await chromium.launch({
      executablePath: executable.path,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
    page.setDefaultTimeout(30_000);
    // Signed in once, as guest (alice), so that each test below also runs by itself.
    await page.goto(`${portal.url}/catalog`);
    await page.getByRole('button', { name: /enter/i }).click();
    await page.getByRole('link', { name: 'payments-api' }).first().waitFor();
  }, 600_000);

  // What the page showed when a step failed, for the CI log.
  afterEach(async context => {
    if (context.task.result?.state === 'fail' && page)
      await shot(
        `FAILED-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`,
      ).catch(() => {});
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('shows a service with its applications, sync and health', async () => {
    await page.goto(`${portal.url}/catalog/default/component/payments-api`);
    await page
      .getByRole('link', { name: /payments-api-prod/ })
      .first()
      .waitFor();
    await page.getByText('Synced').first().waitFor();
    await page.getByText('Healthy').first().waitFor();
    expect(await page.getByText('Deployment history').count()).toBe(1);
    await shot('1-overview');
  }, 120_000);

  it('fits a laptop: at 1280 px and at 800 px neither card scrolls sideways, and the Argo CD cards come first', async () => {
    for (const width of [1280, 800]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${portal.url}/catalog/default/component/payments-api`);
      await page.getByTestId('argo-pulse-overview').waitFor();
      await page.getByTestId('argo-pulse-history').waitFor();
      await page.getByTestId('argo-pulse-versions').waitFor();
      const overflowing = await page.evaluate(() =>
        [
          ...document.querySelectorAll(
            '[data-testid=argo-pulse-overview], [data-testid=argo-pulse-versions], [data-testid=argo-pulse-history]',
          ),
        ].flatMap(list => {
          // The card, its list, and anything inside that would show a scrollbar.
          const card = list.closest('.MuiCard-root') as HTMLElement;
          const scrollers = [...card.querySelectorAll<HTMLElement>('*')].filter(
            el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX),
          );
          return [card, list as HTMLElement, ...scrollers]
            .filter(el => el.scrollWidth > el.clientWidth)
            .map(el => el.className || el.tagName);
        }),
      );
      expect(overflowing, `at ${width} px`).toEqual([]);
      expect(await pageFits(), `page at ${width} px`).toBe(true);
      // The first card of the entity's overview is Argo Pulse's.
      const firstCardTitle = await page
        .locator('.MuiCard-root')
        .first()
        .locator('.MuiCardHeader-title')
        .textContent();
      expect(firstCardTitle).toBe('Argo CD');
      // Above the catalog's About card at every width (the demo makes About a content card).
      const top = (title: ReturnType<Page['locator']>) =>
        title.first().evaluate(el => el.getBoundingClientRect().top);
      expect(
        await top(
          page.locator('.MuiCardHeader-title', { hasText: /^Argo CD$/ }),
        ),
        `at ${width} px`,
      ).toBeLessThan(await top(page.getByText('About', { exact: true })));
      await shot(`layout-${width}`);
    }
    await page.setViewportSize({ width: 1600, height: 1200 });
  }, 120_000);

  it('the version matrix: after a rollout to staging alone, staging runs what dev never ran and prod is behind', async () => {
    const staging = portal.simulator.instance('staging');
    staging.rollout('payments-api-staging', {
      images: ['ghcr.io/acme/payments-api:1.9.0'],
      phaseDurationsMs: { outOfSync: 500, syncing: 500, progressing: 500 },
    });
    await page.goto(`${portal.url}/catalog/default/component/payments-api`);
    await page.getByTestId('argo-pulse-versions').waitFor();
    await page
      .getByTestId('argo-pulse-version-staging')
      .getByText('1.9.0')
      .waitFor({ timeout: 30_000 });
    expect(
      await page.getByTestId('argo-pulse-version-prod').textContent(),
    ).toMatch(/^1\.7\.4/);
    await page.getByText('prod is 1 deployment behind staging').waitFor();
    await page
      .getByText('staging runs 1.9.0, which never ran in dev')
      .waitFor();
    for (const width of [1280, 800]) {
      await page.setViewportSize({ width, height: 1000 });
      const card = page.getByTestId('argo-pulse-versions');
      expect(
        await card.evaluate(
          el =>
            (el.closest('.MuiCard-root') as HTMLElement).scrollWidth <=
            (el.closest('.MuiCard-root') as HTMLElement).clientWidth,
        ),
        `at ${width} px`,
      ).toBe(true);
      await card.scrollIntoViewIfNeeded();
      await shot(`versions-${width}`);
      // The card alone, for the frontend README.
      if (width === 1280)
        await page
          .locator('.MuiCard-root')
          .filter({ has: card })
          .screenshot({ path: join(SCREENSHOTS, 'versions-card-1280.png') });
    }
    await page.setViewportSize({ width: 1600, height: 1200 });
  }, 120_000);

  it('CI expects a new image; the card goes pending → deployed without a reload, the CLI exits 0, a history row appears', async () => {
    const subscribed = subscribedToChangeSignals(page);
    await page.goto(`${portal.url}/catalog/default/component/payments-api`);
    await page.getByTestId('argo-pulse-overview').waitFor();
    // A change stored before the page has subscribed would reach it only at its next timed re-read.
    await subscribed;
    const waiting = expectOnProd(
      'component:default/payments-api',
      'ghcr.io/acme/payments-api:2.1.0',
      ['--run-url', 'https://ci.example.com/runs/e2e'],
    );
    await page
      .getByText(/payments-api:2.1.0: pending for/)
      .waitFor({ timeout: 30_000 });
    await shot('2-pending');
    rollout('payments-api-prod', ['ghcr.io/acme/payments-api:2.1.0']);
    await page
      .getByText(/payments-api:2.1.0: live, deployed .* after the post/)
      .waitFor({ timeout: 60_000 });
    const { code, lines } = await waiting;
    expect(code, lines.join('\n')).toBe(0);
    expect(lines[lines.length - 1]).toMatch(
      /^deployed: ghcr.io\/acme\/payments-api:2.1.0/,
    );
    const history = page.locator('.MuiCard-root', {
      has: page.getByText('Deployment history', { exact: true }),
    });
    await history
      .getByText('payments-api:2.1.0', { exact: true })
      .first()
      .waitFor({ timeout: 30_000 });
    await shot('3-deployed');
  }, 150_000);

  it('live: a change lands on the open page within seconds of the backend storing it, pushed, with no reload', async () => {
    await page.goto(`${portal.url}/catalog/default/component/payments-api`);
    await page
      .getByText(/· live/)
      .first()
      .waitFor();
    // A socket with no token: Backstage's signals backend takes it as a guest. It must hear nothing.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const socket = new WebSocket(
            `${location.origin.replace(/^http/, 'ws')}/api/signals`,
          );
          const heard: string[] = [];
          Object.assign(window, { guestSocket: socket, guestHeard: heard });
          socket.onmessage = event => heard.push(String(event.data));
          socket.onerror = () => reject(new Error('the guest socket failed'));
          socket.onopen = () => {
            socket.send(
              JSON.stringify({ action: 'subscribe', channel: 'argo-pulse' }),
            );
            resolve();
          };
        }),
    );
    const staging = portal.simulator.instance('staging');
    staging.rollout('payments-api-staging', {
      images: ['ghcr.io/acme/payments-api:2.2.0'],
      manual: true,
    });
    staging.rollouts.advance(staging.application('payments-api-staging')); // syncing
    staging.rollouts.advance(staging.application('payments-api-staging')); // progressing: old and new pods run
    await waitForBackend('payments-api', apps =>
      apps.some(
        a =>
          a.name === 'payments-api-staging' &&
          a.images.includes('ghcr.io/acme/payments-api:2.2.0'),
      ),
    );
    // A live page does not poll (it refreshes on the backend's signal), so the change can only have been pushed.
    // The limit is generous for a loaded machine; it is usually well under a second.
    await page
      .getByText('payments-api:2.2.0', { exact: true })
      .first()
      .waitFor({ timeout: 5_000 });
    expect(
      await page.evaluate(() => {
        const { guestSocket, guestHeard } = window as unknown as {
          guestSocket: WebSocket;
          guestHeard: string[];
        };
        return { open: guestSocket.readyState === WebSocket.OPEN, guestHeard };
      }),
    ).toEqual({ open: true, guestHeard: [] });
    while (
      !staging.rollouts.advance(staging.application('payments-api-staging'))!
        .done
    );
  }, 60_000);

  it('a rollout whose pods degrade: its history row turns from Progressing to a red Degraded, with no reload', async () => {
    await page.goto(
      `${portal.url}/catalog/default/component/notifications-worker`,
    );
    const history = page.getByTestId('argo-pulse-history');
    await history.waitFor();
    portal.simulator.instance('dev').rollout('notifications-worker-dev', {
      images: ['acme/notifications-worker:2.1.0'],
      outcome: 'degraded',
      phaseDurationsMs: { outOfSync: 500, syncing: 500, progressing: 500 },
    });
    const newest = history
      .getByTestId('argo-pulse-deployment')
      .filter({ hasText: 'notifications-worker:2.1.0' })
      .first();
    await newest
      .getByTestId('argo-pulse-deployment-outcome')
      .filter({ hasText: 'Degraded' })
      .waitFor({ timeout: 60_000 });
    // alice owns notifications-worker: why, from the unhealthy resource.
    await newest
      .getByText(/ImagePullBackOff|Degraded/)
      .first()
      .waitFor();
    await shot('degraded-history-1280');
  }, 90_000);

  it("a failed sync without any expectation: red on the card and a history row, with Argo CD's message for the owner", async () => {
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto(`${portal.url}/catalog/default/component/payments-api`);
    await page.getByTestId('argo-pulse-overview').waitFor();
    rollout(
      'payments-api-prod',
      ['ghcr.io/acme/payments-api:2.3.0'],
      'sync-failed',
    );
    const prodRow = page
      .getByTestId('argo-pulse-application')
      .filter({ hasText: 'payments-api-prod' });
    await prodRow.getByText('Last sync').waitFor({ timeout: 30_000 });
    await prodRow.getByText('Failed', { exact: true }).waitFor();
    await prodRow
      .getByText(/admission webhook "policy.acme.example" denied the request/)
      .waitFor();
    const history = page.getByTestId('argo-pulse-history');
    await history
      .getByTestId('argo-pulse-deployment')
      .filter({ hasText: 'Failed' })
      .first()
      .waitFor({ timeout: 30_000 });
    await shot('failed-sync-1280');
    await page.setViewportSize({ width: 1600, height: 1200 });
  }, 90_000);

  it("a failing rollout: the card shows it failed, without Argo CD's message to a non-owner, and the CLI exits 1", async () => {
    await page.goto(`${portal.url}/catalog/default/component/checkout-web`);
    const waiting = expectOnProd(
      'checkout-web',
      'ghcr.io/acme/checkout-web:9.9.9',
    );
    await page
      .getByText(/checkout-web:9.9.9: pending for/)
      .waitFor({ timeout: 30_000 });
    rollout(
      'checkout-web-prod',
      ['ghcr.io/acme/checkout-web:9.9.9'],
      'sync-failed',
    );
    await page
      .getByText(/checkout-web:9.9.9: failed, the sync failed/)
      .waitFor({ timeout: 60_000 });
    // alice does not own checkout-web: the reason code, not Argo CD's message (detail).
    await page
      .getByText(
        /Argo CD's message is shown only to those who may read application detail/,
      )
      .first()
      .waitFor();
    expect(await page.getByText(/admission webhook/).count()).toBe(0);
    // Its history row names the version that failed (from the manifests at the failed revision), not only the chart revision.
    await page
      .getByTestId('argo-pulse-history')
      .getByText('checkout-web:9.9.9', { exact: true })
      .first()
      .waitFor({ timeout: 30_000 });
    const { code, lines } = await waiting;
    expect(code, lines.join('\n')).toBe(1);
    expect(lines).toContain(
      'failed (sync-failed): ghcr.io/acme/checkout-web:9.9.9',
    );
    await shot('4-failed');
  }, 150_000);

  it('a service alice may not see (inventory-service, private to team-logistics): each Argo CD card says so in one line, nothing red, at 1280 and 800 px', async () => {
    for (const width of [1280, 800]) {
      await page.setViewportSize({ width, height: 1000 });
      await page.goto(
        `${portal.url}/catalog/default/component/inventory-service`,
      );
      await page
        .getByText(/You may not see this service's/)
        .first()
        .waitFor({ timeout: 30_000 });
      expect(
        await page.getByText('argo-pulse.application.read').count(),
      ).toBeGreaterThan(0);
      expect(
        await page
          .getByText(/Forbidden|NotAllowedError|Request failed/)
          .count(),
      ).toBe(0);
      await shot(`7-not-allowed-${width}`);
    }
    await page.setViewportSize({ width: 1600, height: 1200 });
  }, 60_000);

  it('detail: the owner (alice, team-payments) sees resources; on a service she does not own, a no-access notice', async () => {
    await page.setViewportSize({ width: 1280, height: 1400 });
    await page.goto(
      `${portal.url}/catalog/default/component/payments-api/argo-cd`,
    );
    await page.getByTestId('argo-pulse-summary').waitFor();
    // payments-api-prod's last sync failed: it comes first, open, with its resources.
    await page
      .getByRole('button', { name: 'Detail of payments-api-prod (prod)' })
      .waitFor();
    expect(
      await page.getByTestId('argo-pulse-application').first().textContent(),
    ).toMatch(/^payments-api-prod/);
    await page.getByText('Resources', { exact: true }).first().waitFor();
    await page
      .getByRole('cell', { name: 'Deployment', exact: true })
      .first()
      .waitFor();
    await shot('5-detail-owner');
    // Opened, the detail fits a laptop and a narrow window: no sideways scroll, no card wider than itself.
    for (const width of [1280, 800]) {
      await page.setViewportSize({ width, height: 1400 });
      await page.getByText('Resources', { exact: true }).first().waitFor();
      const overflowing = await page.evaluate(() =>
        [
          document.documentElement,
          ...document.querySelectorAll<HTMLElement>(
            '[data-argo-pulse] .MuiPaper-root, [data-argo-pulse] table',
          ),
        ]
          .filter(el => el.scrollWidth > el.clientWidth)
          .map(el => `${el.tagName}.${el.className}`),
      );
      expect(overflowing, `at ${width} px`).toEqual([]);
      await shot(`5-detail-owner-${width}`);
    }
    await page.setViewportSize({ width: 1600, height: 1200 });

    await page.goto(
      `${portal.url}/catalog/default/component/checkout-web/argo-cd`,
    );
    await page
      .getByText(/You can see sync, health and history, but not the resources/)
      .waitFor();
    expect(await page.getByText('Resources', { exact: true }).count()).toBe(0);
    await shot('6-detail-not-owner');

    // The backend refuses it too, not only the page: alice's own token, on both services.
    const { backstageIdentity } = (await (
      await fetch(`${portal.url}/api/auth/guest/refresh`, { method: 'POST' })
    ).json()) as { backstageIdentity: { token: string } };
    const detail = (entity: string, app: string) =>
      fetch(
        `${portal.url}/api/argo-pulse/entities/component/default/${entity}/applications/prod/argocd/${app}`,
        { headers: { Authorization: `Bearer ${backstageIdentity.token}` } },
      );
    expect((await detail('payments-api', 'payments-api-prod')).status).toBe(
      200,
    );
    expect((await detail('checkout-web', 'checkout-web-prod')).status).toBe(
      403,
    );
  }, 120_000);

  it("the deployments page (sidebar, Argo CD → Deployments): alice sees no row of another team's private entity; owned-by-me keeps the URL", async () => {
    await page.goto(`${portal.url}/catalog`);
    await page.getByRole('link', { name: 'Argo CD' }).first().click();
    await page.getByRole('tab', { name: 'Deployments' }).click();
    await page.waitForURL(/\/argo-pulse\/deployments/);
    const list = page.getByTestId('argo-pulse-portal-deployments');
    // The entity index is rebuilt from the catalog in the background: wait for it.
    await list.waitFor({ timeout: 90_000 });
    const entities = async () =>
      [
        ...new Set(
          await list.locator('a[href*="/catalog/"]').allTextContents(),
        ),
      ].sort();
    expect(await entities()).toContain('payments-api');
    // inventory-service is private to team-logistics (the demo policy); alice is in team-payments.
    expect(await entities()).not.toContain('inventory-service');
    expect(
      (
        await asAlice<PortalDeploymentsResponse>(
          '/deployments?entity=component:default/inventory-service',
        )
      ).items,
    ).toEqual([]);
    // CI (a service) sees it: the rows exist, the policy hides them.
    const asCi = (await (
      await fetch(
        `${portal.url}/api/argo-pulse/deployments?entity=component:default/inventory-service`,
        { headers: { Authorization: `Bearer ${CI_TOKEN}` } },
      )
    ).json()) as PortalDeploymentsResponse;
    expect(asCi.items.length).toBeGreaterThan(0);

    await page.getByRole('checkbox', { name: 'Owned by me' }).check();
    await page.waitForURL(/mine=true/);
    await page.waitForFunction(
      () =>
        ![
          ...document.querySelectorAll(
            '[data-testid=argo-pulse-portal-deployments] a',
          ),
        ].some(a => a.textContent === 'checkout-web'),
    );
    expect(
      (await entities()).every(name =>
        ['payments-api', 'notifications-worker'].includes(name),
      ),
    ).toBe(true);
    // The team's versions per environment above the list: staging got 1.9.0 then 2.2.0 alone, prod runs 2.1.0, which staging never ran.
    const rollout = page.getByTestId('argo-pulse-rollout');
    await rollout.waitFor();
    expect(await rollout.getByRole('rowheader').allTextContents()).toEqual([
      'notifications-worker',
      'payments-api',
    ]);
    expect(
      await page
        .getByTestId('argo-pulse-rollout-payments-api-staging')
        .textContent(),
    ).toMatch(/^2\.2\.0/);
    await page
      .getByTestId('argo-pulse-drift')
      .filter({
        hasText: /^payments-api: prod runs .*, which never ran in staging/,
      })
      .waitFor();
    await fitsAt([1280, 800], 'deployments');
    // Expectations are rows of the feed too: CI's 2.1.0 for payments-api, deployed, with its run.
    await page.getByRole('button', { name: /Rows/ }).click();
    await page.getByRole('option', { name: 'Expectations only' }).click();
    await page.waitForURL(/type=expectation/);
    await page.locator('.MuiPopover-root').waitFor({ state: 'detached' }); // the menu has faded out, for the screenshot
    await page.waitForFunction(
      () =>
        document.querySelectorAll(
          '[data-testid=argo-pulse-portal-deployments] [data-testid=argo-pulse-deployment]',
        ).length === 0,
    );
    const expected = page
      .getByTestId('argo-pulse-feed-expectation')
      .filter({ hasText: 'payments-api:2.1.0: deployed' });
    await expected.waitFor();
    expect(await expected.getByText('CI run').getAttribute('href')).toBe(
      'https://ci.example.com/runs/e2e',
    );
    await page.setViewportSize({ width: 1280, height: 1000 });
    await shot('deployments-expectations-1280');
    await page.setViewportSize({ width: 1600, height: 1200 });
  }, 180_000);

  it("the Delivery tab (sidebar, Argo CD → Delivery): the team's four keys from the demo's 90 days, as the backend computes them; a degraded rollout moves the change failure rate live", async () => {
    await page.goto(`${portal.url}/catalog`);
    await page.getByRole('link', { name: 'Argo CD' }).first().click();
    await page.getByRole('tab', { name: 'Delivery' }).click();
    await page.waitForURL(/\/argo-pulse\/delivery/);
    await page.getByRole('checkbox', { name: 'Owned by me' }).check();
    await page.waitForURL(/mine=true/);
    const entities = page.getByTestId('argo-pulse-delivery-entities');
    await entities.waitFor({ timeout: 90_000 });
    await page.waitForFunction(
      () =>
        document.querySelectorAll(
          '[data-testid=argo-pulse-delivery-entities] tbody tr',
        ).length === 2,
    );
    expect(
      await entities.locator('tbody tr a[href*="/catalog/"]').allTextContents(),
    ).toEqual(['notifications-worker', 'payments-api']);
    // The page's figures are the backend's, for alice (team-payments), in words.
    const figures = page.getByTestId('argo-pulse-delivery-figure');
    const wanted = await asAlice<ArgoPulseInsightsResponse>(
      '/insights?owner=me&window=30d',
    );
    const cfr = wanted.production.changeFailureRate!;
    expect(wanted.production.deployments).toBeGreaterThan(10);
    expect(cfr.failures).toBeGreaterThan(0);
    expect(await figures.nth(0).textContent()).toContain(
      `${wanted.production.deployments} deployments`,
    );
    expect(await figures.nth(1).textContent()).toMatch(
      /median from commit to healthy/,
    );
    const failureRate = figures.filter({ hasText: 'Change failure rate' });
    await failureRate
      .filter({ hasText: `${cfr.failures} of ${cfr.settled} degraded` })
      .waitFor();
    // A chart per key, and the weeks as text beside them.
    expect(await page.locator('.recharts-wrapper').count()).toBe(4);
    expect(
      await page
        .getByTestId('argo-pulse-delivery-weeks')
        .locator('tbody tr')
        .count(),
    ).toBe(5);
    await fitsAt([1280, 800], 'delivery');
    await page.setViewportSize({ width: 1280, height: 1000 });

    // A release of notifications-worker whose pods never become ready: one more failure, live.
    portal.simulator.instance('prod').rollout('notifications-worker-prod', {
      images: ['acme/notifications-worker:2.1.1'],
      outcome: 'degraded',
      phaseDurationsMs: { outOfSync: 500, syncing: 500, progressing: 500 },
    });
    await failureRate
      .filter({ hasText: `${cfr.failures + 1} of ${cfr.settled + 1} degraded` })
      .waitFor({ timeout: 60_000 });
    await page.setViewportSize({ width: 1600, height: 1200 });
  }, 180_000);

  it('the deployments page is live: a rollout shows in the versions per environment within 2 s of the backend storing it, with no reload', async () => {
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto(`${portal.url}/argo-pulse/deployments?mine=true`);
    const staging = page.getByTestId('argo-pulse-rollout-payments-api-staging');
    await staging.waitFor({ timeout: 60_000 });
    await page
      .getByText(/· live/)
      .first()
      .waitFor();
    const instance = portal.simulator.instance('staging');
    instance.rollout('payments-api-staging', {
      images: ['ghcr.io/acme/payments-api:2.3.0'],
      manual: true,
    });
    while (
      !instance.rollouts.advance(instance.application('payments-api-staging'))!
        .done
    );
    await waitForBackend('payments-api', apps =>
      apps.some(
        a =>
          a.name === 'payments-api-staging' &&
          a.images.includes('ghcr.io/acme/payments-api:2.3.0'),
      ),
    );
    const stored = Date.now();
    await page.waitForFunction(
      () =>
        document
          .querySelector(
            '[data-testid=argo-pulse-rollout-payments-api-staging]',
          )
          ?.textContent?.startsWith('2.3.0'),
      undefined,
      { timeout: 2_000 },
    );
    console.log(
      `the deployments page showed 2.3.0 ${
        Date.now() - stored
      } ms after the backend stored it`,
    );
    await page.setViewportSize({ width: 1600, height: 1200 });
  }, 120_000);

  it("acting from the tab: alice syncs payments-api-prod, one sync reaches Argo CD and lands in the history as started by her via Backstage; on checkout-web, not her team's, there is no button", async () => {
    const calls = () =>
      portal.simulator
        .instance('prod')
        .calls.list()
        .filter(
          c => c.operation === 'sync' && c.application === 'payments-api-prod',
        );
    const before = calls().length;
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto(
      `${portal.url}/catalog/default/component/payments-api/argo-cd`,
    );
    await page.getByRole('button', { name: 'Sync payments-api-prod…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByText(
        /Argo CD syncs payments-api-prod on prod to its target revision/,
      )
      .waitFor();
    await shot('sync-dialog-1280');
    await dialog.getByRole('button', { name: 'Confirm' }).dblclick();
    await page
      .getByText(/Sync of payments-api-prod/)
      .first()
      .waitFor();
    await page
      .getByText(/sync started by .* via Backstage/)
      .first()
      .waitFor({ timeout: 60_000 });
    expect(calls().length - before).toBe(1);
    await fitsAt([1280, 800], 'actions-tab');

    await page.goto(
      `${portal.url}/catalog/default/component/checkout-web/argo-cd`,
    );
    await page.getByTestId('argo-pulse-summary').waitFor();
    await page.waitForLoadState('networkidle');
    expect(
      await page.getByRole('button', { name: /^(Sync|Refresh) / }).count(),
    ).toBe(0);
    await page.setViewportSize({ width: 1600, height: 1200 });
  }, 120_000);

  it('accessibility: axe-core finds nothing in our components on the overview, the Argo CD tab (owner and non-owner, rows open and closed) and each tab of the Argo CD page', async () => {
    const pages = [
      [
        'overview, owner',
        '/catalog/default/component/payments-api',
        'argo-pulse-overview',
      ],
      [
        'Argo CD tab, owner, a row open',
        '/catalog/default/component/payments-api/argo-cd',
        'argo-pulse-summary',
      ],
      [
        'Argo CD tab, non-owner',
        '/catalog/default/component/checkout-web/argo-cd',
        'argo-pulse-summary',
      ],
      [
        'overview, not allowed',
        '/catalog/default/component/inventory-service',
        'argo-pulse-not-allowed',
      ],
      [
        'deployments',
        '/argo-pulse/deployments?mine=true',
        'argo-pulse-rollout',
      ],
      [
        'delivery',
        '/argo-pulse/delivery?mine=true',
        'argo-pulse-delivery-entities',
      ],
      ['instances', '/argo-pulse/instances', 'argo-pulse-instances-summary'],
    ];
    const found: string[] = [];
    for (const [name, path, testId] of pages) {
      await page.goto(`${portal.url}${path}`);
      await page.getByTestId(testId).first().waitFor({ timeout: 60_000 });
      await page.waitForLoadState('networkidle');
      found.push(
        ...(await ourAccessibilityViolations(page)).map(v => `${name}: ${v}`),
      );
    }
    expect(found).toEqual([]);
  }, 180_000);

  it('the instances page (sidebar, Argo CD → Instances) shows an instance the simulator made unreachable, and fits 1280 and 800 px', async () => {
    const staging = portal.simulator.instance('staging');
    staging.faults.set({ refuseConnections: true });
    try {
      await page.goto(`${portal.url}/catalog`);
      await page.getByRole('link', { name: 'Argo CD' }).first().click();
      await page.getByRole('tab', { name: 'Instances' }).click();
      await page.waitForURL(/\/argo-pulse\/instances$/);
      const card = page
        .getByTestId('argo-pulse-instance')
        .filter({ hasText: 'staging' });
      await card.getByText('unreachable').waitFor();
      expect(await card.textContent()).toMatch(/Last errorcannot connect/);
      expect(
        await page.getByTestId('argo-pulse-instances-summary').textContent(),
      ).toMatch(/1 unreachable/);
      expect(
        await page.getByTestId('argo-pulse-instance').first().textContent(),
      ).toMatch(/^staging/);
      await fitsAt([1280, 800], 'instances');
    } finally {
      staging.faults.clear();
      await page.setViewportSize({ width: 1600, height: 1200 });
    }
    await page
      .getByTestId('argo-pulse-instance')
      .filter({ hasText: 'staging' })
      .getByText('reachable', { exact: true })
      .waitFor({ timeout: 30_000 });
  }, 120_000);

  // Last: it gives payments-api one more application in dev, which the tests above do not expect.
  it("a template waits for its new application (Create… → Wait for a service's new application): the step runs until payments-api-preview is in Argo CD, Synced and Healthy, then the task links to it", async () => {
    const control = `${portal.simulator.url}/control/instances/dev/applications`;
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto(`${portal.url}/create`);
    await page
      .locator('.MuiCard-root')
      .filter({ hasText: "Wait for a service's new application" })
      .getByRole('button', { name: 'Choose' })
      .click();
    await page.waitForURL(
      /\/create\/templates\/default\/wait-for-first-deployment/,
    );
    const service = page.getByRole('textbox', { name: /^Service/ });
    await service.fill('payments-api');
    await page.getByRole('option', { name: 'payments-api' }).click();
    await page
      .getByRole('textbox', { name: 'Application' })
      .fill('payments-api-preview');
    await page.getByRole('button', { name: /Argo CD instance/ }).click();
    await page.getByRole('option', { name: 'dev', exact: true }).click();
    await page.getByRole('spinbutton', { name: /Give up after/ }).fill('120');
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/create\/tasks\/[^/]+$/);
    /** The task's status in the scaffolder backend, read as alice. */
    const taskStatus = async () => {
      const { backstageIdentity } = (await (
        await fetch(`${portal.url}/api/auth/guest/refresh`, { method: 'POST' })
      ).json()) as { backstageIdentity: { token: string } };
      const taskId = new URL(page.url()).pathname.split('/').pop();
      const task = (await (
        await fetch(`${portal.url}/api/scaffolder/v2/tasks/${taskId}`, {
          headers: { Authorization: `Bearer ${backstageIdentity.token}` },
        })
      ).json()) as { status: string };
      return task.status;
    };

    // Waiting: its one step runs (a spinner in its label), and its log says what it looks for.
    const step = page
      .getByTestId('step-label')
      .filter({ hasText: 'Wait for its application to be Synced and Healthy' });
    await step.getByRole('progressbar').waitFor();
    await page.getByRole('button', { name: /Show Logs/i }).click();
    await page
      .getByText(
        'Waiting: component:default/payments-api has no application named payments-api-preview in dev',
      )
      .first()
      .waitFor({ timeout: 30_000 });
    expect(await taskStatus()).toBe('processing');
    await shot('template-waiting-1280');

    // As an ApplicationSet would, through the simulator's control API (the template's description).
    try {
      const created = await fetch(control, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          name: 'payments-api-preview',
          // payments-api's annotation: argocd/app-selector: backstage.io/component=payments-api
          labels: { 'backstage.io/component': 'payments-api' },
          destination: { namespace: 'preview' },
          sources: [
            {
              repoURL: 'https://github.com/acme/deployments.git',
              path: 'apps/payments-api/preview',
            },
          ],
          images: ['ghcr.io/acme/payments-api:1.8.0'],
        }),
      });
      expect(created.status).toBe(201);
      // Argo Pulse's next poll finds it; the step looks every 3 s.
      let argoCdUrl = '';
      await waitForBackend('payments-api', apps => {
        const preview = apps.find(a => a.name === 'payments-api-preview');
        argoCdUrl = preview?.argoCdUrl ?? '';
        return !!preview;
      });
      const link = page.getByRole('link', {
        name: 'payments-api-preview in Argo CD',
      });
      await link.waitFor({ timeout: 60_000 });
      expect(await link.getAttribute('href')).toBe(argoCdUrl);
      await step.getByRole('progressbar').waitFor({ state: 'detached' });
      expect(await taskStatus()).toBe('completed');
      await page
        .getByRole('link', { name: 'The service in Backstage' })
        .waitFor();
      await page
        .getByText(/payments-api-preview Synced and Healthy/)
        .first()
        .waitFor();
      // The log viewer takes its box's width a frame after a resize (an AutoSizer): until then it
      // is as wide as before, so the page is measured once it has settled, within a bound.
      for (const width of [1280, 800]) {
        await page.setViewportSize({ width, height: 1000 });
        await expect
          .poll(pageFits, { message: `page at ${width} px`, timeout: 5_000 })
          .toBe(true);
        await shot(`template-done-${width}`);
      }
    } finally {
      await fetch(`${control}/payments-api-preview`, { method: 'DELETE' });
      await page.setViewportSize({ width: 1600, height: 1200 });
    }
  }, 180_000);
  it("the canary story from the README: cart-api's canary shows its step and weight while paused and CI's expectation waiting for it; promoted, it lands and the CLI exits 0", async () => {
    const prod = portal.simulator.instance('prod');
    const subscribed = subscribedToChangeSignals(page);
    await page.goto(`${portal.url}/catalog/default/component/cart-api`);
    await page.getByTestId('argo-pulse-overview').waitFor();
    await subscribed;
    const waiting = expectOnProd(
      'component:default/cart-api',
      'ghcr.io/acme/cart-api:2.5.0',
    );
    await page
      .getByText(/cart-api:2.5.0: pending for/)
      .waitFor({ timeout: 30_000 });
    // npm run demo:rollout -- cart-api-prod ghcr.io/acme/cart-api:2.5.0
    prod.rollout('cart-api-prod', {
      images: ['ghcr.io/acme/cart-api:2.5.0'],
      phaseDurationsMs: { outOfSync: 500, syncing: 500, progressing: 500 },
    });
    const overview = page.getByTestId('argo-pulse-overview');
    await overview
      .getByText('canary 20 % (step 2 of 5), paused', { exact: true })
      .waitFor({ timeout: 30_000 });
    // What the expectation waits for says where the canary stands.
    await page
      .getByText(/Rollout cart-api: canary 20 % \(step 2 of 5\), paused/)
      .first()
      .waitFor({ timeout: 30_000 });
    await fitsAt([1280, 800], 'canary-paused');
    await page.setViewportSize({ width: 1600, height: 1200 });

    // npm run demo:rollout -- promote cart-api-prod: 50 %, then a 30 s pause, promoted too.
    prod.promote('cart-api-prod');
    await overview
      .getByText('canary 50 % (step 4 of 5), paused', { exact: true })
      .waitFor({ timeout: 30_000 });
    prod.promote('cart-api-prod');
    await page
      .getByText(/cart-api:2.5.0: live, deployed .* after the post/)
      .waitFor({ timeout: 60_000 });
    expect(await overview.getByText(/^canary /).count()).toBe(0);
    const { code, lines } = await waiting;
    expect(code, lines.join('\n')).toBe(0);
    await shot('canary-promoted');
  }, 180_000);
});
