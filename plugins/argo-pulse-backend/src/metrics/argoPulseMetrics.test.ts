import { metrics } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { createArgoPulseMetrics } from './argoPulseMetrics';

describe('Argo Pulse metrics (OpenTelemetry API)', () => {
  const exporter = new InMemoryMetricExporter(
    AggregationTemporality.CUMULATIVE,
  );
  const reader = new PeriodicExportingMetricReader({
    exporter,
    exportIntervalMillis: 60_000,
  });
  const provider = new MeterProvider({ readers: [reader] });

  beforeAll(() => {
    metrics.setGlobalMeterProvider(provider);
  });
  afterAll(async () => {
    await provider.shutdown();
    metrics.disable();
  });

  it('records poll durations, errors, applications per instance and Argo CD requests', async () => {
    const recorder = createArgoPulseMetrics();
    recorder.pollSucceeded('prod', 120, 42);
    recorder.pollSucceeded('dev', 80, 7);
    recorder.pollFailed('dev', 30_000);
    recorder.argoCdRequest({
      instance: 'prod',
      endpoint: 'GET /api/v1/applications',
      status: 200,
    });
    recorder.argoCdRequest({
      instance: 'prod',
      endpoint: 'GET /api/v1/applications',
      status: 200,
    });
    recorder.argoCdRequest({
      instance: 'dev',
      endpoint: 'GET /api/v1/applications',
      status: 'error',
    });

    const { resourceMetrics } = await reader.collect();
    const all = resourceMetrics.scopeMetrics.flatMap(scope => scope.metrics);
    const points = (name: string) =>
      all
        .find(m => m.descriptor.name === name)!
        .dataPoints.map(p => ({ attributes: p.attributes, value: p.value }));

    expect(points('argo_pulse.poll.applications')).toEqual(
      expect.arrayContaining([
        { attributes: { instance: 'prod' }, value: 42 },
        { attributes: { instance: 'dev' }, value: 7 },
      ]),
    );
    expect(points('argo_pulse.poll.errors')).toEqual([
      { attributes: { instance: 'dev' }, value: 1 },
    ]);
    expect(points('argo_pulse.argocd.requests')).toEqual(
      expect.arrayContaining([
        {
          attributes: {
            instance: 'prod',
            endpoint: 'GET /api/v1/applications',
            status: '200',
          },
          value: 2,
        },
        {
          attributes: {
            instance: 'dev',
            endpoint: 'GET /api/v1/applications',
            status: 'error',
          },
          value: 1,
        },
      ]),
    );
    const durations = all.find(
      m => m.descriptor.name === 'argo_pulse.poll.duration',
    )!.dataPoints;
    expect(
      durations.map(p => [p.attributes, (p.value as { count: number }).count]),
    ).toEqual(
      expect.arrayContaining([
        [{ instance: 'prod', outcome: 'success' }, 1],
        [{ instance: 'dev', outcome: 'error' }, 1],
      ]),
    );
  });

  it('records expectations by outcome and reason, and the time to deployed', async () => {
    const recorder = createArgoPulseMetrics();
    recorder.expectationResolved({
      state: 'deployed',
      createdAt: '2026-11-22T10:00:00Z',
      resolvedAt: '2026-11-22T10:01:30Z',
    });
    recorder.expectationResolved({
      state: 'failed',
      reason: 'timeout',
      createdAt: '2026-11-22T10:00:00Z',
      resolvedAt: '2026-11-22T10:10:00Z',
    });

    const { resourceMetrics } = await reader.collect();
    const all = resourceMetrics.scopeMetrics.flatMap(scope => scope.metrics);
    const resolved = all.find(
      m => m.descriptor.name === 'argo_pulse.expectations.resolved',
    )!.dataPoints;
    expect(resolved.map(p => [p.attributes, p.value])).toEqual(
      expect.arrayContaining([
        [{ state: 'deployed', reason: 'none' }, 1],
        [{ state: 'failed', reason: 'timeout' }, 1],
      ]),
    );
    const [timeToDeployed] = all.find(
      m => m.descriptor.name === 'argo_pulse.expectations.time_to_deployed',
    )!.dataPoints;
    expect(timeToDeployed.value).toMatchObject({ count: 1, sum: 90 });
  });
});
