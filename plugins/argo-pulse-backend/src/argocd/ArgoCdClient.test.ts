import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import type { RunningSimulator } from '@argo-pulse/argocd-simulator';
import {
  argoFetch,
  control,
  gitApp,
  startTestSimulator,
  TEST_TOKEN,
  TEST_USER,
  testInstance,
} from '@argo-pulse/argocd-simulator/testing';
import type { ArgoCdCredentials } from '../config/readArgoPulseConfig';
import { ArgoCdClient, ArgoCdRequestObserver } from './ArgoCdClient';
import { ArgoCdRequestError } from './ArgoCdRequestError';
import { LIST_FIELDS } from './listFields';
import { GET, LIST, LOGIN, METADATA } from '../testing/argoCdEndpoints';

const TOKEN: ArgoCdCredentials = { kind: 'token', token: TEST_TOKEN };
const LOGIN_CREDENTIALS: ArgoCdCredentials = { kind: 'login', ...TEST_USER };

interface ClientOptions {
  url: string;
  name?: string;
  credentials?: ArgoCdCredentials;
  requestTimeoutMs?: number;
  concurrency?: number;
  retries?: number;
  onRequest?: ArgoCdRequestObserver;
}

function makeClient(options: ClientOptions) {
  const logger = mockServices.logger.mock();
  const name = options.name ?? 'main';
  const client = new ArgoCdClient({
    instance: {
      name,
      url: options.url,
      frontendUrl: options.url,
      credentials: options.credentials ?? TOKEN,
    },
    logger,
    requestTimeoutMs: options.requestTimeoutMs ?? 5_000,
    concurrency: options.concurrency ?? 4,
    retries: options.retries ?? 2,
    backoffMs: 1,
    onRequest: options.onRequest,
  });
  return { client, logger };
}

/** The rejection of a promise that must fail, as an ArgoCdRequestError; if given, what it must say of the request. */
async function failure(
  promise: Promise<unknown>,
  expected?: Partial<ArgoCdRequestError>,
): Promise<ArgoCdRequestError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ArgoCdRequestError);
  if (expected) expect(error).toMatchObject(expected);
  return error as ArgoCdRequestError;
}

/** Everything a logger mock was called with, as text. */
function loggedText(
  logger: ReturnType<typeof mockServices.logger.mock>,
): string {
  const calls = [
    logger.debug,
    logger.info,
    logger.warn,
    logger.error,
    logger.child,
  ].flatMap(fn => fn.mock.calls);
  return JSON.stringify(calls);
}

/** An error's message, stack and own properties, as text. */
function errorText(error: Error): string {
  return JSON.stringify({
    ...error,
    message: error.message,
    stack: error.stack,
  });
}

