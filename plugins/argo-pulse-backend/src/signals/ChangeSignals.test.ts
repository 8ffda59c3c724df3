import { mockServices } from '@backstage/backend-test-utils';
import {
  ARGO_PULSE_SIGNAL_CHANNEL,
  entitySignalKey,
} from '@argo-pulse/backstage-plugin-common';
import type { Knex } from 'knex';
import { connectDatabase } from '../database/connectDatabase';
import { ChangeSignals } from './ChangeSignals';
import { SignalWatchers, WATCH_TTL_MS } from './SignalWatchers';
import { describeOnEachDatabase } from '../testing/eachDatabase';
import { prodKey } from '../testing/records';

const PAYMENTS = 'component:default/payments-api';
const CHECKOUT = 'component:default/checkout-web';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const paymentsProd = prodKey('payments-api-prod');
const checkoutProd = prodKey('checkout-web-prod');
const toUsers = (users: string[], entities: string[]) => ({
  recipients: { type: 'user', entityRef: users },
  channel: ARGO_PULSE_SIGNAL_CHANNEL,
  message: { entities: entities.map(entitySignalKey) },
});

describeOnEachDatabase('ChangeSignals on %s', database => {
  let db: Knex;
  let clock: number;
  let watchers: SignalWatchers;

  beforeEach(async () => {
    db = await connectDatabase(await database.service());
    clock = Date.parse('2026-12-07T10:00:00.000Z');
    watchers = new SignalWatchers(db, { now: () => new Date(clock) });
  });

  function setup(publish = vi.fn(async () => {})) {
    const changes = new ChangeSignals({
      signals: { publish },
      watchers,
      logger: mockServices.logger.mock(),
    });
    const sent = () => publish.mock.calls.map(([signal]: any[]) => signal);
    return { changes, publish, sent };
  }

  it('signals changed applications to the users whose read of an entity showed them, by entity hash, never by name', async () => {
    const { changes, sent } = setup();
    await watchers.watch(ALICE, PAYMENTS, [paymentsProd]);
    await watchers.watch(BOB, 'Component:default/Payments-API', [paymentsProd]);
    await changes.applicationsChanged([paymentsProd, paymentsProd]);
    expect(sent()).toEqual([toUsers([ALICE, BOB], [PAYMENTS])]);
    expect(JSON.stringify(sent())).not.toContain('payments');
  });

  it('sends nothing about an entity nobody read, nor once the read is older than the watch', async () => {
    const { changes, publish } = setup();
    await changes.applicationsChanged([paymentsProd]);
    await watchers.watch(ALICE, PAYMENTS, [paymentsProd]);
    clock += WATCH_TTL_MS + 1;
    await changes.applicationsChanged([paymentsProd]);
    await changes.applicationsChanged([]);
    expect(publish).not.toHaveBeenCalled();
  });

  it('one signal per group of readers: each user hears only of the entities they read', async () => {
    const { changes, sent } = setup();
    await watchers.watch(ALICE, PAYMENTS, [paymentsProd]);
    await watchers.watch(ALICE, CHECKOUT, [checkoutProd]);
    await watchers.watch(BOB, CHECKOUT, [checkoutProd]);
    await changes.applicationsChanged([paymentsProd, checkoutProd]);
    expect(sent()).toEqual(
      expect.arrayContaining([
        toUsers([ALICE], [PAYMENTS]),
        toUsers([ALICE, BOB], [CHECKOUT]),
      ]),
    );
    expect(sent()).toHaveLength(2);
  });

  it("signals an expectation to its entity's readers, even those whose read showed no application", async () => {
    const { changes, sent } = setup();
    await watchers.watch(BOB, 'component:default/new-service', []);
    await watchers.watch(ALICE, PAYMENTS, [paymentsProd]);
    await changes.expectationChanged({
      entityRef: 'component:default/new-service',
      targets: [paymentsProd],
    });
    expect(sent()).toEqual(
      expect.arrayContaining([
        toUsers([BOB], ['component:default/new-service']),
        toUsers([ALICE], [PAYMENTS]),
      ]),
    );
  });

  it("signals an instance's reachability when it changes or may have (the first poll after a start), to the readers of entities on it", async () => {
    const { changes, sent } = setup();
    await watchers.watch(ALICE, PAYMENTS, [paymentsProd]);
    const changed = [];
    for (const failed of [false, false, true, true, false, false])
      changed.push(await changes.instancePolled('prod', { failed }));
    // The first poll after a start counts: the last process may have stopped while it was down.
    expect(changed).toEqual([true, false, true, false, true, false]);
    expect(sent()).toEqual([
      toUsers([ALICE], [PAYMENTS]),
      toUsers([ALICE], [PAYMENTS]),
      toUsers([ALICE], [PAYMENTS]),
    ]);
    await changes.instancePolled('staging', { failed: true });
    expect(sent()).toHaveLength(3);
  });

  it("a page's re-reads renew its watch now and then, not at every read", async () => {
    const expiry = async () =>
      (
        await db('argo_pulse_signal_watchers')
          .where({ instance: 'prod' })
          .first()
      ).expires_at;
    await watchers.watch(ALICE, PAYMENTS, [paymentsProd]);
    const first = await expiry();
    clock += WATCH_TTL_MS / 6;
    await watchers.watch(ALICE, PAYMENTS, [paymentsProd]);
    expect(await expiry()).toBe(first);
    clock += WATCH_TTL_MS / 3;
    await watchers.watch(ALICE, PAYMENTS, [paymentsProd]);
    expect(Date.parse(await expiry())).toBe(clock + WATCH_TTL_MS);
  });

  it('a signal that cannot be sent is dropped, never thrown at the poll', async () => {
    await watchers.watch(ALICE, PAYMENTS, [paymentsProd]);
    const { changes, publish } = setup(
      vi.fn(async () => Promise.reject(new Error('events bus down'))),
    );
    await expect(
      changes.applicationsChanged([paymentsProd]),
    ).resolves.toBeUndefined();
    expect(publish).toHaveBeenCalledTimes(1);
  });

  it('hashes the same in any case of an entity reference, as pages and the backend may spell it', () => {
    expect(entitySignalKey('Component:default/Payments-API')).toBe(
      entitySignalKey(PAYMENTS),
    );
    expect(entitySignalKey(PAYMENTS)).toMatch(/^[0-9a-f]{8}$/);
  });
});
