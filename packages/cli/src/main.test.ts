import { mockCredentials } from '@backstage/backend-test-utils';
import { createServer, RequestListener, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createTestDatabases,
  gitApp,
  startPluginWithSimulator,
} from '@argo-pulse/test-support';
import { EXIT } from './exitCodes';
import { run } from './main';

const databases = createTestDatabases();

/** `expect` with each option as `--name value`, in the order given, then `flags`. */
const expectArgs = (options: Record<string, string>, ...flags: string[]) => [
  'expect',
  ...Object.entries(options).flatMap(([name, value]) => [`--${name}`, value]),
  ...flags,
];

/** Runs the CLI and keeps what it prints; each of its waits runs `onWait` instead of sleeping. */
async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  onWait: () => Promise<void> = async () => {},
) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(
    argv,
    env,
    { out: line => out.push(line), err: line => err.push(line) },
    { sleep: onWait },
  );
  return { code, out, err };
}

/** Runs `test` against a stand-in for Backstage that answers with `handler`, and stops it after. */
async function withFakeBackstage(
  handler: RequestListener,
  test: (url: string) => Promise<void>,
) {
  const server = createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  try {
    await test(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.close();
  }
}

/** The CLI against a real Argo Pulse backend and the simulator; its waits drive the rollout. */
describe('argo-pulse (the CLI) against the backend', () => {
  let harness: Awaited<ReturnType<typeof startPluginWithSimulator>>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    harness = await startPluginWithSimulator({
      databases,
      databaseId: 'SQLITE_3',
    });
    await harness.poll();
    env = {
      ARGO_PULSE_URL: `http://127.0.0.1:${
        (harness.backend.server.address() as AddressInfo).port
      }`,
      ARGO_PULSE_TOKEN: mockCredentials.user.token(),
    };
  });
  afterAll(() => harness.stop());

  const cli = (
    argv: string[],
    onWait?: () => Promise<void>,
    environment = env,
  ) => runCli(argv, environment, onWait);

  /** Posts an expectation (without --wait); answers the exit code and the id printed. */
  const post = async (options: Record<string, string>) => {
    const { code, out } = await cli(expectArgs(options));
    const id = /^expectation ([0-9a-f-]{36}) accepted/.exec(out[0])![1];
    return { code, id };
  };

  /** Each wait of the CLI applies the next phase of a manual rollout and polls, as time would. */
  function rolloutSteps(
    app: string,
    body: {
      images: string[];
      outcome?: 'success' | 'sync-failed';
      failureMessage?: string;
    },
  ) {
    const prod = harness.simulator.instance('prod');
    prod.rollout(app, { manual: true, ...body });
    return async () => {
      prod.rollouts.advance(prod.application(app));
      await harness.poll('prod');
    };
  }

  it('expect --wait: prints progress, ends deployed, exits 0', async () => {
    const wait = rolloutSteps('checkout-web-prod', {
      images: ['ghcr.io/acme/checkout-web:4.0.0'],
    });
    const result = await cli(
      expectArgs(
        {
          entity: 'checkout-web',
          instance: 'prod',
          image: 'ghcr.io/acme/checkout-web:4.0.0',
        },
        '--wait',
      ),
      wait,
    );
    expect(result.code).toBe(EXIT.deployed);
    expect(result.out[0]).toMatch(
      /^expectation [0-9a-f-]{36} accepted: http:\/\/.+\/api\/argo-pulse\/expectations\//,
    );
    expect(
      result.out.some(line =>
        /^\[\d+s\] pending: prod\/checkout-web-prod: /.test(line),
      ),
    ).toBe(true);
    expect(result.out[result.out.length - 1]).toMatch(
      /^deployed: ghcr.io\/acme\/checkout-web:4.0.0/,
    );
  });

  it('a failing rollout: the reason and the Argo CD link, exit 1', async () => {
    const wait = rolloutSteps('payments-api-prod', {
      images: ['ghcr.io/acme/payments-api:9.0.0'],
      outcome: 'sync-failed',
      failureMessage: 'admission webhook denied',
    });
    const result = await cli(
      expectArgs(
        {
          entity: 'payments-api',
          instance: 'prod',
          image: 'ghcr.io/acme/payments-api:9.0.0',
        },
        '--wait',
      ),
      wait,
    );
    expect(result.code).toBe(EXIT.failed);
    expect(result.err).toEqual([
      'failed (sync-failed): ghcr.io/acme/payments-api:9.0.0',
      'prod/payments-api-prod: sync failed: admission webhook denied',
      expect.stringMatching(
        /^Argo CD: http:\/\/127.0.0.1:\d+\/instances\/prod\/applications\/argocd\/payments-api-prod$/,
      ),
    ]);
  });

  it('expect --wait for an application Argo Pulse has not seen yet: accepted, it waits for it to appear, then as usual', async () => {
    const dev = harness.simulator.instance('dev');
    let waits = 0;
    const result = await cli(
      expectArgs(
        {
          application: 'dev/payments-api-pr-42',
          image: 'ghcr.io/acme/payments-api:1.7.4',
          interval: '1s',
        },
        '--wait',
      ),
      async () => {
        // The ApplicationSet creates the application while CI waits; Argo Pulse's next poll finds it.
        if (++waits === 2)
          dev.createApplication(
            gitApp('payments-api-pr-42', {
              project: 'payments',
              labels: { 'backstage.io/component': 'payments-api' },
              destination: { namespace: 'payments-pr' },
              images: ['ghcr.io/acme/payments-api:1.7.4'],
            }),
          );
        await harness.poll('dev');
      },
    );
    expect(result.out[0]).toMatch(/^expectation [0-9a-f-]{36} accepted/);
    expect(result.out).toContainEqual(
      expect.stringMatching(
        /^\[\d+s\] pending: dev\/payments-api-pr-42: not in Argo CD yet$/,
      ),
    );
    expect(result.code).toBe(EXIT.deployed);
  });

  it("expect --wait for an entity without --instance: says which instances it targets; a deployed verdict gives both the wait and Argo CD's sync time", async () => {
    // Said on acceptance, waiting or not; without --wait this call does not spin until a deadline.
    const result = await cli(
      expectArgs({
        entity: 'notifications-worker',
        image: 'acme/notifications-worker:2.0.3',
      }),
    );
    expect(result.out[1]).toBe(
      'targeting every instance of component:default/notifications-worker: dev, prod (narrow it with --instance)',
    );

    const wait = rolloutSteps('inventory-prod-eu', {
      images: ['ghcr.io/acme/inventory:0.15.0', 'docker.io/library/redis:7.2'],
    });
    const deployed = await cli(
      expectArgs(
        {
          entity: 'inventory-service',
          application: 'prod/inventory-prod-eu',
          image: 'ghcr.io/acme/inventory:0.15.0',
        },
        '--wait',
      ),
      wait,
    );
    expect(deployed.out).not.toContainEqual(
      expect.stringMatching(/^targeting every instance/),
    );
    expect(deployed.out[deployed.out.length - 1]).toMatch(
      /^deployed: ghcr.io\/acme\/inventory:0.15.0 \(\d+s after the post; Argo CD's sync took \d+s\)$/,
    );
  });

  it("list: the entity's recent expectations, newest first, one line each; cancel: a pending one, then 409", async () => {
    const { id } = await post({
      entity: 'inventory-service',
      instance: 'dev',
      image: 'ghcr.io/acme/inventory:7.7.7',
    });
    const listed = await cli([
      'list',
      '--entity',
      'inventory-service',
      '--state',
      'pending',
      '--limit',
      '5',
    ]);
    expect(listed.code).toBe(EXIT.deployed);
    expect(listed.out[0]).toMatch(
      new RegExp(
        `^\\S+Z  pending +  dev +  ghcr.io/acme/inventory:7.7.7  ${id}$`,
      ),
    );

    const cancelled = await cli(['cancel', id]);
    expect(cancelled.code).toBe(EXIT.deployed);
    expect(cancelled.out[0]).toBe('cancelled: ghcr.io/acme/inventory:7.7.7');
    const again = await cli(['cancel', id]);
    expect(again.code).toBe(EXIT.usage);
    expect(again.err[0]).toBe(
      `argo-pulse: Argo Pulse refused the request (409): Expectation ${id} is already cancelled`,
    );
  });

  it("a --url that is not Backstage's base: an API path is refused before any request; a server without Argo Pulse gets the URL tried and a hint", async () => {
    const withPath = await cli(
      ['status', '00000000-0000-4000-8000-000000000000'],
      undefined,
      { ...env, ARGO_PULSE_URL: `${env.ARGO_PULSE_URL}/api/argo-pulse` },
    );
    expect(withPath.code).toBe(EXIT.usage);
    expect(withPath.err[0]).toContain(
      `argo-pulse: --url must be Backstage's base URL, without an API path: "${env.ARGO_PULSE_URL}", not "${env.ARGO_PULSE_URL}/api/argo-pulse"`,
    );

    // Argo CD's own URL: its API refuses Backstage's token, in its own words.
    const argoCd = harness.simulator.instanceUrl('dev');
    const wrong = await cli(
      ['status', '00000000-0000-4000-8000-000000000000'],
      undefined,
      { ...env, ARGO_PULSE_URL: argoCd },
    );
    expect(wrong.code).toBe(EXIT.unreachable);
    expect(wrong.err[0]).toContain(
      `(tried GET ${argoCd}/api/argo-pulse/expectations/00000000-0000-4000-8000-000000000000: is --url Backstage's base URL`,
    );
  });

  it('a timeout: exit 2', async () => {
    const result = await cli(
      expectArgs(
        {
          entity: 'inventory-service',
          instance: 'dev',
          image: 'ghcr.io/acme/inventory:9.9.9',
          timeout: '1s',
        },
        '--wait',
      ),
      () => new Promise(resolve => setTimeout(resolve, 300)),
    );
    expect(result.code).toBe(EXIT.timedOut);
    expect(result.err[0]).toBe(
      'failed (timeout): ghcr.io/acme/inventory:9.9.9',
    );
  });

  it("input the server refuses: exit 3 with the server's message", async () => {
    const result = await cli(expectArgs({ entity: 'docs-site', image: 'x:1' }));
    expect(result.code).toBe(EXIT.usage);
    expect(result.err[0]).toBe(
      'argo-pulse: Argo Pulse refused the request (400): component:default/docs-site has no argocd/app-name or argocd/app-selector annotation',
    );
  });

  it('a token Backstage refuses: exit 4', async () => {
    const result = await cli(
      ['status', '00000000-0000-4000-8000-000000000000'],
      undefined,
      { ...env, ARGO_PULSE_TOKEN: 'not-a-token' },
    );
    expect(result.code).toBe(EXIT.unreachable);
    expect(result.err[0]).toMatch(
      /^argo-pulse: Backstage refused the request \(401\)/,
    );
  });

  it('Backstage unreachable: retried, then exit 4', async () => {
    const result = await cli(['status', 'x', '--url', 'http://127.0.0.1:1']);
    expect(result.code).toBe(EXIT.unreachable);
    expect(result.err.filter(line => line.includes('retrying'))).toHaveLength(
      4,
    );
    expect(result.err[result.err.length - 1]).toMatch(
      /^argo-pulse: Backstage at http:\/\/127.0.0.1:1 is unreachable: cannot connect/,
    );
  });

  it('status of a pending expectation exits 5 and says what it waits for', async () => {
    const { id } = await post({
      entity: 'checkout-web',
      instance: 'staging',
      image: 'ghcr.io/acme/checkout-web:7.0.0',
    });
    const status = await cli(['status', id]);
    expect(status.code).toBe(EXIT.pending);
    expect(status.out).toEqual([
      'pending: ghcr.io/acme/checkout-web:7.0.0',
      expect.stringMatching(
        /^ {2}waiting for staging\/checkout-web-staging: runs /,
      ),
    ]);
  });

  it('status prints the verdict and exits with its code', async () => {
    // What the dev instance runs now, whatever other tests rolled out: deployed at once.
    const running = (
      await harness.get(
        '/entities/component/default/notifications-worker/applications',
      )
    ).body.applications.find((a: { instance: string }) => a.instance === 'dev')
      .images[0];
    const { code, id } = await post({
      entity: 'notifications-worker',
      instance: 'dev',
      image: running,
    });
    expect(code).toBe(EXIT.deployed);
    const status = await cli(['status', id]);
    expect(status).toMatchObject({
      code: EXIT.deployed,
      out: [expect.stringMatching(/^deployed: /)],
    });
  });
});

