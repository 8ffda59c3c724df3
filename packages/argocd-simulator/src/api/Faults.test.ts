import { MAIN_AND_OTHER, TEST_TOKEN } from '../testing/testSimulator';
import { expectArgoError } from '../testing/expectArgoError';
import { useTestSimulator } from '../testing/useTestSimulator';

const { simulator, argo, control, login } = useTestSimulator(MAIN_AND_OTHER);
afterEach(async () => {
  for (const instance of ['main', 'other'])
    await control('DELETE', `/instances/${instance}/faults`);
});

const setFaults = async (body: unknown, instance = 'main') => {
  const response = await control('PUT', `/instances/${instance}/faults`, body);
  expect(response.status).toBe(200);
  return response.json();
};
/** A session token from a fresh login. */
const sessionToken = async (): Promise<string> => {
  const response = await login('main');
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
};
const NO_FAULTS = {
  latencyMs: 0,
  errorRate: 0,
  errorStatus: 503,
  hang: false,
  malformedJson: false,
  refuseConnections: false,
  redirectStatus: 307,
  htmlLoginPage: false,
  silentStreams: false,
  ignoreFields: false,
};
const EXPIRED = 'invalid session: token has invalid claims: token is expired';

describe('fault settings', () => {
  it('answers the complete settings, with the fields left out switched off, and clears them on DELETE', async () => {
    expect(await setFaults({ latencyMs: 10, hang: false })).toEqual({
      ...NO_FAULTS,
      latencyMs: 10,
    });
    expect(await setFaults({ errorRate: 0.25 })).toEqual({
      ...NO_FAULTS,
      errorRate: 0.25,
    });
    expect(
      await (await control('GET', '/instances/main/faults')).json(),
    ).toEqual({ ...NO_FAULTS, errorRate: 0.25 });
    expect((await control('DELETE', '/instances/main/faults')).status).toBe(
      204,
    );
    expect(
      await (await control('GET', '/instances/main/faults')).json(),
    ).toEqual(NO_FAULTS);
  });

  it.each([
    ['an unknown key', { colour: 'red' }, /colour/],
    ['an error rate above 1', { errorRate: 2 }, /errorRate/],
    ['an error status that is not 5xx', { errorStatus: 404 }, /errorStatus/],
    ['a negative latency', { latencyMs: -1 }, /latencyMs/],
    ['a hang that is not a boolean', { hang: 'yes' }, /hang/],
  ])(
    'refuses %s with 400 and a message naming it, keeping the old settings',
    async (_what, body, message) => {
      await setFaults({ latencyMs: 5 });
      const response = await control('PUT', '/instances/main/faults', body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(
        message,
      );
      expect(
        await (await control('GET', '/instances/main/faults')).json(),
      ).toEqual({ ...NO_FAULTS, latencyMs: 5 });
    },
  );
});

describe('faults acted out', () => {
  it('delays every answer by latencyMs', async () => {
    await setFaults({ latencyMs: 200 });
    const started = performance.now();
    const response = await argo('main', '/api/v1/applications');
    expect(response.status).toBe(200);
    await response.json();
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
  });

  it("answers errorStatus with the proxy's HTML page at errorRate 1", async () => {
    await setFaults({ errorRate: 1, errorStatus: 502 });
    for (const path of ['/api/v1/applications', '/api/v1/applications/api']) {
      const response = await argo('main', path);
      expect(response.status).toBe(502);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const body = await response.text();
      expect(body).toContain('<title>502 Bad Gateway</title>');
      expect(() => JSON.parse(body)).toThrow();
    }
  });

  it('fails about half the requests at errorRate 0.5, in the same order each time the fault is set', async () => {
    const statuses = async () => {
      await setFaults({ errorRate: 0.5, errorStatus: 502 });
      const result: number[] = [];
      for (let i = 0; i < 40; i++) {
        const response = await argo('main', '/api/v1/applications/api');
        await response.arrayBuffer();
        result.push(response.status);
      }
      return result;
    };
    const first = await statuses();
    expect(new Set(first)).toEqual(new Set([200, 502]));
    expect(await statuses()).toEqual(first);
  });

  it('never answers a request while hang is set', async () => {
    await setFaults({ hang: true });
    const started = performance.now();
    const request = argo('main', '/api/v1/applications', {
      signal: AbortSignal.timeout(300),
    });
    await expect(request).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('redirects every request to redirectTo plus its path, as an SSO proxy in front does, with redirectStatus', async () => {
    await setFaults({
      redirectTo: 'http://sso.example.com/',
      redirectStatus: 308,
    });
    for (const [method, path] of [
      ['GET', '/api/v1/applications?fields=items.metadata.name'],
      ['POST', '/api/v1/session'],
    ]) {
      const response = await argo('main', path, {
        method,
        redirect: 'manual',
      });
      expect(response.status).toBe(308);
      expect(response.headers.get('location')).toBe(
        `http://sso.example.com${path}`,
      );
    }
  });

  it('answers 200 with an HTML login page while htmlLoginPage is set', async () => {
    await setFaults({ htmlLoginPage: true });
    const response = await argo('main', '/api/v1/applications');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain(
      '<input name="password" type="password">',
    );
  });

  it('answers lists whole, whatever `fields` asks, while ignoreFields is set', async () => {
    const items = async () =>
      (
        (await (
          await argo('main', '/api/v1/applications?fields=items.metadata.name')
        ).json()) as { items: Array<Record<string, unknown>> }
      ).items;
    expect(Object.keys((await items())[0])).toEqual(['metadata']);
    await setFaults({ ignoreFields: true });
    expect((await items())[0]).toHaveProperty('status.resources');
  });

  it('answers 200 with JSON cut short while malformedJson is set', async () => {
    await setFaults({ malformedJson: true });
    const response = await argo('main', '/api/v1/applications/api');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const cut = await response.text();
    expect(() => JSON.parse(cut)).toThrow(SyntaxError);
    await control('DELETE', '/instances/main/faults');
    const whole = await (await argo('main', '/api/v1/applications/api')).text();
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.length).toBeLessThan(whole.length);
    expect(whole.startsWith(cut)).toBe(true);
  });

  it('drops the connection without an answer while refuseConnections is set', async () => {
    await setFaults({ refuseConnections: true });
    await expect(argo('main', '/api/v1/applications')).rejects.toThrow(
      TypeError,
    );
    await control('DELETE', '/instances/main/faults');
    expect((await argo('main', '/api/v1/applications')).status).toBe(200);
  });
});

describe('expired tokens', () => {
  it('refuses session tokens issued before expire-tokens, while a fresh login works', async () => {
    const token = await sessionToken();
    expect((await argo('main', '/api/v1/applications', { token })).status).toBe(
      200,
    );
    expect(
      (await control('POST', '/instances/main/expire-tokens')).status,
    ).toBe(204);

    const refused = await argo('main', '/api/v1/applications', {
      token,
    });
    await expectArgoError(refused, 401, 16, EXPIRED);
    // Static tokens are left alone unless asked.
    expect((await argo('main', '/api/v1/applications')).status).toBe(200);
    expect(
      (
        await argo('main', '/api/v1/applications', {
          token: await sessionToken(),
        })
      ).status,
    ).toBe(200);
  });

  it('refuses the static tokens too with includeStaticTokens, until the faults are cleared', async () => {
    expect(
      (
        await control('POST', '/instances/main/expire-tokens', {
          includeStaticTokens: true,
        })
      ).status,
    ).toBe(204);
    const refused = await argo('main', '/api/v1/applications', {
      token: TEST_TOKEN,
    });
    await expectArgoError(refused, 401, 16, EXPIRED);
    expect(
      (
        await argo('other', '/api/v1/applications', {
          token: TEST_TOKEN,
        })
      ).status,
    ).toBe(200);

    expect((await control('DELETE', '/instances/main/faults')).status).toBe(
      204,
    );
    expect(
      (
        await argo('main', '/api/v1/applications', {
          token: TEST_TOKEN,
        })
      ).status,
    ).toBe(200);
  });

  it('refuses an expire-tokens body it does not understand', async () => {
    const response = await control('POST', '/instances/main/expire-tokens', {
      includeStaticTokens: 'yes',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(
      /includeStaticTokens/,
    );
    expect((await argo('main', '/api/v1/applications')).status).toBe(200);
  });
});

describe('scope', () => {
  it('leaves the other instances alone', async () => {
    await setFaults({ errorRate: 1, errorStatus: 502 }, 'main');
    expect((await argo('main', '/api/v1/applications')).status).toBe(502);
    expect((await argo('other', '/api/v1/applications')).status).toBe(200);
    expect(
      await (await control('GET', '/instances/other/faults')).json(),
    ).toEqual(NO_FAULTS);
  });

  it.each([
    ['refuseConnections', { refuseConnections: true }],
    ['hang', { hang: true }],
    ['errorRate', { errorRate: 1, errorStatus: 500 }],
    ['malformedJson', { malformedJson: true }],
  ])('never applies %s to the control API', async (_what, faults) => {
    await setFaults(faults);
    const response = await fetch(`${simulator().url}/control/instances`, {
      signal: AbortSignal.timeout(1000),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      instances: [
        { name: 'main', applications: 2 },
        { name: 'other', applications: 1 },
      ],
    });
    expect((await control('DELETE', '/instances/main/faults')).status).toBe(
      204,
    );
  });
});
