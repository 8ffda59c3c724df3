import { RequestLimiter } from '../argocd/RequestLimiter';
import { DatabaseArgoPulseStore } from '../database/DatabaseArgoPulseStore';
import { describeOnEachDatabase } from '../testing/eachDatabase';
import * as prod from '../testing/prodInstance';
import { GET, LIST } from '../testing/argoCdEndpoints';

const APPS = 60;

describeOnEachDatabase('InstancePoller on %s', database => {
  const simulator = prod.simulatorForEachTest();
  let names: string[];

  beforeEach(() => {
    names = simulator
      .instance('prod')
      .generateApplications({ count: APPS, prefix: 'svc' });
  });

  async function setUp(
    options: {
      timeoutMs?: number;
      perInstance?: number;
      batchSize?: number;
    } = {},
  ) {
    const store = await DatabaseArgoPulseStore.create({
      database: await database.service(),
    });
    const limiter = new RequestLimiter({
      perInstance: options.perInstance ?? 4,
      total: 16,
    });
    const client = prod.client(simulator, { limiter });
    const changed: string[] = [];
    const poller = prod.poller({
      client,
      store,
      timeoutMs: options.timeoutMs,
      batchSize: options.batchSize,
      onChanged: async keys => void changed.push(...keys.map(k => k.name)),
    });
    return { store, limiter, poller, changed };
  }

  const requests = () =>
    simulator.instance('prod').counters.snapshot().endpoints;
  const count = (endpoint: string) => prod.requestCount(simulator, endpoint);
  const reset = () => simulator.instance('prod').counters.reset();
  const rollOut = (apps: string[]) =>
    apps.forEach(name =>
      simulator.instance('prod').rollout(name, {
        images: [`registry.example.com/svc/${name}:2.0.0`],
        manual: true,
      }),
    );

  it('reads an instance with nothing stored with one full list, and then only lists while nothing changes', async () => {
    const { store, poller, changed } = await setUp();
    const first = await poller.poll();
    expect(first).toMatchObject({ listed: APPS, complete: true });
    expect(requests()).toEqual({
      [LIST]: expect.objectContaining({ requests: 1 }),
    });
    expect((await store.getFingerprints('prod')).size).toBe(APPS);
    expect(changed).toHaveLength(APPS);

    reset();
    const steady = await poller.poll();
    expect(steady).toMatchObject({
      listed: APPS,
      changed: [],
      removed: [],
      complete: true,
    });
    expect(requests()).toEqual({
      [LIST]: expect.objectContaining({ requests: 1 }),
    });
  });

  it('reads a few changed applications with a GET each, and many with one full list', async () => {
    const { poller } = await setUp();
    await poller.poll();
    reset();
    rollOut(names.slice(0, 3));
    expect((await poller.poll()).changed.map(k => k.name).sort()).toEqual(
      names.slice(0, 3),
    );
    expect([count(LIST), count(GET)]).toEqual([1, 3]);

    reset();
    rollOut(names.slice(3, 3 + 51)); // past the threshold of 50
    expect((await poller.poll()).changed).toHaveLength(51);
    expect([count(LIST), count(GET)]).toEqual([2, 0]);
  });

  it('keeps what a poll stored before its deadline, cancels its requests, and the next poll goes on from there', async () => {
    // Deadlines of seconds, so that the poll after the fault finishes within one even on a loaded machine.
    const { store, limiter, poller } = await setUp({
      timeoutMs: 3000,
      perInstance: 2,
      batchSize: 4,
    });
    await poller.poll();
    const before = await store.getFingerprints('prod');
    rollOut(names.slice(0, 40)); // under the threshold of 50: a GET each
    await simulator.instance('prod').faults.set({ latencyMs: 400 }); // 40 GETs two at a time: 8 s
    reset();
    const cut = await poller.poll();
    expect(cut.complete).toBe(false);
    expect(cut.changed.length).toBeGreaterThan(0);
    expect(cut.changed.length).toBeLessThan(40);
    expect(limiter.inFlight('prod')).toBe(0);
    const status = (await store.getInstanceStatuses())[0];
    expect(status.lastError).toMatch(
      /^the poll did not finish within 3 s \(\d+ changed applications stored; the next poll goes on from there\)$/,
    );
    const stored = await store.getFingerprints('prod');
    const updated = names.filter(
      name =>
        stored.get(`prod/argocd/${name}`) !== before.get(`prod/argocd/${name}`),
    );
    expect(updated.sort()).toEqual(cut.changed.map(k => k.name).sort());

    simulator.instance('prod').faults.clear();
    const next = await poller.poll();
    expect(next.complete).toBe(true);
    expect(next.changed.length).toBe(40 - cut.changed.length);
    expect((await store.getInstanceStatuses())[0].lastError).toBeUndefined();
  });

  it('reads a GET at a time once a full list did not arrive within the poll', async () => {
    const { store, poller } = await setUp({ timeoutMs: 3000 });
    await simulator.instance('prod').faults.set({ latencyMs: 6000 });
    expect((await poller.poll()).complete).toBe(false);
    expect((await store.getFingerprints('prod')).size).toBe(0);
    simulator.instance('prod').faults.clear();
    reset();
    expect(await poller.poll()).toMatchObject({
      complete: true,
      listed: APPS,
    });
    expect([count(LIST), count(GET)]).toEqual([1, APPS]);
  });
});
