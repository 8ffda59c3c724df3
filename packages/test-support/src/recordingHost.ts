import { createServer, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a recording host received, body included. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * Another host, as an SSO proxy's login would be: it records every request that reaches it and
 * answers each with 200 and the JSON `answer`, so that a test can tell whether anything (a
 * token, a password) was sent there.
 */
export async function startRecordingHost(answer: string): Promise<{
  url: string;
  requests: RecordedRequest[];
  close: () => Promise<void>;
}> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
      });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(answer);
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise(r => server.close(() => r())),
  };
}
