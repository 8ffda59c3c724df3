import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { describeOnEachDatabase } from '../testing/eachDatabase';
import { pluginForAllTests, rollOut } from '../testing/pluginHarness';

const BASE = '/api/argo-pulse/compat/argo-watcher/api/v1';

/** argo-watcher's client, as it calls: its own token header on POST, a bare token in Authorization on GET. */
describeOnEachDatabase('argo-watcher compatible task API on %s', database => {
  const harness = pluginForAllTests(database);
  const token = mockCredentials.service.token();
  const post = (body: unknown) =>
    request(harness.backend.server)
      .post(`${BASE}/tasks`)
      .set('ARGO_WATCHER_DEPLOY_TOKEN', token)
      .send(body as object);
  const getTask = (id: string) =>
    request(harness.backend.server)
      .get(`${BASE}/tasks/${id}`)
      .set('Authorization', token);
  const task = {
    app: 'inventory-prod-eu',
    author: 'ci-bot',
    project: 'inventory',
    images: [{ image: 'ghcr.io/acme/inventory', tag: '0.15.0' }],
    refresh: true,
  };

  beforeAll(() => harness.poll());

  it('round trip: accepted, in progress, deployed, in its field names and status strings', async () => {
    const posted = await post(task);
    expect(posted.status).toBe(202);
    expect(posted.body).toEqual({
      id: expect.any(String),
      status: 'accepted',
    });

    const pending = await getTask(posted.body.id);
    expect(pending.status).toBe(200);
    expect(pending.body).toEqual({
      id: posted.body.id,
      created: expect.any(Number),
      updated: expect.any(Number),
      app: 'inventory-prod-eu',
      author: 'ci-bot',
      project: 'inventory',
      images: [{ image: 'ghcr.io/acme/inventory', tag: '0.15.0' }],
      status: 'in progress',
    });

    // argo-watcher's client: ask until the status is no longer "in progress" (time passing = the rollout's next step and a poll).
    const prod = harness.simulator.instance('prod');
    prod.rollout('inventory-prod-eu', {
      images: ['ghcr.io/acme/inventory:0.15.0', 'docker.io/library/redis:7.2'],
      manual: true,
    });
    const seen: string[] = [];
    for (let asked = 0; asked < 10; asked++) {
      const { status } = (await getTask(posted.body.id)).body;
      seen.push(status);
      if (status !== 'in progress') break;
      prod.rollouts.advance(prod.application('inventory-prod-eu'));
      await harness.poll('prod');
    }
    expect(seen[seen.length - 1]).toBe('deployed');
    expect(seen.slice(0, -1).every(status => status === 'in progress')).toBe(
      true,
    );
    // The task is on the page of the entity whose annotations select the application.
    const onEntity = await harness.get(
      '/entities/component/default/inventory-service/expectations',
    );
    expect(onEntity.body.items.map((e: { id: string }) => e.id)).toContain(
      posted.body.id,
    );
  });

  it('a failed sync reads as failed with its reason', async () => {
    const posted = await post({
      ...task,
      app: 'inventory-prod-us',
      images: [{ image: 'ghcr.io/acme/inventory', tag: '0.16.0' }],
    });
    rollOut(
      harness,
      'prod',
      'inventory-prod-us',
      {
        images: ['ghcr.io/acme/inventory:0.16.0'],
        outcome: 'sync-failed',
        failureMessage: 'hook failed',
      },
      2,
    );
    await harness.poll('prod');
    expect((await getTask(posted.body.id)).body).toMatchObject({
      status: 'failed',
      status_reason: 'prod/inventory-prod-us: sync failed: hook failed',
    });
  });

  it('answers the config the client reads for its link', async () => {
    const response = await request(harness.backend.server)
      .get(`${BASE}/config`)
      .set('Authorization', token);
    expect(response.body).toEqual({
      argo_cd_url: harness.simulator.instanceUrl('dev'),
      argo_cd_url_alias: harness.simulator.instanceUrl('dev'),
    });
  });

  it.each<[string, unknown, number, RegExp]>([
    ['no app', { ...task, app: undefined }, 406, /app: /],
    [
      'no images',
      { ...task, images: [] },
      406,
      /images: give at least one image/,
    ],
    [
      'a bad image',
      { ...task, images: [{ image: 'ghcr.io/acme/Inventory', tag: '1' }] },
      406,
      /must be lowercase/,
    ],
  ])('%s, in its error shape', async (_what, body, status, message) => {
    const response = await post(body);
    expect(response.status).toBe(status);
    expect(response.body.error).toMatch(message);
    expect(response.body.status).toEqual(expect.any(String));
  });

  it('an application in no instance: accepted, after one more poll, and then `app not found`, as argo-watcher does', async () => {
    harness.resetRequests();
    const posted = await post({ ...task, app: 'nope' });
    expect(posted.status).toBe(202);
    expect(posted.body).toEqual({
      id: expect.any(String),
      status: 'accepted',
    });
    // Every instance was polled once more before giving up on it.
    for (const instance of ['dev', 'staging', 'prod'])
      expect(
        harness.requests(instance)['GET /api/v1/applications']?.requests,
      ).toBe(1);
    expect((await getTask(posted.body.id)).body).toMatchObject({
      app: 'nope',
      status: 'app not found',
      status_reason: 'Application "nope" is not in any Argo CD instance',
    });
  });

  it('a task replaced by a newer one for the same application reads `cancelled`, as in argo-watcher 0.11 and later', async () => {
    const older = await post({
      ...task,
      images: [{ image: 'ghcr.io/acme/inventory', tag: '0.20.0' }],
    });
    await post({
      ...task,
      images: [{ image: 'ghcr.io/acme/inventory', tag: '0.21.0' }],
    });
    expect((await getTask(older.body.id)).body).toMatchObject({
      status: 'cancelled',
    });
  });

  it('a body that is not JSON: 406 invalid payload, as argo-watcher answers', async () => {
    const response = await request(harness.backend.server)
      .post(`${BASE}/tasks`)
      .set('ARGO_WATCHER_DEPLOY_TOKEN', token)
      .set('Content-Type', 'application/json')
      .send('{"app": ');
    expect(response.status).toBe(406);
    expect(response.body).toMatchObject({
      status: 'invalid payload',
      error: expect.any(String),
    });
  });

  it('without credentials: 401', async () => {
    // The mock auth service reads this header as "no credentials" (a bare request counts as a mock user).
    const response = await request(harness.backend.server)
      .post(`${BASE}/tasks`)
      .set('Authorization', mockCredentials.none.header())
      .send(task);
    expect(response.status).toBe(401);
    expect(response.body.status).toBe(
      'You are not authorized to perform this action',
    );
  });

  it('an unknown task: 404 {id, error}', async () => {
    const response = await getTask('no-such-task');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      id: 'no-such-task',
      error: 'task not found',
    });
  });
});
