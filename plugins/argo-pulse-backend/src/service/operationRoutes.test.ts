// Refresh, sync and rollback from Backstage through a real backend, against the simulator's Argo
// CD (which refuses as Argo CD does), on SQLite and PostgreSQL.
import type {
  ArgoPulseApplicationOverview,
  ArgoPulseDeployment,
} from '@argo-pulse/backstage-plugin-common';
import { describeOnEachDatabase } from '../testing/eachDatabase';
import {
  ALICE,
  BOB,
  OperationHarness,
  operationHarnessForEachTest,
} from '../testing/operationHarness';

const ACTIONS = ['refresh', 'sync', 'rollback'] as const;

/** The history of payments-api, newest first, as alice reads it. */
async function history(
  harness: OperationHarness,
): Promise<ArgoPulseDeployment[]> {
  const { status, body } = await harness.get(
    '/entities/component/default/payments-api/history?limit=100',
  );
  expect(status).toBe(200);
  return body.items;
}

const ofApp = (items: ArgoPulseDeployment[], app: string) =>
  items.filter(d => d.application === app);

/** A body each action accepts: a rollback to payments-api-prod's oldest deployment. */
async function validBody(harness: OperationHarness, action: string) {
  if (action !== 'rollback') return {};
  const prod = ofApp(await history(harness), 'payments-api-prod');
  return { deploymentId: prod[prod.length - 1].id };
}

