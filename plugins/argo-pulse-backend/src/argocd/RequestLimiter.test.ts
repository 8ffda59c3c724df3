import { RequestLimiter } from './RequestLimiter';

/** Work that runs until released, recording how many run at once. */
function gate() {
  const releases: Array<() => void> = [];
  const running = new Map<string, number>();
  let maxTotal = 0;
  const maxPerInstance = new Map<string, number>();
  const started: string[] = [];
  const work = (instance: string, label: string) => () =>
    new Promise<string>(resolve => {
      started.push(label);
      running.set(instance, (running.get(instance) ?? 0) + 1);
      maxPerInstance.set(
        instance,
        Math.max(maxPerInstance.get(instance) ?? 0, running.get(instance)!),
      );
      maxTotal = Math.max(
        maxTotal,
        [...running.values()].reduce((a, b) => a + b, 0),
      );
      releases.push(() => {
        running.set(instance, running.get(instance)! - 1);
        resolve(label);
      });
    });
  const releaseAll = async () => {
    while (releases.length) {
      releases.shift()!();
      await new Promise(r => setImmediate(r));
    }
  };
  return {
    work,
    releaseAll,
    started,
    maxTotal: () => maxTotal,
    maxPerInstance,
  };
}

const settle = () => new Promise(r => setImmediate(r));

describe('RequestLimiter', () => {
  it('never has more than the per-instance bound in flight to one instance, nor more than the total across instances', async () => {
    const limiter = new RequestLimiter({ perInstance: 2, total: 3 });
    const g = gate();
    const all = ['a', 'b', 'c'].flatMap(instance =>
      Array.from({ length: 5 }, (_, i) =>
        limiter.run(
          instance,
          'overview',
          undefined,
          g.work(instance, `${instance}${i}`),
        ),
      ),
    );
    await settle();
    expect(g.started).toHaveLength(3);
    await g.releaseAll();
    await Promise.all(all);
    expect(g.started).toHaveLength(15);
    expect(g.maxTotal()).toBe(3);
    expect(Math.max(...g.maxPerInstance.values())).toBe(2);
  });

  it('serves waiting overview requests before waiting detail requests', async () => {
    const limiter = new RequestLimiter({ perInstance: 1, total: 1 });
    const g = gate();
    const first = limiter.run(
      'a',
      'detail',
      undefined,
      g.work('a', 'detail-1'),
    );
    const detail = limiter.run(
      'a',
      'detail',
      undefined,
      g.work('a', 'detail-2'),
    );
    const overview = limiter.run(
      'a',
      'overview',
      undefined,
      g.work('a', 'overview'),
    );
    await settle();
    await g.releaseAll();
    await Promise.all([first, detail, overview]);
    expect(g.started).toEqual(['detail-1', 'overview', 'detail-2']);
  });

  it("serves a user's action (a sync from Backstage) before waiting polls", async () => {
    const limiter = new RequestLimiter({ perInstance: 1, total: 1 });
    const g = gate();
    const run = (priority: 'user' | 'overview' | 'detail', label: string) =>
      limiter.run('a', priority, undefined, g.work('a', label));
    const all = [
      run('overview', 'poll-1'),
      run('overview', 'poll-2'),
      run('detail', 'detail'),
      run('user', 'sync'),
    ];
    await settle();
    await g.releaseAll();
    await Promise.all(all);
    expect(g.started).toEqual(['poll-1', 'sync', 'poll-2', 'detail']);
  });

  it('never starts a request whose signal was aborted while it waited', async () => {
    const limiter = new RequestLimiter({ perInstance: 1, total: 1 });
    const g = gate();
    const abort = new AbortController();
    const running = limiter.run(
      'a',
      'overview',
      undefined,
      g.work('a', 'running'),
    );
    const waiting = limiter
      .run('a', 'overview', abort.signal, g.work('a', 'waiting'))
      .then(
        () => 'ran',
        (error: Error) => error.name,
      );
    abort.abort();
    await settle();
    await g.releaseAll();
    await running;
    expect(await waiting).toBe('AbortError');
    expect(g.started).toEqual(['running']);
  });
});
