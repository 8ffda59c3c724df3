// The demo backend as an MCP server, with a client configured from the README's "Ask an AI
// assistant (MCP)": its URL and token, and its three questions' tool calls, answered as the
// README says. A real client from @modelcontextprotocol/sdk over Streamable HTTP, against
// Backstage's own auth (the static token of app-config.yaml, and alice signed in as a guest),
// catalog, permission backend with the demo policy, Argo Pulse and the MCP actions backend.
import { loadScenarioFile, startSimulator } from '@argo-pulse/argocd-simulator';
import type { RunningSimulator } from '@argo-pulse/argocd-simulator';
import argoPulsePlugin, {
  detailTaskId,
  ENTITY_INDEX_TASK_ID,
  pollTaskId,
  SETTLE_DEPLOYMENTS_TASK_ID,
} from '@argo-pulse/backstage-plugin-backend';
import { eventually } from '@argo-pulse/test-support';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type {
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const repoFile = (path: string) =>
  readFileSync(resolvePackagePath('backend', `../../${path}`), 'utf8');
const SCENARIO = resolvePackagePath(
  '@argo-pulse/argocd-simulator',
  'scenarios/demo.yaml',
);
const CATALOG = resolvePackagePath(
  'backend',
  '../../test/fixtures/catalog.yaml',
);
const DAY_MS = 24 * 3600_000;

/** The README's section on MCP: what a user configures a client from. */
function readmeMcpSection() {
  const readme = repoFile('README.md');
  const start = readme.indexOf('## Ask an AI assistant (MCP)');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const clientConfig = [...section.matchAll(/```json\n([\s\S]*?)```/g)]
    .map(m => JSON.parse(m[1]))
    .find(json => json.mcpServers);
  const [server] = Object.values(clientConfig.mcpServers) as Array<{
    url: string;
    headers: Record<string, string>;
  }>;
  // Table rows: | question | `tool` `{arguments}` | answer |
  const questions = [
    ...section.matchAll(/^\| ([^|]+\?) \| `([^`]+)` `(\{[^`]*\})` \|/gm),
  ].map(m => ({ question: m[1], tool: m[2], arguments: JSON.parse(m[3]) }));
  return { server, questions };
}

const README = readmeMcpSection();
const ask = (question: string) => {
  const found = README.questions.find(q => q.question === question);
  if (!found) throw new Error(`the README asks no "${question}"`);
  return found;
};

const APP_CONFIG = parse(repoFile('app-config.yaml'));

/** The demo's app-config.yaml, with the simulator, the test's own server and an in-memory database. */
function demoConfig(simulator: RunningSimulator) {
  const appConfig = structuredClone(APP_CONFIG);
  // The test backend listens on a port of its own; no browser calls it.
  const { baseUrl, listen, cors, database, ...backend } = appConfig.backend;
  return {
    ...appConfig,
    backend: {
      ...backend,
      database: { client: 'better-sqlite3', connection: ':memory:' },
      auth: {
        externalAccess: [
          ...backend.auth.externalAccess,
          // The README's advice for a static token in one's own Backstage, and a token without argo-pulse.
          {
            type: 'static',
            options: { token: 'restricted-mcp-token', subject: 'restricted' },
            accessRestrictions: [
              { plugin: 'mcp-actions' },
              { plugin: 'argo-pulse' },
            ],
          },
          {
            type: 'static',
            options: { token: 'mcp-only-token', subject: 'mcp-only' },
            accessRestrictions: [{ plugin: 'mcp-actions' }],
          },
        ],
      },
    },
    auth: {
      ...appConfig.auth,
      // The guest provider refuses outside NODE_ENV=development unless told; tests run as "test".
      providers: {
        guest: {
          ...appConfig.auth.providers.guest,
          dangerouslyAllowOutsideDevelopment: true,
        },
      },
    },
    catalog: {
      ...appConfig.catalog,
      locations: [{ type: 'file', target: CATALOG }],
    },
    argoPulse: {
      ...appConfig.argoPulse,
      instances: appConfig.argoPulse.instances.map(
        (instance: { name: string }) => ({
          ...instance,
          url: simulator.instanceUrl(instance.name),
        }),
      ),
      // The simulator's degraded notifications-worker-prod settles at once, as it does two
      // minutes into the demo.
      expectations: {
        ...appConfig.argoPulse.expectations,
        degradedGrace: { milliseconds: 1 },
      },
    },
  };
}

/** The demo token, as the README's client configuration sends it. */
const DEMO_TOKEN = README.server.headers.Authorization.replace(/^Bearer /, '');
/** The demo's CI token: unrestricted, so the setup can read the catalog (the MCP token may not). */
const CI_TOKEN = 'demo-ci-token';

let simulator: RunningSimulator;
let backend: Awaited<ReturnType<typeof startTestBackend>>;
let scheduler: SchedulerService & {
  factory(options: { skipTaskRunOnStartup?: boolean }): ServiceFactory;
  waitForTask(id: string): Promise<void>;
};
let origin: string;
const clients: Client[] = [];

/** An MCP client of the README's server URL (on the test's port), sending this token. */
async function connect(token: string): Promise<Client> {
  const url = new URL(README.server.url);
  const client = new Client({ name: 'argo-pulse-mcp-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url.pathname, origin), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  clients.push(client);
  return client;
}

/** One tool call's answer: its output, or the message of the error it was refused with. */
async function call(client: Client, tool: string, args: object) {
  const result = await client.callTool({
    name: tool,
    arguments: args as Record<string, unknown>,
  });
  const text = (result.content as Array<{ text: string }>)[0].text;
  return {
    isError: Boolean(result.isError),
    text,
    output: result.structuredContent as any,
  };
}

/** Runs a task to its end, after any run of it the plugin started itself. */
async function runTask(id: string) {
  const current = scheduler.waitForTask(id).catch(e => e ?? new Error(id));
  await scheduler.triggerTask(id);
  const failure = await current;
  if (failure) throw failure;
  await scheduler.triggerTask(id);
}

/** One poll of each named instance, then its detail task, as the scheduler runs them. */
async function poll(...instances: string[]) {
  for (const name of instances) {
    await scheduler.triggerTask(pollTaskId(name));
    await scheduler.triggerTask(detailTaskId(name));
  }
}

beforeAll(async () => {
  simulator = await startSimulator({
    scenario: await loadScenarioFile(SCENARIO),
    loginFailureDelayMs: 0,
  });
  // Polls run when a test triggers them.
  scheduler = mockServices.scheduler() as typeof scheduler;
  backend = await startTestBackend({
    features: [
      // As packages/backend/src/index.ts, without the app (a built frontend), signals and the
      // scaffolder, which no tool call reaches.
      import('@backstage/plugin-auth-backend'),
      import('@backstage/plugin-auth-backend-module-guest-provider'),
      import('@backstage/plugin-catalog-backend'),
      import('@backstage/plugin-permission-backend'),
      import('./demoPermissionPolicy'),
      argoPulsePlugin,
      import('@backstage/plugin-mcp-actions-backend'),
      import('./demoHistorySeedModule'),
      mockServices.rootConfig.factory({ data: demoConfig(simulator) }),
      scheduler.factory({ skipTaskRunOnStartup: true }),
      // Backstage's own: the test backend's mocks accept mock tokens only, not the static token
      // or a token the auth backend issued.
      authServiceFactory,
      httpAuthServiceFactory,
      userInfoServiceFactory,
    ],
  });
  origin = `http://localhost:${(backend.server.address() as AddressInfo).port}`;
  // The catalog reads its file location in the background: wait until it relates alice to her
  // team and her team to its components (the policy and the entity index read those relations).
  const related: Array<[string, string, string]> = [
    ['user:default/alice', 'memberOf', 'group:default/team-payments'],
    [
      'component:default/payments-api',
      'ownedBy',
      'group:default/team-payments',
    ],
    [
      'component:default/notifications-worker',
      'ownedBy',
      'group:default/team-payments',
    ],
  ];
  await eventually(async () => {
    const response = await fetch(`${origin}/api/catalog/entities/by-refs`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${CI_TOKEN}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ entityRefs: related.map(([ref]) => ref) }),
    });
    const { items } = await response.json();
    related.forEach(([ref, type, targetRef], i) => {
      const relations: Array<{ type: string; targetRef: string }> =
        items[i]?.relations ?? [];
      if (!relations.some(r => r.type === type && r.targetRef === targetRef))
        throw new Error(`the catalog has not related ${ref} yet`);
    });
  }, 30_000);
  await poll('dev', 'staging', 'prod');
  await runTask(SETTLE_DEPLOYMENTS_TASK_ID);
  await runTask(ENTITY_INDEX_TASK_ID);
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map(client => client.close()));
  await backend?.stop();
  await simulator?.close();
});

