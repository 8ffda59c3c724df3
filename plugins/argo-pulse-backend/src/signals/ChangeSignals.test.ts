import { mockServices } from '@backstage/backend-test-utils';
import {
  applicationSignalKey,
  ARGO_PULSE_SIGNAL_CHANNEL,
  entitySignalKey,
} from '@argo-pulse/backstage-plugin-common';
import { ChangeSignals } from './ChangeSignals';

const payments = {
  instance: 'prod',
  namespace: 'argocd',
  name: 'payments-api-prod',
};

function setup(publish = vi.fn(async () => {})) {
  const changes = new ChangeSignals({
    signals: { publish },
    logger: mockServices.logger.mock(),
  });
  const sent = () => publish.mock.calls.map(([signal]: any[]) => signal);
  return { changes, publish, sent };
}

describe('ChangeSignals', () => {
  it('broadcasts changed applications on the Argo Pulse channel as hashes, never by name', async () => {
    const { changes, sent } = setup();
    await changes.applicationsChanged([payments, payments]);
    expect(sent()).toEqual([
      {
        recipients: { type: 'broadcast' },
        channel: ARGO_PULSE_SIGNAL_CHANNEL,
        message: { applications: [applicationSignalKey(payments)] },
      },
    ]);
    expect(JSON.stringify(sent())).not.toContain('payments');
  });

  it('sends nothing for an empty batch', async () => {
    const { changes, publish } = setup();
    await changes.applicationsChanged([]);
    expect(publish).not.toHaveBeenCalled();
  });

  it("names an expectation's entity and applications, hashed", async () => {
    const { changes, sent } = setup();
    await changes.expectationChanged({
      entityRef: 'component:default/payments-api',
      targets: [payments],
    });
    expect(sent()[0].message).toEqual({
      entities: [entitySignalKey('component:default/payments-api')],
      applications: [applicationSignalKey(payments)],
    });
  });

  it("signals an instance's reachability only when it changes", async () => {
    const { changes, sent } = setup();
    const changed = [];
    for (const failed of [false, false, true, true, false, false])
      changed.push(await changes.instancePolled('prod', { failed }));
    expect(changed).toEqual([false, false, true, false, true, false]);
    expect(sent().map(s => s.message)).toEqual([
      { instances: ['prod'] },
      { instances: ['prod'] },
    ]);
  });

  it('a signal that cannot be sent is dropped, never thrown at the poll', async () => {
    const { changes } = setup(
      vi.fn(async () => Promise.reject(new Error('events bus down'))),
    );
    await expect(
      changes.applicationsChanged([payments]),
    ).resolves.toBeUndefined();
  });

  it('hashes the same in any case of an entity reference, as pages and the backend may spell it', () => {
    expect(entitySignalKey('Component:default/Payments-API')).toBe(
      entitySignalKey('component:default/payments-api'),
    );
    expect(applicationSignalKey(payments)).toMatch(/^[0-9a-f]{8}$/);
  });
});
