// Detection figures of the polling benchmark (bench/pollingAtScale.ts).
import type { Knex } from 'knex';
import type {
  InstancePoller,
  StreamWatcher,
} from '../plugins/argo-pulse-backend/src/internals';

/** A call to the simulator's control API. */
export async function call(url: string, method: string, body?: unknown) {
  const response = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status}`);
  return response.json().catch(() => undefined);
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
};

/**
 * Rollouts finished one by one at random applications; for each, the time
 * from the simulator's last rollout step to the moment the store holds the
 * new version Synced and Healthy (the same write evaluates its expectations).
 */
export async function measureDetection(options: {
  mode: 'poll' | 'stream';
  rollouts: number;
  spacingMs: number;
  control: string;
  names: string[];
  apps: number;
  knex: Knex;
  frequencyMs: number;
  pollers: InstancePoller[];
  watchers: StreamWatcher[];
}): Promise<number[]> {
  const { control, names, knex } = options;
  // The scheduler: every instance polled every interval, in both modes.
  const polling = new Set<InstancePoller>();
  const tick = () =>
    options.pollers.forEach(poller => {
      if (polling.has(poller)) return;
      polling.add(poller);
      void poller.poll().finally(() => polling.delete(poller));
    });
  const scheduler = setInterval(tick, options.frequencyMs);
  options.watchers.forEach(w => w.start());
  await new Promise(r => setTimeout(r, 2000)); // the watchers' first list and stream
  const detections: number[] = [];
  const waits: Array<Promise<void>> = [];
  for (let i = 0; i < options.rollouts; i++) {
    const instance = names[i % names.length];
    const app = `svc-${String(1 + ((i * 37) % options.apps)).padStart(5, '0')}`;
    const image = `registry.example.com/svc/${app}:${options.mode}-${i}`;
    const base = `${control}/instances/${instance}/applications/${app}/rollout`;
    await call(base, 'POST', { images: [image], manual: true });
    for (let step = 0; step < 3; step++) await call(`${base}/advance`, 'POST');
    const finished = performance.now();
    waits.push(
      (async () => {
        for (;;) {
          const row = await knex('argo_pulse_applications')
            .where({ instance, name: app })
            .first('snapshot');
          const snapshot = row && JSON.parse(row.snapshot);
          if (
            snapshot?.images?.includes(image) &&
            snapshot.sync.status === 'Synced' &&
            snapshot.health.status === 'Healthy'
          )
            break;
          await new Promise(r => setTimeout(r, 25));
        }
        detections.push(performance.now() - finished);
      })(),
    );
    await new Promise(r => setTimeout(r, options.spacingMs));
  }
  await Promise.all(waits);
  clearInterval(scheduler);
  await Promise.all(options.watchers.map(w => w.stop()));
  while (polling.size) await new Promise(r => setTimeout(r, 50));
  return detections;
}
