import type { RequestHandler } from 'express';

/** Requests and bytes for one endpoint. */
export interface EndpointCount {
  requests: number;
  bytesSent: number;
  /** Answers by HTTP status; requests never answered (hang, refused) are not here. */
  byStatus: Record<string, number>;
}

/** What an instance has served since the last reset. */
export interface RequestCountSnapshot {
  requests: number;
  bytesSent: number;
  /** Keyed like `GET /api/v1/applications/{name}`. */
  endpoints: Record<string, EndpointCount>;
}

const ENDPOINTS: Array<[method: string, pattern: RegExp, name: string]> = [
  ['POST', /^\/api\/v1\/session$/, '/api/v1/session'],
  ['GET', /^\/api\/v1\/applications$/, '/api/v1/applications'],
  ['GET', /^\/api\/v1\/applications\/[^/]+$/, '/api/v1/applications/{name}'],
  [
    'GET',
    /^\/api\/v1\/applications\/[^/]+\/resource-tree$/,
    '/api/v1/applications/{name}/resource-tree',
  ],
  [
    'GET',
    /^\/api\/v1\/applications\/[^/]+\/resource$/,
    '/api/v1/applications/{name}/resource',
  ],
  [
    'GET',
    /^\/api\/v1\/applications\/[^/]+\/managed-resources$/,
    '/api/v1/applications/{name}/managed-resources',
  ],
  [
    'GET',
    /^\/api\/v1\/applications\/[^/]+\/revisions\/[^/]+\/metadata$/,
    '/api/v1/applications/{name}/revisions/{revision}/metadata',
  ],
  [
    'GET',
    /^\/api\/v1\/applications\/[^/]+\/revisions\/[^/]+\/ocimetadata$/,
    '/api/v1/applications/{name}/revisions/{revision}/ocimetadata',
  ],
  [
    'GET',
    /^\/api\/v1\/applications\/[^/]+\/manifests$/,
    '/api/v1/applications/{name}/manifests',
  ],
  [
    'POST',
    /^\/api\/v1\/applications\/[^/]+\/sync$/,
    '/api/v1/applications/{name}/sync',
  ],
  [
    'POST',
    /^\/api\/v1\/applications\/[^/]+\/rollback$/,
    '/api/v1/applications/{name}/rollback',
  ],
  ['GET', /^\/api\/v1\/stream\/applications$/, '/api/v1/stream/applications'],
  ['GET', /^\/api\/v1\/applicationsets$/, '/api/v1/applicationsets'],
  [
    'GET',
    /^\/api\/v1\/applicationsets\/[^/]+$/,
    '/api/v1/applicationsets/{name}',
  ],
  ['GET', /^\/api\/v1\/projects$/, '/api/v1/projects'],
  [
    'GET',
    /^\/api\/v1\/account\/can-i\/[^/]+\/[^/]+\/[^/]+$/,
    '/api/v1/account/can-i/{resource}/{action}/{subresource}',
  ],
];

/** The endpoint a request is for, by Argo CD's route templates, so counts group per endpoint. */
export function endpointOf(method: string, path: string): string {
  const match = ENDPOINTS.find(
    ([m, pattern]) => m === method && pattern.test(path),
  );
  return `${method} ${match ? match[2] : path}`;
}

/**
 * Counts what the clients of one instance asked for, so tests can assert
 * exactly how many Argo CD calls a client made and how much it downloaded.
 */
export class RequestCounters {
  private endpoints = new Map<string, EndpointCount>();

  /** Middleware: counts a request when it arrives, its bytes and status when it ends. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const count = this.countFor(endpointOf(req.method, req.path));
      count.requests++;
      const write = res.write.bind(res) as (...args: unknown[]) => boolean;
      const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
      const measure = (chunk: unknown) => {
        if (typeof chunk === 'string')
          count.bytesSent += Buffer.byteLength(chunk);
        else if (chunk instanceof Uint8Array)
          count.bytesSent += chunk.byteLength;
      };
      res.write = ((chunk: unknown, ...rest: unknown[]) => {
        measure(chunk);
        return write(chunk, ...rest);
      }) as typeof res.write;
      res.end = ((chunk?: unknown, ...rest: unknown[]) => {
        if (typeof chunk !== 'function') measure(chunk);
        return end(chunk, ...rest);
      }) as typeof res.end;
      // 'close' rather than 'finish': a stream the client closes never finishes.
      res.on('close', () => {
        if (res.headersSent)
          count.byStatus[res.statusCode] =
            (count.byStatus[res.statusCode] ?? 0) + 1;
      });
      next();
    };
  }

  snapshot(): RequestCountSnapshot {
    const endpoints = Object.fromEntries(
      [...this.endpoints.entries()].map(([key, value]) => [
        key,
        { ...value, byStatus: { ...value.byStatus } },
      ]),
    );
    const all = Object.values(endpoints);
    return {
      requests: all.reduce((sum, e) => sum + e.requests, 0),
      bytesSent: all.reduce((sum, e) => sum + e.bytesSent, 0),
      endpoints,
    };
  }

  /** How many requests an endpoint (e.g. `GET /api/v1/applications`) received. */
  requestsTo(endpoint: string): number {
    return this.endpoints.get(endpoint)?.requests ?? 0;
  }

  reset(): void {
    this.endpoints = new Map();
  }

  private countFor(endpoint: string): EndpointCount {
    let count = this.endpoints.get(endpoint);
    if (!count) {
      count = { requests: 0, bytesSent: 0, byStatus: {} };
      this.endpoints.set(endpoint, count);
    }
    return count;
  }
}
