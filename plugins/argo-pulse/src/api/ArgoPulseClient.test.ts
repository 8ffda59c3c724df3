import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ArgoPulseClient } from './ArgoPulseClient';

const BASE = 'http://backstage.test/api/argo-pulse';
const server = setupServer();
const entity = {
  kind: 'Component',
  namespace: 'default',
  name: 'payments-api',
};

describe('ArgoPulseClient against a mocked backend', () => {
  const seen: Array<{ url: string; auth: string | null }> = [];
  const client = new ArgoPulseClient({
    discoveryApi: {
      getBaseUrl: async (plugin: string) =>
        `http://backstage.test/api/${plugin}`,
    },
    fetchApi: {
      fetch: (input, init) =>
        fetch(input, {
          ...init,
          headers: {
            ...(init?.headers as Record<string, string> | undefined),
            Authorization: 'Bearer user-token',
          },
        }),
    },
  });

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    seen.length = 0;
  });
  afterAll(() => server.close());

  const record =
    (handler: (url: URL) => Response | Promise<Response>) =>
    async ({ request }: { request: Request }) => {
      seen.push({
        url: request.url,
        auth: request.headers.get('Authorization'),
      });
      return handler(new URL(request.url));
    };

  it("reads an entity's applications, with the user's identity", async () => {
    server.use(
      http.get(
        `${BASE}/entities/component/default/payments-api/applications`,
        record(() =>
          HttpResponse.json({
            entityRef: 'component:default/payments-api',
            applications: [],
            instances: [],
          }),
        ),
      ),
    );
    expect(await client.getApplications(entity)).toEqual({
      entityRef: 'component:default/payments-api',
      applications: [],
      instances: [],
    });
    expect(seen[0].auth).toBe('Bearer user-token');
  });

  it('pages history and filters expectations through the query string', async () => {
    server.use(
      http.get(
        `${BASE}/entities/component/default/payments-api/history`,
        record(() => HttpResponse.json({ items: [], total: 0 })),
      ),
      http.get(
        `${BASE}/entities/component/default/payments-api/expectations`,
        record(() => HttpResponse.json({ items: [], total: 0 })),
      ),
    );
    await client.getHistory(entity, { limit: 10, offset: 20 });
    await client.getExpectations(entity, {
      states: ['pending', 'failed'],
      limit: 5,
    });
    expect(seen.map(s => new URL(s.url).search)).toEqual([
      '?limit=10&offset=20',
      '?state=pending%2Cfailed&limit=5',
    ]);
  });

  it('encodes the path of an application detail', async () => {
    server.use(
      http.get(
        `${BASE}/entities/component/default/payments-api/applications/prod/argo%20cd/api`,
        record(() => HttpResponse.json({ name: 'api' })),
      ),
    );
    expect(
      await client.getApplicationDetail(entity, {
        instance: 'prod',
        namespace: 'argo cd',
        name: 'api',
      }),
    ).toEqual({ name: 'api' });
  });

  it('posts refresh, sync and rollback to the encoded application path, with their bodies', async () => {
    const posted: Array<{
      path: string;
      body: unknown;
      type: string | null;
      auth: string | null;
    }> = [];
    const app = { instance: 'prod eu', namespace: 'argo cd', name: 'api/v2' };
    const answer =
      (action: string) =>
      async ({ request }: { request: Request }) => {
        posted.push({
          path: new URL(request.url).pathname,
          body: await request.json(),
          type: request.headers.get('Content-Type'),
          auth: request.headers.get('Authorization'),
        });
        return HttpResponse.json({
          action,
          application: {
            instance: 'prod eu',
            namespace: 'argo cd',
            name: 'api/v2',
          },
          status: action === 'refresh' ? 'refreshed' : 'started',
          message: `${action} of api/v2`,
        });
      };
    const appPath = `${BASE}/entities/component/default/payments-api/applications/prod%20eu/argo%20cd/api%2Fv2`;
    server.use(
      http.post(`${appPath}/refresh`, answer('refresh')),
      http.post(`${appPath}/sync`, answer('sync')),
      http.post(`${appPath}/rollback`, answer('rollback')),
    );
    expect(await client.refreshApplication(entity, app)).toMatchObject({
      action: 'refresh',
      status: 'refreshed',
      message: 'refresh of api/v2',
    });
    await client.refreshApplication(entity, app, { hard: true });
    expect(
      await client.syncApplication(entity, app, { prune: true, dryRun: false }),
    ).toMatchObject({ action: 'sync', status: 'started' });
    await client.rollbackApplication(entity, app, { deploymentId: 'c0ffee07' });
    const prefix =
      '/api/argo-pulse/entities/component/default/payments-api/applications/prod%20eu/argo%20cd/api%2Fv2';
    expect(posted).toEqual([
      {
        path: `${prefix}/refresh`,
        body: {},
        type: 'application/json',
        auth: 'Bearer user-token',
      },
      {
        path: `${prefix}/refresh`,
        body: { hard: true },
        type: 'application/json',
        auth: 'Bearer user-token',
      },
      {
        path: `${prefix}/sync`,
        body: { prune: true, dryRun: false },
        type: 'application/json',
        auth: 'Bearer user-token',
      },
      {
        path: `${prefix}/rollback`,
        body: { deploymentId: 'c0ffee07' },
        type: 'application/json',
        auth: 'Bearer user-token',
      },
    ]);
  });

  it("throws ResponseError with the backend's words when an operation is refused", async () => {
    server.use(
      http.post(
        `${BASE}/entities/component/default/payments-api/applications/prod/argocd/payments-api-prod/sync`,
        () =>
          HttpResponse.json(
            {
              error: {
                name: 'ConflictError',
                message:
                  'Another operation is already running on payments-api-prod',
              },
              response: { statusCode: 409 },
            },
            { status: 409 },
          ),
      ),
    );
    const error = await client
      .syncApplication(
        entity,
        { instance: 'prod', namespace: 'argocd', name: 'payments-api-prod' },
        {},
      )
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(409);
    expect(error.cause.message).toBe(
      'Another operation is already running on payments-api-prod',
    );
  });

  it("throws ResponseError with the backend's message", async () => {
    server.use(
      http.get(
        `${BASE}/entities/component/default/payments-api/applications`,
        () =>
          HttpResponse.json(
            {
              error: {
                name: 'NotAllowedError',
                message:
                  'Not allowed: argo-pulse.application.read on component:default/payments-api',
              },
              response: { statusCode: 403 },
            },
            { status: 403 },
          ),
      ),
    );
    const error = await client.getApplications(entity).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.cause.message).toMatch(
      /Not allowed: argo-pulse.application.read/,
    );
  });
});
