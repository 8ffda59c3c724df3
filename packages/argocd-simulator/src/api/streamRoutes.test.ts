import type {
  ArgoCdApplication,
  ArgoCdApplicationList,
} from '@argo-pulse/backstage-plugin-common';
import { gitApp, testInstance } from '../testing/testSimulator';
import { useTestSimulator } from '../testing/useTestSimulator';

const { simulator, argo } = useTestSimulator(
  {
    instances: [
      testInstance('main', [
        gitApp('api', {
          project: 'payments',
          labels: { team: 'payments', tier: 'backend' },
        }),
        gitApp('web', {
          project: 'storefront',
          labels: { team: 'storefront', tier: 'frontend' },
        }),
        gitApp('worker', {
          project: 'payments',
          labels: { team: 'payments' },
        }),
        gitApp('rolling', { project: 'ops', labels: { team: 'ops' } }),
        gitApp('quiet', { project: 'ops', labels: { team: 'ops' } }),
        gitApp('twin-a', { project: 'twins', labels: {} }),
        gitApp('twin-b', { project: 'twins', labels: {} }),
      ]),
    ],
  },
  { keepaliveMs: 50 },
);

interface WatchEvent {
  result: {
    type: 'ADDED' | 'MODIFIED' | 'DELETED';
    application: ArgoCdApplication;
  };
}

/** An open watch: collects the body's text as it arrives, until told to close. */
class OpenStream {
  text = '';
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private pending?: Promise<ReadableStreamReadResult<Uint8Array>>;
  private ended = false;

  constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {
    this.reader = response.body!.getReader();
  }

  /** Reads until `done(text)` holds or `timeoutMs` passes; answers the text so far. */
  async until(
    done: (text: string) => boolean,
    timeoutMs = 1000,
  ): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended && !done(this.text) && Date.now() < deadline) {
      // A read still pending from an earlier call is reused, so no chunk is lost.
      this.pending ??= this.reader.read();
      let timedOut = () => {};
      const timeout = new Promise<undefined>(resolve => {
        timedOut = () => resolve(undefined);
      });
      const timer = setTimeout(timedOut, deadline - Date.now());
      const result = await Promise.race([this.pending, timeout]);
      clearTimeout(timer);
      if (!result) break;
      this.pending = undefined;
      if (result.done) this.ended = true;
      else this.text += this.decoder.decode(result.value, { stream: true });
    }
    return this.text;
  }

  /** Waits until at least `count` events have arrived (returning as soon as they have: the limit is for a loaded machine). */
  async events(count: number, timeoutMs = 10_000): Promise<WatchEvent[]> {
    await this.until(text => parseEvents(text).length >= count, timeoutMs);
    return parseEvents(this.text);
  }

  /** Reads for a while and answers every event that arrived: for asserting that nothing more comes, after `events` waited for what must. */
  async settle(ms = 150): Promise<WatchEvent[]> {
    await this.until(() => false, ms);
    return parseEvents(this.text);
  }

  async close(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
    this.abort.abort();
  }
}

/** Events from SSE `data:` lines or NDJSON lines; keepalive comments are skipped. */
function parseEvents(text: string): WatchEvent[] {
  return text
    .split('\n')
    .filter(line => line.trim() !== '' && !line.startsWith(':'))
    .map(
      line =>
        JSON.parse(
          line.startsWith('data: ') ? line.slice('data: '.length) : line,
        ) as WatchEvent,
    );
}

const typesAndNames = (events: WatchEvent[]) =>
  events.map(e => `${e.result.type} ${e.result.application.metadata?.name}`);

async function openStream(
  query: string,
  options: { sse?: boolean; token?: string | null } = {},
): Promise<OpenStream> {
  const abort = new AbortController();
  const response = await argo('main', `/api/v1/stream/applications${query}`, {
    headers: options.sse === false ? {} : { Accept: 'text/event-stream' },
    signal: abort.signal,
    token: options.token,
  });
  return new OpenStream(response, abort);
}

/** Starts a manual rollout of an application of `main` to version 2.0.0 of its image. */
const rollOutToV2 = (name: string) =>
  simulator()
    .instance('main')
    .rollout(name, { images: [`ghcr.io/acme/${name}:2.0.0`], manual: true });
/** Advances the manual rollout of an application of `main` by `steps` steps. */
function advance(name: string, steps = 1) {
  const instance = simulator().instance('main');
  for (let step = 0; step < steps; step++)
    instance.rollouts.advance(instance.application(name));
}

/** Opens a stream, runs `body` with it, and always closes it. */
async function withStream<T>(
  query: string,
  body: (stream: OpenStream) => Promise<T>,
  options?: { sse?: boolean },
): Promise<T> {
  const stream = await openStream(query, options);
  try {
    return await body(stream);
  } finally {
    await stream.close();
  }
}

