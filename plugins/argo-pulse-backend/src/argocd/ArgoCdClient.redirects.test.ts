import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import type { ArgoCdCredentials } from '../config/readArgoPulseConfig';
import { ArgoCdClient } from './ArgoCdClient';
import { ArgoCdRequestError } from './ArgoCdRequestError';

// An SSO proxy in front of Argo CD answers the API with a redirect to its login host. The client
// never follows it, for any kind of request: the list (a GET with the token), the login (a POST
// with the password) and the event stream. The other host sees nothing at all.

const PASSWORD = 'the-argocd-password-9f1';
const TOKEN = 'the-argocd-token-3a7';

interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

async function listen(
  handler: (
    req: IncomingMessage,
    body: string,
    res: import('node:http').ServerResponse,
  ) => void,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
  };
}

let elsewhere: { url: string; server: Server; requests: Recorded[] };
let proxy: { url: string; server: Server; status: number };

beforeAll(async () => {
  const requests: Recorded[] = [];
  const host = await listen((req, body, res) => {
    requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body,
    });
    res
      .writeHead(200, { 'Content-Type': 'application/json' })
      .end('{"token":"from-elsewhere","items":[]}');
  });
  elsewhere = { ...host, requests };
  const front = await listen((req, _body, res) => {
    res
      .writeHead(proxy.status, {
        Location: `${elsewhere.url}/oauth2/start?rd=${encodeURIComponent(
          req.url ?? '',
        )}&token=${TOKEN}`,
      })
      .end();
  });
  proxy = { ...front, status: 307 };
});

afterAll(async () => {
  await new Promise(r => elsewhere.server.close(r));
  await new Promise(r => proxy.server.close(r));
});

function client(credentials: ArgoCdCredentials) {
  return new ArgoCdClient({
    instance: {
      name: 'behind-sso',
      url: proxy.url,
      frontendUrl: proxy.url,
      credentials,
    },
    logger: mockServices.logger.mock(),
    requestTimeoutMs: 5_000,
    concurrency: 2,
    retries: 2,
    backoffMs: 1,
  });
}

async function failure(promise: Promise<unknown>): Promise<ArgoCdRequestError> {
  const error = await promise.then(
    () => new Error('expected the request to fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ArgoCdRequestError);
  return error as ArgoCdRequestError;
}

describe('ArgoCdClient behind a redirecting SSO proxy', () => {
  const elsewhereHost = () => new URL(elsewhere.url).host;

  it.each([301, 302, 303, 307, 308])(
    'a %s is not followed: the list with the token, the login with the password',
    async status => {
      proxy.status = status;
      const byToken = await failure(
        client({ kind: 'token', token: TOKEN }).listApplications(),
      );
      const byLogin = await failure(
        client({
          kind: 'login',
          username: 'admin',
          password: PASSWORD,
        }).listApplications(),
      );
      for (const error of [byToken, byLogin]) {
        expect(error).toMatchObject({
          kind: 'redirect',
          status,
          retryable: false,
          redirectHost: elsewhereHost(),
        });
        // Only the host: the Location's query carries what a proxy may have echoed.
        expect(error.message).not.toContain(TOKEN);
      }
      expect(byLogin.endpoint).toBe('POST /api/v1/session');
      expect(elsewhere.requests).toEqual([]);
    },
  );

  it('the event stream is not followed either', async () => {
    proxy.status = 307;
    const stream = client({ kind: 'token', token: TOKEN }).watchApplications({
      signal: new AbortController().signal,
    });
    const error = await failure(stream.next());
    expect(error).toMatchObject({
      kind: 'redirect',
      endpoint: 'GET /api/v1/stream/applications',
      redirectHost: elsewhereHost(),
    });
    expect(elsewhere.requests).toEqual([]);
  });
});

describe('ArgoCdClient answered by a login page', () => {
  it('says it is an HTML page, not Argo CD, without retrying', async () => {
    let requests = 0;
    const page = await listen((_req, _body, res) => {
      requests++;
      res
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        .end('<!DOCTYPE html><html><body><form>Sign in</form></body></html>');
    });
    try {
      const c = new ArgoCdClient({
        instance: {
          name: 'page',
          url: page.url,
          frontendUrl: page.url,
          credentials: { kind: 'token', token: TOKEN },
        },
        logger: mockServices.logger.mock(),
        requestTimeoutMs: 5_000,
        concurrency: 2,
        retries: 2,
        backoffMs: 1,
      });
      const error = await failure(c.listApplications());
      expect(error).toMatchObject({
        kind: 'bad-answer',
        answer: 'html',
        status: 200,
        retryable: false,
      });
      expect(error.message).toContain("an HTML page, not Argo CD's API");
      expect(requests).toBe(1);
    } finally {
      await new Promise(r => page.server.close(r));
    }
  });
});