describe('ArgoCdClient against the simulator', () => {
  let simulator: RunningSimulator;
  const counters = () => simulator.instance('main').counters;
  const url = () => simulator.instanceUrl('main');

  beforeAll(async () => {
    simulator = await startTestSimulator({
      instances: [
        testInstance('main', [gitApp('web'), gitApp('api')]),
        testInstance('empty', []),
      ],
    });
  });
  afterAll(() => simulator?.close());
  beforeEach(() => counters().reset());
  afterEach(async () => {
    const response = await control(
      simulator,
      'DELETE',
      '/instances/main/faults',
    );
    if (!response.ok)
      throw new Error(
        `Clearing the simulator's faults failed with HTTP ${response.status}`,
      );
  });

  describe('listApplications', () => {
    it('asks once, with the fields projection, and gets items without history or resourceVersion', async () => {
      const { client } = makeClient({ url: url() });
      const list = await client.listApplications();

      expect(counters().requestsTo(LIST)).toBe(1);
      expect(list.resourceVersion).toEqual(expect.any(String));
      expect(list.items.map(i => i.metadata?.name).sort()).toEqual([
        'api',
        'web',
      ]);
      for (const item of list.items) {
        expect(item.status?.sync?.status).toBe('Synced');
        expect(item.spec?.source?.repoURL).toBe(
          'https://github.com/acme/deployments.git',
        );
        expect(item.status?.summary?.images).toEqual([
          `ghcr.io/acme/${item.metadata!.name}:1.0.0`,
        ]);
        expect(item.status?.operationState?.phase).toBe('Succeeded');
        expect(item.status).not.toHaveProperty('history');
        expect(item.status).not.toHaveProperty('resources');
        expect(item.status?.sync).not.toHaveProperty('revision');
        expect(item.metadata).not.toHaveProperty('resourceVersion');
      }
    });

    it('turns the items: null of an empty instance into an empty list', async () => {
      const raw = await (
        await argoFetch(simulator, 'empty', '/api/v1/applications')
      ).json();
      expect(raw.items).toBeNull();

      const { client } = makeClient({
        url: simulator.instanceUrl('empty'),
        name: 'empty',
      });
      expect((await client.listApplications()).items).toEqual([]);
    });
  });

  describe('getApplication and getRevisionMetadata', () => {
    it('reads the full application, with history and resourceVersion', async () => {
      const { client } = makeClient({ url: url() });
      const app = await client.getApplication('web');

      expect(counters().requestsTo(GET)).toBe(1);
      expect(app.metadata).toMatchObject({
        name: 'web',
        namespace: 'argocd',
        resourceVersion: expect.any(String),
      });
      expect(app.status?.history).toHaveLength(3);
      expect(app.status?.sync?.revision).toBe(
        app.status?.history?.[2].revision,
      );
    });

    it('rejects an unknown application with status 403 and does not retry', async () => {
      const { client } = makeClient({ url: url(), retries: 3 });
      const error = await failure(client.getApplication('ghost'), {
        instance: 'main',
        endpoint: GET,
        status: 403,
        retryable: false,
      });
      expect(error.message).toBe(
        'Argo CD instance "main": GET /api/v1/applications/{name}: 403 permission denied',
      );
      expect(counters().requestsTo(GET)).toBe(1);
    });

    it('reads the commit metadata of a git revision', async () => {
      const { client } = makeClient({ url: url() });
      const app = simulator.instance('main').application('web');
      const revision = app.doc.status.sync!.revision!;

      const metadata = await client.getRevisionMetadata({
        name: 'web',
        revision,
      });
      expect(metadata).toEqual(app.commits.get(revision));
      expect(metadata.author).toEqual(expect.any(String));
      expect(metadata.message).toBe(
        'chore(deploy): roll out ghcr.io/acme/web:1.0.0',
      );
      expect(counters().requestsTo(METADATA)).toBe(1);
    });
  });

  describe('authentication', () => {
    it('sends a static token and never logs in', async () => {
      const { client } = makeClient({ url: url(), credentials: TOKEN });
      await client.listApplications();
      await client.getApplication('web');
      expect(counters().requestsTo(LOGIN)).toBe(0);
    });

    it('logs in once, on the first request, and reuses the session token', async () => {
      const { client } = makeClient({
        url: url(),
        credentials: LOGIN_CREDENTIALS,
      });
      await client.listApplications();
      expect(counters().requestsTo(LOGIN)).toBe(1);
      await client.getApplication('web');
      await client.getApplication('api');
      expect(counters().requestsTo(LOGIN)).toBe(1);
    });

    it('shares one login between requests that start together', async () => {
      const { client } = makeClient({
        url: url(),
        credentials: LOGIN_CREDENTIALS,
      });
      await Promise.all([
        client.getApplication('web'),
        client.getApplication('api'),
        client.listApplications(),
      ]);
      expect(counters().requestsTo(LOGIN)).toBe(1);
    });

    it('logs in again once when the session expired, and then succeeds', async () => {
      const { client } = makeClient({
        url: url(),
        credentials: LOGIN_CREDENTIALS,
      });
      await client.getApplication('web');
      expect(
        (await control(simulator, 'POST', '/instances/main/expire-tokens', {}))
          .ok,
      ).toBe(true);

      const app = await client.getApplication('web');
      expect(app.metadata?.name).toBe('web');
      expect(counters().requestsTo(LOGIN)).toBe(2);
      expect(counters().snapshot().endpoints[GET].byStatus).toEqual({
        200: 2,
        401: 1,
      });

      await client.getApplication('web');
      expect(counters().requestsTo(LOGIN)).toBe(2);
    });

    it('logs in again only once when several requests in flight find the session expired', async () => {
      const { client } = makeClient({
        url: url(),
        credentials: LOGIN_CREDENTIALS,
        concurrency: 4,
      });
      await client.listApplications();
      await control(simulator, 'POST', '/instances/main/expire-tokens', {});

      const apps = await Promise.all([
        client.getApplication('web'),
        client.getApplication('api'),
        client.getApplication('web'),
      ]);
      expect(apps.map(a => a.metadata?.name)).toEqual(['web', 'api', 'web']);
      expect(counters().requestsTo(LOGIN)).toBe(2);
    });

    it('fails with 401 on a wrong password, without retrying or showing the password', async () => {
      const password = 'wrong-password-4711';
      const { client } = makeClient({
        url: url(),
        credentials: { kind: 'login', username: 'admin', password },
        retries: 2,
      });
      const error = await failure(client.getApplication('web'), {
        endpoint: LOGIN,
        status: 401,
        retryable: false,
      });
      expect(error.message).toContain('Invalid username or password');
      expect(errorText(error)).not.toContain(password);
      expect(counters().requestsTo(LOGIN)).toBe(1);
      expect(counters().requestsTo(GET)).toBe(0);
    });

    it('fails with 401 when the static token is refused, without trying to log in', async () => {
      expect(
        (
          await control(simulator, 'POST', '/instances/main/expire-tokens', {
            includeStaticTokens: true,
          })
        ).ok,
      ).toBe(true);
      const { client } = makeClient({ url: url(), credentials: TOKEN });
      const error = await failure(client.getApplication('web'), {
        endpoint: GET,
        status: 401,
        retryable: false,
      });
      expect(error.message).toContain('token is expired');
      expect(errorText(error)).not.toContain(TEST_TOKEN);
      expect(counters().requestsTo(GET)).toBe(1);
      expect(counters().requestsTo(LOGIN)).toBe(0);
    });
  });

  describe('faults', () => {
    const setFaults = async (faults: object) =>
      expect(
        (await control(simulator, 'PUT', '/instances/main/faults', faults)).ok,
      ).toBe(true);

    it.each([0, 1, 3])(
      'retries a 502 %i times, then fails with a retryable error',
      async retries => {
        await setFaults({ errorRate: 1, errorStatus: 502 });
        const { client } = makeClient({ url: url(), retries });
        const error = await failure(client.listApplications(), {
          endpoint: LIST,
          status: 502,
          retryable: true,
        });
        expect(error.message).toBe(
          'Argo CD instance "main": GET /api/v1/applications: 502 Bad Gateway',
        );
        expect(counters().requestsTo(LIST)).toBe(retries + 1);
      },
    );

    it('gives up on a hanging instance after the request timeout, without retrying', async () => {
      await setFaults({ hang: true });
      const { client } = makeClient({
        url: url(),
        requestTimeoutMs: 200,
        retries: 2,
      });
      const started = Date.now();
      const error = await failure(client.getApplication('web'));

      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
      expect(error).toMatchObject({
        endpoint: GET,
        status: undefined,
        retryable: false,
      });
      expect(error.message).toContain('no answer within 200 ms');
      expect(counters().requestsTo(GET)).toBe(1);
    });

    it("cancels a request in flight when the caller's signal aborts (the poll's deadline), without retrying", async () => {
      await setFaults({ hang: true });
      const { client } = makeClient({
        url: url(),
        requestTimeoutMs: 10_000,
        retries: 2,
      });
      const started = Date.now();
      const error = await failure(
        client.getApplication('web', undefined, {
          signal: AbortSignal.timeout(150),
        }),
      );

      expect(Date.now() - started).toBeLessThan(2000);
      expect(error).toMatchObject({
        endpoint: GET,
        retryable: false,
        message: expect.stringContaining('cancelled: the poll ran out of time'),
      });
      expect(counters().requestsTo(GET)).toBe(1);
    });

    it("bounds a full list by the caller's signal only: it may take longer than one request's limit", async () => {
      await setFaults({ latencyMs: 400 });
      const { client } = makeClient({
        url: url(),
        requestTimeoutMs: 200,
        retries: 0,
      });
      const list = await client.listApplications({
        full: true,
        signal: AbortSignal.timeout(5000),
      });
      expect(list.items.length).toBeGreaterThan(0);
      expect(list.items[0].status).toHaveProperty('history');
      await expect(
        client.listApplications({ signal: AbortSignal.timeout(5000) }),
      ).rejects.toThrow('no answer within 200 ms');
    });

    it('retries a refused connection, then fails with "cannot connect"', async () => {
      await setFaults({ refuseConnections: true });
      const { client } = makeClient({ url: url(), retries: 2 });
      const error = await failure(client.listApplications(), {
        endpoint: LIST,
        status: undefined,
        retryable: true,
      });
      expect(error.message).toContain('cannot connect');
      expect(counters().requestsTo(LIST)).toBe(3);
    });

    it('fails on a body that is not JSON, without retrying', async () => {
      await setFaults({ malformedJson: true });
      const { client } = makeClient({ url: url(), retries: 2 });
      const error = await failure(client.getApplication('web'), {
        endpoint: GET,
        status: 200,
        retryable: false,
      });
      expect(error.message).toContain('not JSON');
      expect(counters().requestsTo(GET)).toBe(1);
    });

    it('recovers when the faults are cleared', async () => {
      await setFaults({ errorRate: 1 });
      const { client } = makeClient({ url: url(), retries: 0 });
      expect((await failure(client.listApplications())).status).toBe(503);
      await control(simulator, 'DELETE', '/instances/main/faults');
      expect((await client.listApplications()).items).toHaveLength(2);
    });
  });

  describe('what leaves the client', () => {
    it('reports every request, including the login, to onRequest', async () => {
      const events: Parameters<ArgoCdRequestObserver>[0][] = [];
      const { client } = makeClient({
        url: url(),
        credentials: LOGIN_CREDENTIALS,
        onRequest: e => events.push(e),
      });
      await client.getApplication('web');
      await failure(client.getApplication('ghost'));

      expect(events).toEqual([
        { instance: 'main', endpoint: LOGIN, status: 200 },
        { instance: 'main', endpoint: GET, status: 200 },
        { instance: 'main', endpoint: GET, status: 403 },
      ]);
    });

    it('reports a request that got no answer as an error, once per attempt', async () => {
      await control(simulator, 'PUT', '/instances/main/faults', {
        refuseConnections: true,
      });
      const events: Parameters<ArgoCdRequestObserver>[0][] = [];
      const { client } = makeClient({
        url: url(),
        retries: 1,
        onRequest: e => events.push(e),
      });
      await failure(client.listApplications());
      expect(events).toEqual([
        { instance: 'main', endpoint: LIST, status: 'error' },
        { instance: 'main', endpoint: LIST, status: 'error' },
      ]);
    });

    it('a token that makes an invalid header (pasted with a line break) is not quoted in the error fetch gives', async () => {
      const pasted =
        'eyJhbGciOiJIUzI1NiJ9\neyJzdWIiOiJhcmdvLXB1bHNlIn0.leaky-signature';
      const { client, logger } = makeClient({
        url: url(),
        credentials: { kind: 'token', token: pasted },
        retries: 0,
      });
      const error = await failure(client.listApplications());
      expect(error.message).toMatch(/cannot connect/);
      expect(errorText(error)).not.toContain('leaky-signature');
      expect(errorText(error)).not.toContain('eyJhbGciOiJIUzI1NiJ9');
      expect(loggedText(logger)).not.toContain('leaky-signature');
    });

    it('puts no token or password in any error message or log line', async () => {
      const secretPassword = 'very-secret-password-0815';
      const failures: Array<{
        credentials: ArgoCdCredentials;
        faults?: object;
        expireStatic?: boolean;
      }> = [
        {
          credentials: {
            kind: 'login',
            username: 'admin',
            password: secretPassword,
          },
        },
        { credentials: TOKEN, expireStatic: true },
        { credentials: TOKEN, faults: { errorRate: 1, errorStatus: 500 } },
        { credentials: LOGIN_CREDENTIALS, faults: { errorRate: 1 } },
        { credentials: LOGIN_CREDENTIALS, faults: { hang: true } },
        { credentials: TOKEN, faults: { refuseConnections: true } },
        { credentials: TOKEN, faults: { malformedJson: true } },
      ];
      for (const { credentials, faults, expireStatic } of failures) {
        if (faults)
          await control(simulator, 'PUT', '/instances/main/faults', faults);
        if (expireStatic)
          await control(simulator, 'POST', '/instances/main/expire-tokens', {
            includeStaticTokens: true,
          });
        const { client, logger } = makeClient({
          url: url(),
          credentials,
          requestTimeoutMs: 200,
          retries: 1,
        });
        const error = await failure(client.getApplication('web'));
        await control(simulator, 'DELETE', '/instances/main/faults');

        for (const text of [errorText(error), loggedText(logger)]) {
          for (const secret of [
            TEST_TOKEN,
            TEST_USER.password,
            secretPassword,
            'Bearer',
          ]) {
            expect(text).not.toContain(secret);
          }
        }
      }
    });
  });
});

