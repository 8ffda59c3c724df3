// Page-view figures of the polling benchmark: the entity overview route of a real backend
// (startTestBackend with the plugin, polling the simulator on the benchmark's database) under a
// steady offered load, first with Argo CD answering, then with every instance hanging.
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Knex } from 'knex';
import type { AddressInfo } from 'node:net';
import argoPulsePlugin from '../plugins/argo-pulse-backend/src';
import { call, percentile } from './detection';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'svc-00007',
    namespace: 'default',
    annotations: { 'argocd/app-name': 'svc-00007' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-7' },
};

/** Offers `rate` requests a second for `seconds`, without waiting for answers; answers each latency in ms. */
async function offer(
  url: string,
  headers: Record<string, string>,
  rate: number,
  seconds: number,
): Promise<{ latencies: number[]; failures: number }> {
  const latencies: number[] = [];
  let failures = 0;
  const inFlight: Array<Promise<void>> = [];
  const started = performance.now();
  for (let i = 0; i < rate * seconds; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise(r => setTimeout(r, wait));
    const sent = performance.now();
    inFlight.push(
      fetch(url, { headers })
        .then(async response => {
          await response.arrayBuffer();
          if (response.ok) latencies.push(performance.now() - sent);
          else failures++;
        })
        .catch(() => void failures++),
    );
  }
  await Promise.all(inFlight);
  return { latencies, failures };
}

export async function measurePageViews(options: {
  knex: Knex;
  simulatorUrl: string;
  control: string;
  names: string[];
  token: string;
  rate: number;
  seconds: number;
}): Promise<
  Array<{
    argoCd: string;
    p50: number;
    p99: number;
    failures: number;
    count: number;
  }>
> {
  const { knex, names } = options;
  const backend = await startTestBackend({
    features: [
      argoPulsePlugin,
      mockServices.rootConfig.factory({
        data: {
          argoPulse: {
            instances: names.map(name => ({
              name,
              url: `${options.simulatorUrl}/instances/${name}`,
              token: options.token,
            })),
          },
        },
      }),
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities: [entity] }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/api/argo-pulse/entities/component/default/svc-00007/applications`;
  const headers = { Authorization: mockCredentials.user.header() };
  const results = [];
  for (const argoCd of ['answering', 'hanging'] as const) {
    if (argoCd === 'hanging')
      await Promise.all(
        names.map(name =>
          call(`${options.control}/instances/${name}/faults`, 'PUT', {
            hang: true,
          }),
        ),
      );
    const { latencies, failures } = await offer(
      url,
      headers,
      options.rate,
      options.seconds,
    );
    results.push({
      argoCd,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      failures,
      count: latencies.length,
    });
  }
  await Promise.all(
    names.map(name =>
      call(`${options.control}/instances/${name}/faults`, 'DELETE'),
    ),
  );
  await backend.stop();
  return results;
}
