import { mockServices } from '@backstage/backend-test-utils';
import type { EventParams } from '@backstage/plugin-events-node';
import type { ArgoPulseDeploymentEvent } from '@argo-pulse/backstage-plugin-common';
import { DatabaseArgoPulseStore } from '../database/DatabaseArgoPulseStore';
import { deploymentRow } from '../database/deploymentRows';
import { toDeployment } from '../service/presenters';
import { describeOnEachDatabase } from '../testing/eachDatabase';
import { deploymentRecord, prodKey } from '../testing/records';
import { DEPLOYMENT_EVENT_TOPIC, DegradedAnnouncer } from './DegradedAnnouncer';

const NOW = new Date('2026-12-07T12:00:00.000Z');
const minutesBefore = (minutes: number) =>
  new Date(NOW.getTime() - minutes * 60_000).toISOString();

describeOnEachDatabase('degraded deployments announced on %s', database => {
  async function setup() {
    const knex = await database.knex();
    // Migrates the database.
    await DatabaseArgoPulseStore.create({
      database: mockServices.database({ knex }),
    });
    const events = mockServices.events.mock();
    const announcer = () =>
      new DegradedAnnouncer({
        db: knex,
        events,
        logger: mockServices.logger.mock(),
        present: d => toDeployment({ ...d, commits: [] }, { withDetail: true }),
        now: () => NOW,
      });
    const store = (status: string, finishedMinutesAgo: number, id: number) =>
      knex('argo_pulse_deployments').insert(
        deploymentRow(
          deploymentRecord('payments', {
            historyId: id,
            revisions: [`r${id}`],
            finishedAt: minutesBefore(finishedMinutesAgo),
            images: [`ghcr.io/acme/payments:${id}.0.0`],
            result: {
              status: status as 'degraded',
              reason: 'Pod payments-1: ImagePullBackOff',
              reasonIsDetail: true,
              settledAt: minutesBefore(1),
            },
          }),
        ),
      );
    await knex('argo_pulse_entities').insert({
      entity_ref: 'component:default/payments',
      kind: 'component',
      namespace: 'default',
      name: 'payments',
    });
    await knex('argo_pulse_entity_applications').insert({
      entity_ref: 'component:default/payments',
      instance: 'prod',
      app_namespace: 'argocd',
      application: 'payments',
    });
    const published = () =>
      (events.publish.mock.calls as Array<[EventParams]>).map(
        ([event]) => event.eventPayload as ArgoPulseDeploymentEvent,
      );
    return { knex, events, announcer, store, published };
  }

  it('each degraded deployment once, whichever replica asks, with the entities that select it; healthy and old ones never', async () => {
    const { events, announcer, store, published } = await setup();
    await store('healthy', 20, 1);
    await store('degraded', 500, 2); // settled long after its sync: history, not news
    await store('degraded', 5, 3);
    const replicas = [announcer(), announcer()];
    const counts = await Promise.all(
      replicas.map(replica => replica.announce([prodKey('payments')])),
    );
    expect(counts.sort()).toEqual([0, 1]);
    expect(events.publish).toHaveBeenCalledTimes(1);
    expect(
      (events.publish.mock.calls as Array<[EventParams]>)[0][0].topic,
    ).toBe(DEPLOYMENT_EVENT_TOPIC);
    expect(published()).toEqual([
      {
        entityRefs: ['component:default/payments'],
        expected: false,
        deployment: expect.objectContaining({
          application: 'payments',
          images: ['ghcr.io/acme/payments:3.0.0'],
          result: expect.objectContaining({
            status: 'degraded',
            reason: 'Pod payments-1: ImagePullBackOff',
          }),
        }),
      },
    ]);
    expect(await announcer().announce([prodKey('payments')])).toBe(0);
  });
});