describeOnEachDatabase('operations from Backstage on %s', database => {
  const harness = operationHarnessForEachTest(database);

  describe.each(ACTIONS)('%s: who may', action => {
    it('lets an owner of the entity, answers what happened, and audits it', async () => {
      const body = await validBody(harness, action);
      const { status, body: answer } = await harness.operate(
        ALICE,
        'payments-api',
        'prod',
        'payments-api-prod',
        action,
        body,
      );
      expect(status).toBe(200);
      expect(answer).toEqual({
        action,
        application: {
          instance: 'prod',
          namespace: 'argocd',
          name: 'payments-api-prod',
        },
        status: action === 'refresh' ? 'refreshed' : 'started',
        message: expect.stringContaining('payments-api-prod'),
      });
      expect(harness.calls('prod', action)).toHaveLength(1);
      expect(harness.audits).toEqual([
        expect.objectContaining({
          options: expect.objectContaining({
            eventId: `application-${action}`,
            severityLevel: 'medium',
            meta: expect.objectContaining({
              entityRef: 'component:default/payments-api',
              instance: 'prod',
              namespace: 'argocd',
              application: 'payments-api-prod',
            }),
          }),
          outcome: 'success',
        }),
      ]);
    });

    it('refuses a user who does not own the entity (403), and audits the refusal', async () => {
      const body = await validBody(harness, action);
      const { status, body: answer } = await harness.operate(
        BOB,
        'payments-api',
        'prod',
        'payments-api-prod',
        action,
        body,
      );
      expect(status).toBe(403);
      expect(answer.error.message).toBe(
        `Not allowed: argo-pulse.application.${action} on component:default/payments-api`,
      );
      expect(harness.calls('prod')).toHaveLength(0);
      expect(harness.audits).toEqual([
        expect.objectContaining({ outcome: 'fail' }),
      ]);
    });

    it('refuses a request without credentials (401)', async () => {
      const { status } = await harness.operate(
        undefined,
        'payments-api',
        'prod',
        'payments-api-prod',
        action,
        {},
      );
      expect(status).toBe(401);
      expect(harness.calls('prod')).toHaveLength(0);
    });

    it("answers 404 for an application that is not the entity's", async () => {
      const { status, body } = await harness.operate(
        ALICE,
        'payments-api',
        'prod',
        'checkout-web-prod',
        action,
        await validBody(harness, action),
      );
      expect(status).toBe(404);
      expect(body.error.message).toBe(
        'component:default/payments-api has no application prod/argocd/checkout-web-prod',
      );
      expect(harness.calls('prod')).toHaveLength(0);
    });

    it('refuses an unknown field in the body (400), naming it', async () => {
      const { status, body } = await harness.operate(
        ALICE,
        'payments-api',
        'prod',
        'payments-api-prod',
        action,
        { ...(await validBody(harness, action)), revision: 'abc' },
      );
      expect(status).toBe(400);
      expect(body.error.message).toMatch(
        new RegExp(`^Invalid ${action} request: .*revision`),
      );
      expect(harness.calls('prod')).toHaveLength(0);
    });
  });

  it("answers Argo CD's 403 in words, without its token's subject", async () => {
    const { status, body } = await harness.operate(
      ALICE,
      'payments-api',
      'ro',
      'payments-api-ro',
      'sync',
      {},
    );
    expect(status).toBe(403);
    expect(body.error.message).toBe(
      'The Argo CD token of instance ro may not sync this application',
    );
    expect(JSON.stringify(body)).not.toMatch(/sub:|permission denied/);
    expect(harness.audits[0]).toMatchObject({ outcome: 'fail' });
  });

  it('answers 409 "Another operation is already running" from Argo CD', async () => {
    const [oldest] = ofApp(await history(harness), 'payments-api-prod').slice(
      -1,
    );
    const sync = await harness.operate(
      ALICE,
      'payments-api',
      'prod',
      'payments-api-prod',
      'sync',
      { prune: true },
    );
    expect(sync.status).toBe(200);
    // The sync still runs in Argo CD: a rollback (another action, so no rate limit) meets it.
    const { status, body } = await harness.operate(
      ALICE,
      'payments-api',
      'prod',
      'payments-api-prod',
      'rollback',
      { deploymentId: oldest.id },
    );
    expect(status).toBe(409);
    expect(body.error.message).toBe(
      'Another operation is already running on payments-api-prod',
    );
    expect(harness.calls('prod').map(c => [c.operation, c.status])).toEqual([
      ['sync', 200],
      ['rollback', 400],
    ]);
    expect(harness.calls('prod', 'sync')[0].body).toEqual({
      name: 'payments-api-prod',
      appNamespace: 'argocd',
      prune: true,
    });
  });

  it('a double submit is one sync in Argo CD: the second answers 429, saying when the first started', async () => {
    const submit = () =>
      harness.operate(
        ALICE,
        'payments-api',
        'prod',
        'payments-api-prod',
        'sync',
        {},
      );
    const answers = await Promise.all([submit(), submit()]);
    expect(answers.map(a => a.status).sort()).toEqual([200, 429]);
    const limited = answers.find(a => a.status === 429)!;
    expect(limited.body.error.message).toMatch(
      /^A sync of payments-api-prod was started \d+ s ago$/,
    );
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(harness.calls('prod', 'sync')).toHaveLength(1);
    // Another user, or another action, is not held back.
    const refresh = await submit().then(() =>
      harness.operate(
        ALICE,
        'payments-api',
        'prod',
        'payments-api-prod',
        'refresh',
        {},
      ),
    );
    expect(refresh.status).toBe(200);
    expect(harness.calls('prod', 'sync')).toHaveLength(1);
  });

  it('refresh stores what Argo CD answers at once: the card shows a change no poll has read', async () => {
    const card = async () => {
      const { body } = await harness.get(
        '/entities/component/default/payments-api/applications',
      );
      return (body.applications as ArgoPulseApplicationOverview[]).find(
        a => a.name === 'payments-api-prod',
      )!;
    };
    const before = await card();
    expect(before.sync.status).toBe('Synced');
    // A commit lands: Argo CD would see it at its next reconcile, Argo Pulse at its next poll.
    const sim = harness.simulator.instance('prod');
    sim.rollout('payments-api-prod', {
      images: ['ghcr.io/acme/payments-api-prod:2.0.0'],
      manual: true,
    });
    sim.rollouts.advance(sim.application('payments-api-prod'));
    expect((await card()).sync.status).toBe('Synced');

    const { status } = await harness.operate(
      ALICE,
      'payments-api',
      'prod',
      'payments-api-prod',
      'refresh',
      { hard: true },
    );
    expect(status).toBe(200);
    const after = await card();
    expect(after.sync.status).toBe('OutOfSync');
    expect(after.observedAt > before.observedAt).toBe(true);
    expect(harness.calls('prod', 'refresh')).toEqual([
      expect.objectContaining({ application: 'payments-api-prod' }),
    ]);
  });

  it('offers a rollback only where Argo CD can do it, and says why not', async () => {
    const items = await history(harness);
    const prod = ofApp(items, 'payments-api-prod');
    expect(prod).toHaveLength(10);
    expect(prod[0].rollback).toEqual({
      possible: false,
      reason: 'it runs now',
    });
    for (const older of prod.slice(1))
      expect(older.rollback).toEqual({ possible: true });
    const canary = ofApp(items, 'payments-api-canary');
    expect(canary[0].rollback).toEqual({
      possible: false,
      reason: 'it runs now',
    });
    expect(canary[1].rollback).toEqual({
      possible: false,
      reason: 'auto-sync is on: Argo CD would undo it',
    });

    // A sync adds an eleventh entry: Argo CD drops the oldest.
    const oldest = prod[prod.length - 1];
    expect(
      (
        await harness.operate(
          ALICE,
          'payments-api',
          'prod',
          'payments-api-prod',
          'sync',
          {},
        )
      ).status,
    ).toBe(200);
    harness.finishOperation('prod', 'payments-api-prod');
    await harness.poll('prod');
    const now = ofApp(await history(harness), 'payments-api-prod');
    expect(now).toHaveLength(11);
    expect(now.find(d => d.id === oldest.id)!.rollback).toEqual({
      possible: false,
      reason: "not in Argo CD's last 10 deployments",
    });
    expect(now[0].rollback).toEqual({ possible: false, reason: 'it runs now' });
    expect(now[1].rollback).toEqual({ possible: true });
  });

  it('records who started a sync: the history row that follows says "alice via Backstage"', async () => {
    const { status } = await harness.operate(
      ALICE,
      'payments-api',
      'prod',
      'payments-api-prod',
      'sync',
      {},
    );
    expect(status).toBe(200);
    harness.finishOperation('prod', 'payments-api-prod');
    await harness.poll('prod');
    const prod = ofApp(await history(harness), 'payments-api-prod');
    expect(prod[0].startedFromBackstage).toEqual({
      by: ALICE,
      action: 'sync',
    });
    expect(prod.slice(1).every(d => !d.startedFromBackstage)).toBe(true);
    // The portal's feed says the same.
    await harness.indexEntities();
    const feed = await harness.get('/deployments?entity=payments-api&limit=1');
    expect(feed.status).toBe(200);
    expect(feed.body.items).toEqual([
      expect.objectContaining({
        type: 'deployment',
        deployment: expect.objectContaining({
          id: prod[0].id,
          startedFromBackstage: { by: ALICE, action: 'sync' },
          rollback: { possible: false, reason: 'it runs now' },
        }),
      }),
    ]);
  });

  it('rolls back to a deployment by its id, with Argo CD history id, and records it', async () => {
    const prod = ofApp(await history(harness), 'payments-api-prod');
    const target = prod[3];
    const { status, body } = await harness.operate(
      ALICE,
      'payments-api',
      'prod',
      'payments-api-prod',
      'rollback',
      { deploymentId: target.id },
    );
    expect(status).toBe(200);
    expect(body.status).toBe('started');
    expect(harness.calls('prod', 'rollback')).toEqual([
      expect.objectContaining({
        application: 'payments-api-prod',
        body: expect.objectContaining({ id: target.historyId }),
      }),
    ]);
    harness.finishOperation('prod', 'payments-api-prod');
    await harness.poll('prod');
    const after = ofApp(await history(harness), 'payments-api-prod');
    expect(after[0].startedFromBackstage).toEqual({
      by: ALICE,
      action: 'rollback',
    });
    expect(after[0].revisions).toEqual(target.revisions);
  });

  it("answers Argo CD's rollback refusals in words: auto-sync on, an id no longer in its history", async () => {
    const items = await history(harness);
    const canary = ofApp(items, 'payments-api-canary');
    const autoSync = await harness.operate(
      ALICE,
      'payments-api',
      'prod',
      'payments-api-canary',
      'rollback',
      { deploymentId: canary[1].id },
    );
    expect(autoSync.status).toBe(409);
    expect(autoSync.body.error.message).toBe(
      'Cannot roll back payments-api-canary: auto-sync is on: Argo CD would undo it',
    );

    // The oldest deployment leaves Argo CD's history once a sync adds an eleventh.
    const prod = ofApp(items, 'payments-api-prod');
    const oldest = prod[prod.length - 1];
    await harness.operate(
      ALICE,
      'payments-api',
      'prod',
      'payments-api-prod',
      'sync',
      {},
    );
    harness.finishOperation('prod', 'payments-api-prod');
    const gone = await harness.operate(
      ALICE,
      'payments-api',
      'prod',
      'payments-api-prod',
      'rollback',
      { deploymentId: oldest.id },
    );
    expect(gone.status).toBe(409);
    expect(gone.body.error.message).toMatch(
      /^Cannot roll back payments-api-prod: that deployment \(#\d+\) is not in Argo CD's history any more$/,
    );
    const unknown = await harness.operate(
      ALICE,
      'payments-api',
      'prod',
      'payments-api-prod',
      'rollback',
      { deploymentId: 'nope' },
    );
    expect(unknown.status).toBe(404);
    expect(harness.audits.map(a => a.outcome)).toEqual([
      'fail',
      'success',
      'fail',
      'fail',
    ]);
  });

  describe('the actions', () => {
    it('registers refresh-application and sync-application, which change things', async () => {
      const { body } = await harness.get(
        '/.backstage/actions/v1/actions',
        ALICE,
      );
      const ours = (body.actions as Array<{ id: string; attributes: object }>)
        .filter(a => /refresh-application|sync-application/.test(a.id))
        .map(a => [a.id, a.attributes]);
      expect(ours.sort()).toEqual([
        [
          'argo-pulse:refresh-application',
          { readOnly: false, destructive: true, idempotent: false },
        ],
        [
          'argo-pulse:sync-application',
          { readOnly: false, destructive: true, idempotent: false },
        ],
      ]);
    });

    it.each([
      ['refresh-application', 'refresh', 'refreshed'],
      ['sync-application', 'sync', 'started'],
    ])(
      '%s does what the route does, for an owner only',
      async (name, operation, outcome) => {
        const input = {
          entityRef: 'payments-api',
          instance: 'prod',
          namespace: 'argocd',
          name: 'payments-api-prod',
        };
        const denied = await harness.invoke(name, input, BOB);
        expect(denied.status).toBe(403);
        const { status, body } = await harness.invoke(name, input, ALICE);
        expect(status).toBe(200);
        expect(body.output).toMatchObject({
          action: operation,
          status: outcome,
          application: { name: 'payments-api-prod' },
        });
        expect(harness.calls('prod', operation)).toHaveLength(1);
        expect(harness.audits.map(a => a.options.eventId)).toEqual([
          `application-${operation}`,
          `application-${operation}`,
        ]);
      },
    );
  });
});
