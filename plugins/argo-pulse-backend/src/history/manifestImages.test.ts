import { manifestImages } from './manifestImages';

const json = (object: unknown) => JSON.stringify(object);
const podSpec = (...images: string[]) => ({
  containers: images.map((image, i) => ({ name: `c${i}`, image })),
});

describe('manifestImages', () => {
  it('finds the images of every kind of pod template, once each', () => {
    const manifests = [
      json({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web' },
        spec: { ports: [{ port: 80 }] },
      }),
      json({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        spec: {
          template: {
            spec: podSpec('ghcr.io/acme/web:1.2.0', 'envoyproxy/envoy:v1.30'),
          },
        },
      }),
      json({
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        spec: {
          jobTemplate: {
            spec: { template: { spec: podSpec('ghcr.io/acme/report:7') } },
          },
        },
      }),
      json({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        spec: {
          template: {
            spec: {
              initContainers: [
                { name: 'migrate', image: 'ghcr.io/acme/web-migrate:1.2.0' },
              ],
              ...podSpec('ghcr.io/acme/web:1.2.0'),
            },
          },
        },
      }),
      json({
        apiVersion: 'v1',
        kind: 'Pod',
        spec: podSpec(`busybox@sha256:${'a'.repeat(64)}`),
      }),
    ];
    expect(manifestImages(manifests)).toEqual([
      'ghcr.io/acme/web:1.2.0',
      'envoyproxy/envoy:v1.30',
      'ghcr.io/acme/report:7',
      'ghcr.io/acme/web-migrate:1.2.0',
      `busybox@sha256:${'a'.repeat(64)}`,
    ]);
  });

  it('skips what is not a manifest, and answers nothing for nothing', () => {
    expect(
      manifestImages([
        '{not json',
        json({ kind: 'ConfigMap', data: { containers: 'x' } }),
        json({ spec: { containers: [{ name: 'no-image' }] } }),
      ]),
    ).toEqual([]);
    expect(manifestImages(undefined)).toEqual([]);
  });
});
