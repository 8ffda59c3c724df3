import { metrics } from '@opentelemetry/api';

/**
 * Argo Pulse's metrics, through the OpenTelemetry API as Backstage plugins
 * do: they go wherever the backend's OpenTelemetry SDK sends them, and
 * nowhere (at no cost) when none is set up.
 */
export function createArgoPulseMetrics() {
  const meter = metrics.getMeter('argo-pulse');
  const applicationCounts = new Map<string, number>();
  meter
    .createObservableGauge('argo_pulse.poll.applications', {
      description:
        'Applications seen in the last successful poll, per instance',
    })
    .addCallback(result => {
      for (const [instance, count] of applicationCounts)
        result.observe(count, { instance });
    });
  const cycleDuration = meter.createHistogram('argo_pulse.poll.duration', {
    description: 'Duration of one poll of one Argo CD instance',
    unit: 'ms',
  });
  const pollErrors = meter.createCounter('argo_pulse.poll.errors', {
    description: 'Failed polls, per instance',
  });
  const requests = meter.createCounter('argo_pulse.argocd.requests', {
    description: 'Requests to Argo CD, by instance, endpoint and status',
  });
  const expectationsResolved = meter.createCounter(
    'argo_pulse.expectations.resolved',
    {
      description: 'Expectations resolved, by final state and failure reason',
    },
  );
  const timeToDeployed = meter.createHistogram(
    'argo_pulse.expectations.time_to_deployed',
    {
      description: 'Time from posting an expectation to its images running',
      unit: 's',
    },
  );
  return {
    expectationResolved(event: {
      state: string;
      reason?: string;
      createdAt: string;
      resolvedAt: string;
    }) {
      expectationsResolved.add(1, {
        state: event.state,
        reason: event.reason ?? 'none',
      });
      if (event.state === 'deployed') {
        timeToDeployed.record(
          (Date.parse(event.resolvedAt) - Date.parse(event.createdAt)) / 1000,
        );
      }
    },
    pollSucceeded(instance: string, durationMs: number, applications: number) {
      cycleDuration.record(durationMs, { instance, outcome: 'success' });
      applicationCounts.set(instance, applications);
    },
    pollFailed(instance: string, durationMs: number) {
      cycleDuration.record(durationMs, { instance, outcome: 'error' });
      pollErrors.add(1, { instance });
    },
    argoCdRequest(event: {
      instance: string;
      endpoint: string;
      status: number | 'error';
    }) {
      requests.add(1, {
        instance: event.instance,
        endpoint: event.endpoint,
        status: String(event.status),
      });
    },
  };
}

export type ArgoPulseMetrics = ReturnType<typeof createArgoPulseMetrics>;
