import { mockServices } from '@backstage/backend-test-utils';
import { waitFor } from '@argo-pulse/test-support';
import { DatabaseArgoPulseStore } from '../database/DatabaseArgoPulseStore';
import { DatabaseLeases } from '../database/DatabaseLeases';
import { describeOnEachDatabase } from '../testing/eachDatabase';
import * as prod from '../testing/prodInstance';
import { StreamWatcher } from './StreamWatcher';
import { LIST, STREAM } from '../testing/argoCdEndpoints';

const APP = { instance: 'prod', namespace: 'argocd', name: 'svc-00001' };

describeOnEachDatabase('StreamWatcher on %s', testDatabase => {
  // Keepalives well within the watcher's idle limit: a quiet stream is not a dead one.
  const simulator = prod.simulatorForEachTest([], { keepaliveMs: 1000 });
  const watchers: StreamWatcher[] = [];

  beforeEach(() => {
    simulator
      .instance('prod')
      .generateApplications({ count: 10, prefix: 'svc' });
  });
  // Registered after the simulator's, so it runs before the simulator closes.
  afterEach(async () => {
    await Promise.all(watchers.splice(0).map(w => w.stop()));
  });

  /** Backend replicas on one database, each with a stream watcher for the instance. */
  async function replicas(count: number) {
    const database = await testDatabase.service();
    const store = await DatabaseArgoPulseStore.create({ database });
    const changed: string[] = [];
    for (let i = 0; i < count; i++) {
      const logger = mockServices.logger.mock();
      const client = prod.client(simulator, { logger });
      const poller = prod.poller({ client, store, timeoutMs: 5000 });
      const onChanged = async (keys: Array<{ name: string }>) =>
        void changed.push(...keys.map(k => k.name));
      const watcher = new StreamWatcher({
        client,
        poller,
        store,
        leases: await DatabaseLeases.create({ database }),
        logger,
        onChanged,
        // A lease of seconds: a pause of the loaded machine must not let the other replica take it.
        timings: {
          leaseTtlMs: 3000,
          flushMs: 50,
          idleMs: 5000,
          maxBackoffMs: 1000,
        },
      });
      watchers.push(watcher);
    }
    return { store, changed };
  }

  const open = () => simulator.instance('prod').openStreams.size;
  const count = (endpoint: string) => prod.requestCount(simulator, endpoint);
  const image = (tag: string) => `registry.example.com/svc/${APP.name}:${tag}`;
  const rollOut = (tag: string) =>
    simulator.instance('prod').rollout(APP.name, { images: [image(tag)] });
  const rolloutStored = (store: DatabaseArgoPulseStore, tag: string) =>
    waitFor(
      'the rollout to be stored',
      async () =>
        (
          (await store.getApplications([APP]))[0]?.snapshot.images ?? []
        ).includes(image(tag)),
      5000,
    );

  it('lists, then applies a rollout from the event stream with no further list, and evaluates what changed', async () => {
    const { store, changed } = await replicas(1);
    watchers[0].start();
    await waitFor('the stream to be open', async () => open() === 1, 5000);
    expect(count(LIST)).toBe(1);
    changed.length = 0;
    rollOut('2.0.0');
    await rolloutStored(store, '2.0.0');
    expect(count(LIST)).toBe(1);
    expect(changed).toContain(APP.name);
  });

  it('drops a stream gone silent (no event, no keepalive, no end), opens it again, and shows it on the instance until one works', async () => {
    const { store } = await replicas(1);
    const warnings = async () =>
      (await store.getInstanceStatuses())
        .flatMap(s => s.warnings)
        .map(w => w.message);
    watchers[0].start();
    await waitFor('the stream to be open', async () => open() === 1, 5000);
    simulator.instance('prod').faults.set({ silentStreams: true });
    await waitFor(
      'the silent stream on record',
      async () => (await warnings()).some(w => /went silent/.test(w)),
      15_000,
    );
    await waitFor(
      'the stream opened again',
      async () => count(STREAM) >= 2,
      5000,
    );
    simulator.instance('prod').faults.clear();
    await waitFor(
      'the warning cleared by a working stream',
      async () => (await warnings()).length === 0,
      10_000,
    );
    expect(open()).toBe(1);
  });

  it('lists again after the stream is cut, so nothing missed meanwhile is lost, and watches again', async () => {
    const { store } = await replicas(1);
    watchers[0].start();
    await waitFor('the stream to be open', async () => open() === 1, 5000);
    simulator.instance('prod').dropStreams();
    rollOut('3.0.0'); // while no stream is open
    await waitFor(
      'a second stream',
      async () => count(STREAM) === 2 && open() === 1,
      5000,
    );
    expect(count(LIST)).toBe(2);
    await rolloutStored(store, '3.0.0');
  });

  it('streams from exactly one of two replicas, and the other takes over within seconds when the holder dies', async () => {
    const { store } = await replicas(2);
    const [first, second] = watchers;
    first.start();
    await waitFor('the stream to be open', async () => open() === 1, 5000);
    second.start();
    // Several lease renewals later, still one stream: the second replica waits.
    await new Promise(r => setTimeout(r, 1500));
    expect([open(), count(STREAM)]).toEqual([1, 1]);

    await first.stop({ handOver: false }); // dies: its lease stays until it expires
    await waitFor(
      'the other replica to stream',
      async () => open() === 1 && count(STREAM) === 2,
      15_000,
    );
    rollOut('4.0.0');
    await rolloutStored(store, '4.0.0');
  });
});
