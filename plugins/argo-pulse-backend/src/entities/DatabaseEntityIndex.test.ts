import type { Knex } from 'knex';
import { connectDatabase } from '../database/connectDatabase';
import { DatabaseEntityIndex } from './DatabaseEntityIndex';
import type { EntityIndexEntry } from './entityIndexEntries';
import { describeOnEachDatabase } from '../testing/eachDatabase';

const entry = (
  name: string,
  applications: string[],
  owner = 'group:default/team-a',
): EntityIndexEntry => ({
  entityRef: `component:default/${name}`,
  kind: 'component',
  namespace: 'default',
  name,
  owners: [owner],
  labels: { tier: 'backend' },
  annotations: { 'argocd/app-name': applications.join(',') },
  applications: applications.map(app => ({
    instance: 'prod',
    namespace: 'argocd',
    name: app,
  })),
});

describeOnEachDatabase('DatabaseEntityIndex on %s', database => {
  let db: Knex;
  let index: DatabaseEntityIndex;
  beforeEach(async () => {
    db = await connectDatabase(await database.service());
    index = new DatabaseEntityIndex(db);
  });
  const applicationsOf = async (name: string) =>
    (
      await db('argo_pulse_entity_applications')
        .where({ entity_ref: `component:default/${name}` })
        .orderBy('application')
    ).map(r => r.application);
  const owners = async () =>
    (
      await db('argo_pulse_entity_facts')
        .where({ type: 'owner' })
        .orderBy('entity_ref')
    ).map(r => `${r.entity_ref} ${r.value}`);

  it('rewrites only the entities whose entry changed, and removes those gone', async () => {
    expect(
      await index.replace([entry('api', ['api-prod']), entry('web', ['web'])]),
    ).toBe(2);
    // The same catalog again: nothing to write.
    expect(
      await index.replace([entry('api', ['api-prod']), entry('web', ['web'])]),
    ).toBe(0);
    // One entity selects another application, another changes owner, a third is gone.
    expect(
      await index.replace([
        entry('api', ['api-prod', 'api-canary']),
        entry('worker', ['worker'], 'group:default/team-b'),
      ]),
    ).toBe(3);
    expect(await applicationsOf('api')).toEqual(['api-canary', 'api-prod']);
    expect(await applicationsOf('web')).toEqual([]);
    expect(await owners()).toEqual([
      'component:default/api group:default/team-a',
      'component:default/worker group:default/team-b',
    ]);
    expect(
      (await db('argo_pulse_entities').orderBy('entity_ref')).map(
        r => r.entity_ref,
      ),
    ).toEqual(['component:default/api', 'component:default/worker']);
  });
});
