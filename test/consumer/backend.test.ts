// The packed backend plugin and CLI, installed outside this repository the
// way the README tells a user to, against the Argo CD simulator.
import { inject } from 'vitest';
import { join, resolve } from 'node:path';
import { existsSync, readdirSync } from 'node:fs';
import {
  gitApp,
  TEST_TOKEN,
  testInstance,
} from '@argo-pulse/argocd-simulator/testing';
import { useTestSimulator } from '@argo-pulse/argocd-simulator/testing/useTestSimulator';
import { waitFor } from '@argo-pulse/test-support';
// The MCP client is the test's own, from this repository: it is what a user's assistant would be.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  appliedMigrations,
  CI_TOKEN,
  ConsumerBackend,
  startConsumerBackend,
} from './consumerBackend';
import {
  argoPulseEngineWarnings,
  ConsumerProject,
  createConsumerProject,
  run,
} from './consumerProject';
import { syncedAndHealthy } from './overview';
import { MCP_TOKEN } from './readmeMcp';

const SERVICES = ['payments-api', 'checkout-web'];

const catalogYaml = SERVICES.map(
  name => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations:
    argocd/app-name: ${name}-prod
spec:
  type: service
  lifecycle: production
  owner: team-a
`,
).join('---\n');

// Started first and closed last, after the backend that polls it.
const { simulator } = useTestSimulator({
  instances: [
    testInstance(
      'prod',
      SERVICES.map(name =>
        gitApp(`${name}-prod`, { images: [`ghcr.io/acme/${name}:1.0.0`] }),
      ),
    ),
  ],
});
let backend: ConsumerBackend;
let cli: ConsumerProject;

beforeAll(async () => {
  cli = await createConsumerProject({
    name: 'consumer-ci',
    packageJson: {
      dependencies: {
        '@argo-pulse/cli': `file:${inject('tarballs')['@argo-pulse/cli']}`,
      },
    },
    files: {},
  });
  backend = await startConsumerBackend({
    tarballs: inject('tarballs'),
    catalogYaml,
    argoPulseConfig: {
      instances: [
        {
          name: 'prod',
          url: simulator().instanceUrl('prod'),
          token: TEST_TOKEN,
        },
      ],
      polling: { frequency: { seconds: 1 } },
    },
  });
  await waitFor(
    'a first poll and the catalog serving both services',
    async () => {
      const results = await Promise.all(
        SERVICES.map(name =>
          backend.call(
            `/api/argo-pulse/entities/component/default/${name}/applications`,
          ),
        ),
      );
      return results.every(
        r => r.status === 200 && r.body.applications.length === 1,
      );
    },
    120_000,
  );
});

afterAll(async () => {
  await backend?.stop();
  cli?.remove();
});

describe('the packed backend plugin in a fresh Backstage backend', () => {
  it(`installs on Node.js ${process.versions.node} with no engine warning from Argo Pulse's dependencies`, async () => {
    expect(await argoPulseEngineWarnings(backend.project)).toEqual([]);
  });

  it('ran its migrations in the backend database', async () => {
    const shipped = readdirSync(
      resolve(__dirname, '../../plugins/argo-pulse-backend/migrations'),
    )
      .filter(f => f.endsWith('.js'))
      .sort();
    expect(shipped.length).toBeGreaterThan(0);
    expect(await appliedMigrations(backend.database)).toEqual(shipped);
  });

  it("serves an entity's overview polled from Argo CD", async () => {
    const { status, body } = await backend.call(
      '/api/argo-pulse/entities/component/default/payments-api/applications',
    );
    expect(status).toBe(200);
    expect(body.applications).toEqual([
      syncedAndHealthy('payments-api-prod', 'prod', {
        images: expect.arrayContaining([
          expect.stringMatching(/^ghcr\.io\/acme\/payments-api:/),
        ]),
      }),
    ]);
    expect(body.instances).toEqual([
      expect.objectContaining({
        instance: 'prod',
        stale: false,
        lastSuccessAt: expect.any(String),
      }),
    ]);
  });

  it('takes a posted expectation to deployed after the rollout', async () => {
    const created = await backend.call('/api/argo-pulse/expectations', {
      method: 'POST',
      body: {
        entityRef: 'component:default/payments-api',
        images: ['ghcr.io/acme/payments-api:2.0.0'],
      },
    });
    expect(created.status).toBe(202);
    simulator()
      .instance('prod')
      .rollout('payments-api-prod', {
        images: ['ghcr.io/acme/payments-api:2.0.0'],
      });
    let state = 'pending';
    await waitFor(
      'the expectation to resolve',
      async () => {
        state = (
          await backend.call(`/api/argo-pulse/expectations/${created.body.id}`)
        ).body.state;
        return state !== 'pending';
      },
      60_000,
    );
    expect(state).toBe('deployed');
  });
});

