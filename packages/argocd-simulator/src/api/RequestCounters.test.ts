import { MAIN_AND_OTHER, TEST_USER } from '../testing/testSimulator';
import { useTestSimulator } from '../testing/useTestSimulator';
import { endpointOf, RequestCountSnapshot } from './RequestCounters';

const { argo, control, login } = useTestSimulator(MAIN_AND_OTHER);
beforeEach(async () => {
  for (const instance of ['main', 'other'])
    await control('DELETE', `/instances/${instance}/requests`);
});

const counts = async (instance = 'main'): Promise<RequestCountSnapshot> => {
  const response = await control('GET', `/instances/${instance}/requests`);
  expect(response.status).toBe(200);
  return (await response.json()) as RequestCountSnapshot;
};
const requestsPerEndpoint = (snapshot: RequestCountSnapshot) =>
  Object.fromEntries(
    Object.entries(snapshot.endpoints).map(([endpoint, count]) => [
      endpoint,
      count.requests,
    ]),
  );

/** The status of an answer and the size of the body received. */
const measured = async (answer: Promise<Response>) => {
  const response = await answer;
  return {
    status: response.status,
    bytes: (await response.arrayBuffer()).byteLength,
  };
};
const call = (path: string, init?: Parameters<typeof argo>[2]) =>
  measured(argo('main', path, init));
const logIn = (password: string) =>
  measured(login('main', { username: TEST_USER.username, password }));

describe('counting over HTTP', () => {
  it('counts requests per endpoint, by route template', async () => {
    await call('/api/v1/applications');
    await call('/api/v1/applications?projects=default');
    await call('/api/v1/applications/api');
    await call('/api/v1/applications/web');
    await call('/api/v1/applications/api/resource-tree');
    await call('/api/v1/projects');
    await logIn(TEST_USER.password);

    const snapshot = await counts();
    expect(requestsPerEndpoint(snapshot)).toEqual({
      'GET /api/v1/applications': 2,
      'GET /api/v1/applications/{name}': 2,
      'GET /api/v1/applications/{name}/resource-tree': 1,
      'GET /api/v1/projects': 1,
      'POST /api/v1/session': 1,
    });
    expect(snapshot.requests).toBe(7);
    // Reading the counters through the control API is not counted.
    expect((await counts()).requests).toBe(7);
  });

  it('records the answers of each endpoint by HTTP status', async () => {
    await call('/api/v1/applications');
    await call('/api/v1/applications', { token: null });
    await call('/api/v1/applications/api');
    await call('/api/v1/applications/ghost');
    await call('/api/v1/applications/ghost');
    await logIn('wrong-password');
    await logIn(TEST_USER.password);

    const { endpoints } = await counts();
    expect(endpoints['GET /api/v1/applications'].byStatus).toEqual({
      200: 1,
      401: 1,
    });
    expect(endpoints['GET /api/v1/applications/{name}'].byStatus).toEqual({
      200: 1,
      403: 2,
    });
    expect(endpoints['POST /api/v1/session'].byStatus).toEqual({
      200: 1,
      401: 1,
    });
  });

  it('counts a path that is no Argo CD route under the path itself', async () => {
    expect((await call('/api/v1/clusters')).status).toBe(404);
    expect((await counts()).endpoints['GET /api/v1/clusters']).toEqual({
      requests: 1,
      bytesSent: expect.any(Number),
      byStatus: { 404: 1 },
    });
  });

  it('counts exactly the bytes of the bodies the client received', async () => {
    const received = {
      list: [
        await call('/api/v1/applications'),
        await call('/api/v1/applications?fields=items.metadata.name'),
      ],
      single: [
        await call('/api/v1/applications/api'),
        await call('/api/v1/applications/ghost'),
      ],
      session: [await logIn(TEST_USER.password), await logIn('wrong-password')],
    };
    const sum = (calls: Array<{ bytes: number }>) =>
      calls.reduce((total, c) => total + c.bytes, 0);

    const snapshot = await counts();
    expect(snapshot.endpoints['GET /api/v1/applications'].bytesSent).toBe(
      sum(received.list),
    );
    expect(
      snapshot.endpoints['GET /api/v1/applications/{name}'].bytesSent,
    ).toBe(sum(received.single));
    expect(snapshot.endpoints['POST /api/v1/session'].bytesSent).toBe(
      sum(received.session),
    );
    expect(snapshot.bytesSent).toBe(
      sum([...received.list, ...received.single, ...received.session]),
    );
    expect(sum(received.list)).toBeGreaterThan(1000);
  });

  it('counts a request that hangs, with no status and no bytes', async () => {
    await control('PUT', '/instances/main/faults', { hang: true });
    try {
      await expect(
        argo('main', '/api/v1/applications', {
          signal: AbortSignal.timeout(200),
        }),
      ).rejects.toThrow();
    } finally {
      await control('DELETE', '/instances/main/faults');
    }
    expect((await counts()).endpoints).toEqual({
      'GET /api/v1/applications': { requests: 1, bytesSent: 0, byStatus: {} },
    });
  });

  it('counts a request whose connection is refused, with no status and no bytes', async () => {
    await control('PUT', '/instances/main/faults', {
      refuseConnections: true,
    });
    try {
      await expect(argo('main', '/api/v1/applications/api')).rejects.toThrow(
        TypeError,
      );
    } finally {
      await control('DELETE', '/instances/main/faults');
    }
    expect((await counts()).endpoints).toEqual({
      'GET /api/v1/applications/{name}': {
        requests: 1,
        bytesSent: 0,
        byStatus: {},
      },
    });
  });

  it('starts again from zero after DELETE …/requests', async () => {
    await call('/api/v1/applications');
    await call('/api/v1/applications/api');
    expect((await counts()).requests).toBe(2);

    expect((await control('DELETE', '/instances/main/requests')).status).toBe(
      204,
    );
    expect(await counts()).toEqual({
      requests: 0,
      bytesSent: 0,
      endpoints: {},
    });
    await call('/api/v1/applications');
    expect(requestsPerEndpoint(await counts())).toEqual({
      'GET /api/v1/applications': 1,
    });
  });

  it('keeps separate counts per instance', async () => {
    await call('/api/v1/applications');
    await argo('other', '/api/v1/applications/api').then(r => r.arrayBuffer());
    await argo('other', '/api/v1/applications/api').then(r => r.arrayBuffer());

    expect(requestsPerEndpoint(await counts('main'))).toEqual({
      'GET /api/v1/applications': 1,
    });
    expect(requestsPerEndpoint(await counts('other'))).toEqual({
      'GET /api/v1/applications/{name}': 2,
    });
    await control('DELETE', '/instances/other/requests');
    expect((await counts('main')).requests).toBe(1);
  });
});