async function getJson<T>(path: string): Promise<{ text: string; body: T }> {
  const response = await argo('main', path);
  expect(response.status).toBe(200);
  const text = await response.text();
  return { text, body: JSON.parse(text) as T };
}

describe('framing', () => {
  it("frames each SSE event as a data line with Argo CD's stray space, then a blank line and grpc-gateway's newline", async () => {
    const { text: appJson } = await getJson('/api/v1/applications/api');
    await withStream('?name=api', async stream => {
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toBe(
        'text/event-stream',
      );
      const text = await stream.until(t => t.includes('\n\n\n'));
      const withoutKeepalives = text.replace(/^:\n/gm, '');
      expect(withoutKeepalives).toBe(
        `data: {"result":{"type":"ADDED","application":${appJson}}} \n\n\n`,
      );
    });
  });

  it('sends one JSON line per message without the SSE Accept header, and no keepalives', async () => {
    const { text: appJson } = await getJson('/api/v1/applications/api');
    await withStream(
      '?name=api',
      async stream => {
        expect(stream.response.headers.get('content-type')).toMatch(
          /^application\/json/,
        );
        // Several keepalive intervals (50 ms) pass while reading.
        expect(await stream.until(() => false, 250)).toBe(
          `{"result":{"type":"ADDED","application":${appJson}}}\n`,
        );
      },
      { sse: false },
    );
  });

  it('sends a ":" keepalive line on a timer in SSE mode', async () => {
    await withStream('?name=nothing-matches', async stream => {
      const text = await stream.until(t => t.split(':\n').length > 3);
      expect(text).toMatch(/^(:\n){3,}$/);
    });
  });

  it('sends nothing more, keepalives included, on a stream already open while silentStreams is set; then resumes', async () => {
    await withStream('?name=quiet', async stream => {
      await stream.until(t => t.includes('\n\n\n')); // the ADDED event
      simulator().instance('main').faults.set({ silentStreams: true });
      try {
        const before = stream.text.length;
        // Several keepalive intervals (50 ms) pass while reading.
        await stream.until(() => false, 250);
        expect(stream.text.length).toBe(before);
        simulator().instance('main').faults.clear();
        const after = await stream.until(t => t.length > before);
        expect(after.slice(before)).toMatch(/^:\n/);
      } finally {
        simulator().instance('main').faults.clear();
      }
    });
  });

  it('answers 401 without a token', async () => {
    const stream = await openStream('', { token: null });
    try {
      expect(stream.response.status).toBe(401);
      expect(await stream.until(() => false, 100)).toBe(
        JSON.stringify({
          error: 'no session information',
          code: 16,
          message: 'no session information',
        }),
      );
    } finally {
      await stream.close();
    }
  });
});

describe('initial events', () => {
  it('sends ADDED for every application, in list order, when no resourceVersion is given', async () => {
    const { body: list } = await getJson<ArgoCdApplicationList>(
      '/api/v1/applications',
    );
    const names = list.items!.map(a => a.metadata!.name);
    await withStream('', async stream => {
      const events = await stream.events(names.length);
      expect(typesAndNames(events)).toEqual(names.map(name => `ADDED ${name}`));
      expect(await stream.settle()).toHaveLength(names.length);
    });
  });

  it('sends no initial events when a resourceVersion is given, only later changes', async () => {
    const { body: list } = await getJson<ArgoCdApplicationList>(
      '/api/v1/applications',
    );
    await withStream(
      `?resourceVersion=${list.metadata!.resourceVersion}`,
      async stream => {
        expect(await stream.settle()).toEqual([]);
        rollOutToV2('worker');
        const events = await stream.events(1);
        expect(typesAndNames(events)).toEqual(['MODIFIED worker']);
        expect(events[0].result.application.status?.sync?.status).toBe(
          'OutOfSync',
        );
      },
    );
  });

  it('sends the initial event of a named application even with a resourceVersion', async () => {
    const { body: app } = await getJson<ArgoCdApplication>(
      '/api/v1/applications/web',
    );
    await withStream(
      `?name=web&resourceVersion=${app.metadata!.resourceVersion}`,
      async stream => {
        await stream.events(1);
        expect(typesAndNames(await stream.settle())).toEqual(['ADDED web']);
      },
    );
  });
});