describe('the packed backend plugin with the MCP actions backend, added as the README says', () => {
  it("lists Argo Pulse's actions as MCP tools, with their hints, and answers a call", async () => {
    const client = new Client({ name: 'consumer-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(
        new URL('/api/mcp-actions/v1', backend.url),
        { requestInit: { headers: { Authorization: `Bearer ${MCP_TOKEN}` } } },
      ),
    );
    try {
      const tools = new Map(
        (await client.listTools()).tools.map(tool => [tool.name, tool]),
      );
      // The README's mcpActions.namespacedToolNames: false drops the plugin's prefix.
      const hints = (name: string) => {
        const annotations = tools.get(name)?.annotations;
        return (
          annotations && [annotations.readOnlyHint, annotations.destructiveHint]
        );
      };
      expect({
        'get-deployment-status': hints('get-deployment-status'),
        'list-deployments': hints('list-deployments'),
        'get-version-matrix': hints('get-version-matrix'),
        'refresh-application': hints('refresh-application'),
        'sync-application': hints('sync-application'),
      }).toEqual({
        'get-deployment-status': [true, false],
        'list-deployments': [true, false],
        'get-version-matrix': [true, false],
        'refresh-application': [false, true],
        'sync-application': [false, true],
      });

      const answer = await client.callTool({
        name: 'get-deployment-status',
        arguments: { entityRef: 'payments-api' },
      });
      expect(answer.isError).toBeFalsy();
      expect(answer.structuredContent).toMatchObject({
        entityRef: 'component:default/payments-api',
        applications: [
          expect.objectContaining({
            name: 'payments-api-prod',
            instance: 'prod',
          }),
        ],
      });
    } finally {
      await client.close();
    }
  });
});

describe('the packed CLI, installed into an empty folder', () => {
  const bin = () => join(cli.dir, 'node_modules/.bin/argo-pulse');

  it(`installs on Node.js ${process.versions.node} with no dependency and no engine warning`, () => {
    expect(cli.installLog).not.toMatch(/EBADENGINE/);
    expect(
      readdirSync(join(cli.dir, 'node_modules')).filter(
        name => !name.startsWith('.'),
      ),
    ).toEqual(['@argo-pulse']);
  });

  it('runs from its build, without tsx, and prints its usage', async () => {
    expect(existsSync(join(cli.dir, 'node_modules/tsx'))).toBe(false);
    expect(existsSync(join(cli.dir, 'node_modules/@argo-pulse/cli/src'))).toBe(
      false,
    );
    const output = await run(bin(), ['--help'], { cwd: cli.dir });
    expect(output).toMatch(/^usage:\n {2}argo-pulse expect --entity <ref>/);
  });

  it('posts an expectation and waits until it is deployed (exit 0)', async () => {
    const waiting = run(
      bin(),
      [
        'expect',
        '--entity',
        'component:default/checkout-web',
        '--image',
        'ghcr.io/acme/checkout-web:2.0.0',
        '--interval',
        '1s',
        '--timeout',
        '2m',
        '--wait',
      ],
      {
        cwd: cli.dir,
        env: { ARGO_PULSE_URL: backend.url, ARGO_PULSE_TOKEN: CI_TOKEN },
      },
    );
    simulator()
      .instance('prod')
      .rollout('checkout-web-prod', {
        images: ['ghcr.io/acme/checkout-web:2.0.0'],
      });
    const output = await waiting;
    expect(output).toMatch(/deployed: ghcr\.io\/acme\/checkout-web:2\.0\.0/);
  });
});