/** Answers JSON with `status`. */
const answerJson = (res: ServerResponse, status: number, body: unknown) =>
  res
    .writeHead(status, { 'Content-Type': 'application/json' })
    .end(JSON.stringify(body));

describe('argo-pulse retries a POST with the same Idempotency-Key', () => {
  it('after a 503, the retry carries the key of the first attempt', async () => {
    const keys: string[] = [];
    await withFakeBackstage(
      (req, res) => {
        keys.push(String(req.headers['idempotency-key']));
        if (keys.length === 1) {
          res.writeHead(503).end('upstream unavailable');
          return;
        }
        answerJson(res, 202, {
          id: 'e1',
          statusUrl: 'http://x/api/argo-pulse/expectations/e1',
          expectation: {
            id: 'e1',
            state: 'pending',
            applications: [],
            images: [],
            createdAt: '',
            deadline: '',
          },
        });
      },
      async url => {
        const { code, err } = await runCli(
          expectArgs({ entity: 'x', image: 'x:1', url, token: 't' }),
          {},
        );
        expect(code).toBe(EXIT.deployed);
        expect(keys).toHaveLength(2);
        expect(keys[1]).toBe(keys[0]);
        expect(err[0]).toMatch(/POST \/expectations: 503: .*retrying \(1\/4\)/);
      },
    );
  });
});

describe('argo-pulse --wait outlives a Backstage outage', () => {
  it('an answerless stretch longer than the retries is waited out, not an exit 4', async () => {
    let gets = 0;
    const pending = {
      id: 'e1',
      state: 'pending',
      applications: [],
      images: ['x:1'],
      createdAt: new Date().toISOString(),
      deadline: new Date(Date.now() + 600_000).toISOString(),
    };
    await withFakeBackstage(
      (req, res) => {
        if (req.method === 'POST') {
          answerJson(res, 202, {
            id: 'e1',
            statusUrl: 'http://x/e1',
            expectation: pending,
          });
          return;
        }
        gets++;
        if (gets <= 7) {
          res.writeHead(503).end('restarting');
          return;
        }
        answerJson(res, 200, {
          ...pending,
          state: 'deployed',
          durationSeconds: 30,
        });
      },
      async url => {
        const { code, err } = await runCli(
          expectArgs({ entity: 'x', image: 'x:1', url, token: 't' }, '--wait'),
          {},
        );
        expect(code).toBe(EXIT.deployed);
        expect(err.some(line => line.endsWith('; still waiting'))).toBe(true);
      },
    );
  });
});