describe('changes', () => {
  it('reports each step of a rollout as a MODIFIED event', async () => {
    await withStream('?name=rolling', async stream => {
      await stream.events(1);
      rollOutToV2('rolling');
      advance('rolling', 3);
      const events = await stream.events(5);
      expect(events.map(e => e.result.type)).toEqual([
        'ADDED',
        'MODIFIED',
        'MODIFIED',
        'MODIFIED',
        'MODIFIED',
      ]);
      const apps = events.map(e => e.result.application);
      expect(apps.map(a => a.status?.sync?.status)).toEqual([
        'Synced',
        'OutOfSync',
        'OutOfSync',
        'Synced',
        'Synced',
      ]);
      // The previous sync's operation state stays until the new sync starts.
      expect(apps.map(a => a.status?.operationState?.phase)).toEqual([
        'Succeeded',
        'Succeeded',
        'Running',
        'Succeeded',
        'Succeeded',
      ]);
      expect(apps.map(a => a.status?.health?.status)).toEqual([
        'Healthy',
        'Healthy',
        'Healthy',
        'Progressing',
        'Healthy',
      ]);
      expect(apps[4].status?.summary?.images).toEqual([
        'ghcr.io/acme/rolling:2.0.0',
      ]);
      const versions = apps.map(a => Number(a.metadata!.resourceVersion));
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
      expect(new Set(versions).size).toBe(5);
    });
  });

  it('reports a deleted application with a DELETED event', async () => {
    const instance = simulator().instance('main');
    instance.createApplication(gitApp('doomed', { project: 'ops' }));
    await withStream('?name=doomed', async stream => {
      await stream.events(1);
      instance.deleteApplication('doomed');
      const events = await stream.events(2);
      expect(typesAndNames(events)).toEqual(['ADDED doomed', 'DELETED doomed']);
    });
  });
});

describe('filters', () => {
  it.each([
    ['?name=web', ['web']],
    ['?projects=payments', ['api', 'worker']],
    ['?projects=payments&projects=storefront', ['api', 'web', 'worker']],
    ['?selector=team%3Dpayments,tier%3Dbackend', ['api']],
    ['?selector=tier', ['api', 'web']],
    ['?projects=payments&selector=tier', ['api']],
  ])('sends only the applications that match %s', async (query, expected) => {
    await withStream(query, async stream => {
      await stream.events(expected.length);
      expect(typesAndNames(await stream.settle())).toEqual(
        expected.map(name => `ADDED ${name}`),
      );
    });
  });

  it('applies the filters to later changes too', async () => {
    await withStream('?projects=storefront', async stream => {
      await stream.events(1);
      rollOutToV2('api');
      rollOutToV2('web');
      await stream.events(2);
      expect(typesAndNames(await stream.settle())).toEqual([
        'ADDED web',
        'MODIFIED web',
      ]);
    });
  });
});

describe('fields', () => {
  it('projects each event onto the requested result paths', async () => {
    await withStream(
      '?name=api&fields=result.application.metadata.name,result.type',
      async stream => {
        const text = await stream.until(t => t.includes('\n\n\n'));
        expect(text.replace(/^:\n/gm, '')).toBe(
          'data: {"result":{"type":"ADDED","application":{"metadata":{"name":"api"}}}} \n\n\n',
        );
      },
    );
  });

  it('keeps every key whose path is a string prefix of a requested path, as Argo CD does', async () => {
    // `metadata.name` is kept because "…metadata.namespace" starts with "…metadata.name".
    await withStream(
      '?name=api&fields=result.application.metadata.namespace,result.application.spec.project',
      async stream => {
        const [event] = await stream.events(1);
        expect(event).toEqual({
          result: {
            application: {
              metadata: { name: 'api', namespace: 'argocd' },
              spec: { project: 'payments' },
            },
          },
        });
      },
    );
  });
});

describe('duplicate suppression', () => {
  it('does not repeat a payload identical to the last one sent for the same application', async () => {
    const instance = simulator().instance('main');
    await withStream(
      '?name=quiet&fields=result.application.metadata.name,result.type',
      async stream => {
        await stream.events(1);
        rollOutToV2('quiet');
        // Each step changes the application, but not the projected payload.
        advance('quiet', 3);
        await stream.events(2);
        expect(typesAndNames(await stream.settle())).toEqual([
          'ADDED quiet',
          'MODIFIED quiet',
        ]);
        // The stream is still live: a payload that differs does arrive.
        instance.deleteApplication('quiet');
        expect(typesAndNames(await stream.events(3))).toEqual([
          'ADDED quiet',
          'MODIFIED quiet',
          'DELETED quiet',
        ]);
      },
    );
  });

  it('compares payloads per application, so equal payloads of two applications are both sent', async () => {
    await withStream('?projects=twins&fields=result.type', async stream => {
      await stream.events(2);
      rollOutToV2('twin-a');
      rollOutToV2('twin-b');
      advance('twin-a');
      await stream.events(4);
      const events = await stream.settle();
      expect(events).toEqual([
        { result: { type: 'ADDED' } },
        { result: { type: 'ADDED' } },
        { result: { type: 'MODIFIED' } },
        { result: { type: 'MODIFIED' } },
      ]);
    });
  });
});