describe('endpointOf', () => {
  it.each([
    ['POST', '/api/v1/session', 'POST /api/v1/session'],
    ['GET', '/api/v1/applications', 'GET /api/v1/applications'],
    ['GET', '/api/v1/applications/my-app', 'GET /api/v1/applications/{name}'],
    [
      'GET',
      '/api/v1/applications/my-app/resource-tree',
      'GET /api/v1/applications/{name}/resource-tree',
    ],
    [
      'GET',
      '/api/v1/applications/my-app/managed-resources',
      'GET /api/v1/applications/{name}/managed-resources',
    ],
    [
      'GET',
      '/api/v1/applications/my-app/revisions/abc123/metadata',
      'GET /api/v1/applications/{name}/revisions/{revision}/metadata',
    ],
    ['GET', '/api/v1/stream/applications', 'GET /api/v1/stream/applications'],
    ['GET', '/api/v1/projects', 'GET /api/v1/projects'],
    [
      'GET',
      '/api/v1/account/can-i/applications/get/*',
      'GET /api/v1/account/can-i/{resource}/{action}/{subresource}',
    ],
  ])('keys %s %s by its route template, as "%s"', (method, path, expected) => {
    expect(endpointOf(method, path)).toBe(expected);
  });

  // Method and path must both match a template; otherwise the raw path is the key.
  it.each([
    ['DELETE', '/api/v1/applications/my-app'],
    ['GET', '/api/v1/session'],
    ['GET', '/api/v1/applications/my-app/events'],
    ['GET', '/api/v1/applications/'],
  ])('keys %s %s, which matches no template, as itself', (method, path) => {
    expect(endpointOf(method, path)).toBe(`${method} ${path}`);
  });
});
