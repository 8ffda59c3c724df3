import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { ArgoCdClient } from './ArgoCdClient';
import { ArgoCdRequestError } from './ArgoCdRequestError';

// An Argo CD (or a proxy in front) that ignores the list's `fields` projection sends every
// application whole, every poll. Answers over `maxAnswerBytes` fail in words instead of being
// held in memory whole, whether they say their length or not.

const MB = 1024 * 1024;
let server: Server;
let url: string;
let answer: { bytes: number; withLength: boolean };

beforeAll(async () => {
  server = createServer((_req, res) => {
    const body = JSON.stringify({
      items: [{ padding: 'x'.repeat(Math.max(0, answer.bytes - 30)) }],
    });
    res.writeHead(200, {
      'Content-Type': 'application/json',
      ...(answer.withLength
        ? { 'Content-Length': Buffer.byteLength(body) }
        : {}),
    });
    // In pieces, as a large answer comes.
    for (let i = 0; i < body.length; i += 64 * 1024)
      res.write(body.slice(i, i + 64 * 1024));
    res.end();
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise(r => server.close(r)));

const client = () =>
  new ArgoCdClient({
    instance: {
      name: 'unprojected',
      url,
      frontendUrl: url,
      credentials: { kind: 'token', token: 'a-token-1234' },
    },
    logger: mockServices.logger.mock(),
    requestTimeoutMs: 10_000,
    maxAnswerBytes: 2 * MB,
    retries: 2,
    backoffMs: 1,
  });

describe('ArgoCdClient and the size of an answer', () => {
  it.each([true, false])(
    'reads an answer under the limit (with a length: %s)',
    async withLength => {
      answer = { bytes: 1.5 * MB, withLength };
      const list = await client().listApplications();
      expect(list.items).toHaveLength(1);
    },
  );

  it.each([
    [
      true,
      'answered 5 MB, more than the 2 MB read (polling.maxAnswerMegabytes)',
    ],
    [
      false,
      'answered over 2 MB without a length, more than the 2 MB read (polling.maxAnswerMegabytes)',
    ],
  ])(
    'fails an answer over the limit, without retrying (with a length: %s)',
    async (withLength, message) => {
      answer = { bytes: 5 * MB, withLength };
      const error = await client()
        .listApplications()
        .then(
          () => new Error('expected the request to fail'),
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(ArgoCdRequestError);
      expect(error).toMatchObject({
        kind: 'bad-answer',
        answer: 'too-large',
        retryable: false,
      });
      expect((error as Error).message).toContain(message);
    },
  );
});