const argoPulseTools = async (client: Client) =>
  new Map(
    (await client.listTools()).tools
      // The demo offers Argo Pulse's actions alone (backend.actions.pluginSources).
      .map(tool => [tool.name, tool]),
  );

describe("the README's MCP client, with the demo token", () => {
  it("connects to the demo backend's MCP server with one of its static tokens", () => {
    const url = new URL(README.server.url);
    expect(url.origin).toBe(APP_CONFIG.backend.baseUrl);
    expect(url.pathname).toBe('/api/mcp-actions/v1');
    expect(APP_CONFIG.backend.auth.externalAccess).toContainEqual({
      type: 'static',
      options: { token: DEMO_TOKEN, subject: 'demo-mcp' },
      accessRestrictions: [{ plugin: 'mcp-actions' }, { plugin: 'argo-pulse' }],
    });
  });

  it("lists Argo Pulse's tools with their input schemas: the read ones read-only, refresh and sync destructive", async () => {
    const tools = await argoPulseTools(await connect(DEMO_TOKEN));
    const readOnly = {
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
    };
    const acts = {
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
    };
    // Others may be added: these are the ones the README names with their hints.
    expect(
      Object.fromEntries(
        [
          'get-deployment-status',
          'list-deployments',
          'get-version-matrix',
          'refresh-application',
          'sync-application',
        ].map(name => [name, tools.get(name)?.annotations]),
      ),
    ).toEqual({
      'get-deployment-status': expect.objectContaining(readOnly),
      'list-deployments': expect.objectContaining(readOnly),
      'get-version-matrix': expect.objectContaining(readOnly),
      'refresh-application': expect.objectContaining(acts),
      'sync-application': expect.objectContaining(acts),
    });
    // Whatever else is there: nothing read-only is marked destructive.
    expect(
      [...tools.values()]
        .filter(tool => tool.annotations?.readOnlyHint)
        .filter(tool => tool.annotations?.destructiveHint !== false)
        .map(tool => tool.name),
    ).toEqual([]);

    expect(tools.get('get-deployment-status')!.inputSchema).toMatchObject({
      type: 'object',
      properties: {
        entityRef: {
          type: 'string',
          description: expect.stringContaining(
            'component:default/payments-api',
          ),
        },
      },
      required: ['entityRef'],
      additionalProperties: false,
    });
    expect(tools.get('sync-application')!.inputSchema).toMatchObject({
      properties: {
        prune: { type: 'boolean' },
        dryRun: { type: 'boolean' },
      },
      required: ['entityRef', 'instance', 'namespace', 'name'],
    });
    expect(tools.get('list-deployments')!.inputSchema.properties).toMatchObject(
      {
        owner: { type: 'array' },
        outcome: { type: 'array' },
        from: { type: 'string' },
        limit: { type: 'integer', maximum: 100 },
      },
    );
  });

  it("answers 'Is payments-api 2.1.0 live in prod?' with one call of get-deployment-status: no, prod runs 1.7.4; yes once 2.1.0 is rolled out", async () => {
    const client = await connect(DEMO_TOKEN);
    const { tool, arguments: args } = ask(
      'Is payments-api 2.1.0 live in prod?',
    );
    const inProd = async () => {
      const { isError, output } = await call(client, tool, args);
      expect(isError).toBe(false);
      expect(output.entityRef).toBe('component:default/payments-api');
      expect(
        output.applications.map((a: { environment: string }) => a.environment),
      ).toEqual(['dev', 'staging', 'prod']);
      return output.applications.find(
        (a: { environment: string }) => a.environment === 'prod',
      );
    };
    expect(await inProd()).toMatchObject({
      name: 'payments-api-prod',
      instance: 'prod',
      sync: { status: 'Synced' },
      health: { status: 'Healthy' },
      images: ['ghcr.io/acme/payments-api:1.7.4'],
    });

    // npm run demo:rollout -- payments-api-prod ghcr.io/acme/payments-api:2.1.0, step by step.
    const rollOut = async (version: string) => {
      const prod = simulator.instance('prod');
      const status = prod.rollout('payments-api-prod', {
        images: [`ghcr.io/acme/payments-api:${version}`],
        manual: true,
      });
      for (let done = status.done; !done; )
        done = prod.rollouts.advance(
          prod.application('payments-api-prod'),
        )!.done;
      await poll('prod');
    };
    await rollOut('2.1.0');
    try {
      expect(await inProd()).toMatchObject({
        sync: { status: 'Synced' },
        health: { status: 'Healthy' },
        images: ['ghcr.io/acme/payments-api:2.1.0'],
        lastDeployment: { images: ['ghcr.io/acme/payments-api:2.1.0'] },
      });
    } finally {
      // Prod as the demo starts, for the tests that follow in whatever order.
      await rollOut('1.7.4');
    }
  });

  it("answers 'What failed in team-payments' deploys this week?' with one call of list-deployments by result: notifications-worker-prod's 2.0.1 went Degraded, no sync failed", async () => {
    const client = await connect(DEMO_TOKEN);
    const { tool, arguments: args } = ask(
      "What failed in team-payments' deploys this week?",
    );
    const from = new Date(Date.now() - 7 * DAY_MS).toISOString();
    const { isError, output } = await call(client, tool, { ...args, from });
    expect(isError).toBe(false);
    type Item = {
      entityRef: string;
      deployment?: {
        application: string;
        outcome: string;
        images: string[];
        result?: { status: string };
      };
    };
    // Only what went wrong after its sync: the degraded rollout, nothing else of the team's week.
    expect(args).toMatchObject({ result: ['degraded', 'failed'] });
    const items: Item[] = output.items;
    expect(output.nextOffset).toBeUndefined();
    expect(items.map(i => i.deployment)).toEqual([
      expect.objectContaining({
        application: 'notifications-worker-prod',
        outcome: 'Succeeded',
        images: ['acme/notifications-worker:2.0.1'],
        result: expect.objectContaining({ status: 'degraded' }),
      }),
    ]);
    expect(items[0].entityRef).toBe('component:default/notifications-worker');

    // Without result, the week holds the team's other deployments too.
    const { result: _result, ...withoutResult } = args as Record<
      string,
      unknown
    >;
    const all = await call(client, tool, { ...withoutResult, from });
    expect(new Set(all.output.items.map((i: Item) => i.entityRef))).toEqual(
      new Set([
        'component:default/payments-api',
        'component:default/notifications-worker',
      ]),
    );

    // As the README says: failed syncs and failed expected versions only, and there are none.
    const onlyFailed = await call(client, tool, {
      ...args,
      from,
      outcome: ['failed'],
    });
    expect(onlyFailed.output).toEqual({ items: [] });
  });

  it("answers 'Which versions does team-payments run in each environment?' with one call of get-version-matrix", async () => {
    const client = await connect(DEMO_TOKEN);
    const { tool, arguments: args } = ask(
      'Which versions does team-payments run in each environment?',
    );
    const { isError, output } = await call(client, tool, args);
    expect(isError).toBe(false);
    expect(output.environments).toEqual(['dev', 'staging', 'prod']);
    const versions = Object.fromEntries(
      output.entities.map(
        (entity: {
          entityRef: string;
          rows: Array<{
            cells: Array<{
              environment: string;
              versions: Array<{ version: string }>;
            }>;
          }>;
        }) => [
          entity.entityRef,
          entity.rows.flatMap(row =>
            row.cells.map(cell => [
              cell.environment,
              cell.versions.map(v => v.version),
            ]),
          ),
        ],
      ),
    );
    expect(versions).toEqual({
      'component:default/payments-api': [
        ['dev', ['1.7.4']],
        ['staging', ['1.7.4']],
        ['prod', ['1.7.4']],
      ],
      'component:default/notifications-worker': [
        ['dev', ['2.0.3']],
        ['staging', []],
        ['prod', ['2.0.1']],
      ],
    });
    const notifications = output.entities.find(
      (e: { entityRef: string }) =>
        e.entityRef === 'component:default/notifications-worker',
    );
    expect(notifications.drift).toEqual([
      expect.objectContaining({ message: 'prod is 2 deployments behind dev' }),
    ]);
  });

  it('refuses a call with invalid input, saying what is wrong', async () => {
    const client = await connect(DEMO_TOKEN);
    const missing = await call(client, 'get-deployment-status', {});
    expect(missing).toMatchObject({ isError: true });
    expect(missing.text).toMatch(
      /^InputError: Invalid input to action "argo-pulse:get-deployment-status"/,
    );
    expect(missing.text).toMatch(/"path": \[\s*"entityRef"\s*\]/);

    const tooMany = await call(client, 'list-deployments', {
      limit: 1000,
    });
    expect(tooMany).toMatchObject({ isError: true });
    expect(tooMany.text).toContain('limit must be at most 100');

    const unknown = await call(client, 'argo-pulse.deploy-everything', {});
    expect(unknown).toEqual({
      isError: true,
      text: 'NotFoundError: Action "argo-pulse.deploy-everything" not found',
      output: undefined,
    });
  });

  it('acts as a service: reads every entity, the private inventory-service and Argo CD’s messages included, and may refresh any application', async () => {
    const client = await connect(DEMO_TOKEN);
    const inventory = await call(client, 'get-deployment-status', {
      entityRef: 'inventory-service',
    });
    expect(inventory.isError).toBe(false);
    expect(inventory.output.detailIncluded).toBe(true);
    const refresh = await call(client, 'refresh-application', {
      entityRef: 'checkout-web',
      instance: 'prod',
      namespace: 'argocd',
      name: 'checkout-web-prod',
    });
    expect(refresh).toMatchObject({
      isError: false,
      output: { action: 'refresh', status: 'refreshed' },
    });
  });
});