/** A stand-in Argo CD of our own: records each request and how many were in flight at once. */
async function startRecordingServer(
  answer: (req: IncomingMessage, res: ServerResponse, index: number) => void,
) {
  const requests: Array<{ method: string; url: URL; authorization?: string }> =
    [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((req, res) => {
    const index = requests.length;
    requests.push({
      method: req.method!,
      url: new URL(req.url!, 'http://localhost'),
      authorization: req.headers.authorization,
    });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    answer(req, res, index);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/argocd`,
    requests,
    maxInFlight: () => maxInFlight,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown) {
  res
    .writeHead(status, { 'Content-Type': 'application/json' })
    .end(JSON.stringify(body));
}

describe('ArgoCdClient against a recording server', () => {
  const servers: Array<{ close(): Promise<void> }> = [];
  afterAll(() => Promise.all(servers.map(s => s.close())));

  async function recordingServer(
    answer: Parameters<typeof startRecordingServer>[0],
  ) {
    const server = await startRecordingServer(answer);
    servers.push(server);
    return server;
  }

  it('never has more requests in flight than its concurrency', async () => {
    const server = await recordingServer((_req, res) =>
      setTimeout(() => json(res, 200, {}), 50),
    );
    const { client } = makeClient({ url: server.url, concurrency: 2 });
    await Promise.all(
      ['a', 'b', 'c', 'd', 'e', 'f'].map(name => client.getApplication(name)),
    );

    expect(server.requests).toHaveLength(6);
    expect(server.maxInFlight()).toBe(2);
  });

  it('sends the list with exactly the projection, a bearer token and no refresh', async () => {
    const server = await recordingServer((_req, res) =>
      json(res, 200, { metadata: { resourceVersion: '7' }, items: null }),
    );
    const { client } = makeClient({ url: server.url });
    expect(await client.listApplications()).toEqual({
      resourceVersion: '7',
      items: [],
    });
    await client.getApplication('web', 'team-a');

    const [list, get] = server.requests;
    expect(list.method).toBe('GET');
    expect(list.url.pathname).toBe('/argocd/api/v1/applications');
    expect([...list.url.searchParams.keys()]).toEqual(['fields']);
    expect(list.url.searchParams.get('fields')!.split(',')).toEqual(
      LIST_FIELDS,
    );
    expect(list.authorization).toBe(`Bearer ${TEST_TOKEN}`);
    expect(get.url.pathname).toBe('/argocd/api/v1/applications/web');
    expect(Object.fromEntries(get.url.searchParams)).toEqual({
      appNamespace: 'team-a',
    });
    for (const request of server.requests)
      expect(request.url.searchParams.has('refresh')).toBe(false);
  });

  it('projects the list to paths of Argo CD list whitelist only', () => {
    const whitelist = [
      'metadata.name',
      'metadata.namespace',
      'metadata.labels',
      'metadata.annotations',
      'metadata.creationTimestamp',
      'metadata.deletionTimestamp',
      'spec',
      'status.sourceHydrator',
      'status.sync.status',
      'status.health',
      'status.summary',
      'status.operationState.startedAt',
      'status.operationState.finishedAt',
      'status.operationState.phase',
      'status.operationState.operation.sync',
      'status.resources',
      'operation.sync',
    ].map(path => `items.${path}`);
    for (const field of LIST_FIELDS) expect(whitelist).toContain(field);
    expect(LIST_FIELDS).not.toContain('items.status.resources');
  });

  it('succeeds when a retry of a 503 gets through', async () => {
    const server = await recordingServer((_req, res, index) =>
      index === 0
        ? res.writeHead(503).end('<html>busy</html>')
        : json(res, 200, { metadata: { name: 'web' } }),
    );
    const { client } = makeClient({ url: server.url, retries: 2 });
    expect((await client.getApplication('web')).metadata?.name).toBe('web');
    expect(server.requests).toHaveLength(2);
  });

  it('keeps the session token out of errors and logs when a request after login fails', async () => {
    const sessionToken = 'aaa.session-token-secret.zzz';
    const server = await recordingServer((req, res) =>
      req.method === 'POST'
        ? json(res, 200, { token: sessionToken })
        : json(res, 500, { error: 'boom', code: 2, message: 'internal error' }),
    );
    const { client, logger } = makeClient({
      url: server.url,
      credentials: LOGIN_CREDENTIALS,
      retries: 1,
    });
    const error = await failure(client.getApplication('web'), {
      status: 500,
      retryable: true,
    });
    expect(error.message).toBe(
      'Argo CD instance "main": GET /api/v1/applications/{name}: 500 internal error',
    );
    expect(
      server.requests.filter(r => r.method === 'GET').map(r => r.authorization),
    ).toEqual([`Bearer ${sessionToken}`, `Bearer ${sessionToken}`]);
    for (const text of [errorText(error), loggedText(logger)]) {
      expect(text).not.toContain('session-token-secret');
      expect(text).not.toContain(TEST_USER.password);
    }
  });

  it('fails when the login answers without a token', async () => {
    const server = await recordingServer((_req, res) => json(res, 200, {}));
    const { client } = makeClient({
      url: server.url,
      credentials: LOGIN_CREDENTIALS,
    });
    const error = await failure(client.listApplications());
    expect(error).toMatchObject({ endpoint: LOGIN, retryable: false });
    expect(error.message).toContain('login answered without a token');
    expect(server.requests).toHaveLength(1);
  });
});