describe('the MCP server with other credentials', () => {
  it("gives a signed-in user's client that user's permissions: alice's", async () => {
    // The token the demo app gets when alice signs in as a guest; an MCP client that signs in
    // (the MCP backend's OAuth) holds a user token too.
    const session = await fetch(`${origin}/api/auth/guest/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    const alice = await connect((await session.json()).backstageIdentity.token);
    const status = (entityRef: string) =>
      call(alice, 'get-deployment-status', { entityRef });

    expect((await status('payments-api')).output.detailIncluded).toBe(true);
    expect((await status('checkout-web')).output.detailIncluded).toBe(false);
    expect((await status('inventory-service')).text).toBe(
      'NotAllowedError: Not allowed: argo-pulse.application.read on component:default/inventory-service',
    );
    expect(
      (
        await call(alice, 'sync-application', {
          entityRef: 'checkout-web',
          instance: 'prod',
          namespace: 'argocd',
          name: 'checkout-web-prod',
          dryRun: true,
        })
      ).text,
    ).toBe(
      'NotAllowedError: Not allowed: argo-pulse.application.sync on component:default/checkout-web',
    );
  });

  it('serves a static token restricted to mcp-actions and argo-pulse, as the README advises; restricted to mcp-actions alone, it lists none of our tools', async () => {
    const restricted = await connect('restricted-mcp-token');
    expect([...(await argoPulseTools(restricted)).keys()]).toEqual(
      expect.arrayContaining(['get-deployment-status']),
    );
    expect(
      (
        await call(restricted, 'get-deployment-status', {
          entityRef: 'payments-api',
        })
      ).isError,
    ).toBe(false);

    const mcpOnly = await connect('mcp-only-token');
    expect((await argoPulseTools(mcpOnly)).size).toBe(0);
  });

  it('refuses a client without a token', async () => {
    const response = await fetch(
      new URL(new URL(README.server.url).pathname, origin),
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      },
    );
    expect(response.status).toBe(401);
  });
});
