import type { ArgoCdApplication } from '@argo-pulse/backstage-plugin-common';
import {
  filterFields,
  parseFieldSelection,
  projectListItem,
} from './fieldSelection';

const running: ArgoCdApplication = {
  metadata: {
    name: 'api',
    namespace: 'argocd',
    resourceVersion: '42',
    labels: { team: 'a' },
  },
  spec: { project: 'default' },
  status: {
    sync: { status: 'OutOfSync', revision: 'abc' },
    health: { status: 'Progressing' },
    summary: { images: ['api:2', 'api:1'] },
    history: [{ id: 1 }],
    reconciledAt: '2026-01-01T00:00:00Z',
    operationState: {
      phase: 'Running',
      message: 'one or more tasks are running',
      startedAt: '2026-01-01T00:00:00Z',
      operation: { sync: { revision: 'abc' } },
      syncResult: { revision: 'abc', resources: [] },
    },
  },
};

const settled: ArgoCdApplication = {
  metadata: { name: 'idle' },
  spec: {},
  status: { sync: { status: 'Synced' } },
};

describe('parseFieldSelection', () => {
  it.each([
    ['', undefined],
    [
      'items.metadata.name',
      { fields: new Set(['items.metadata.name']), exclude: false },
    ],
    [
      '-items.spec,items.status.resources',
      {
        fields: new Set(['items.spec', 'items.status.resources']),
        exclude: true,
      },
    ],
  ])('parses "%s"', (raw, expected) => {
    expect(parseFieldSelection(raw)).toEqual(expected);
  });
});

describe('projectListItem (Argo CD list projection)', () => {
  const project = (app: ArgoCdApplication, fields: string) =>
    projectListItem(app, parseFieldSelection(fields)!);

  it('keeps exactly the whitelisted paths asked for', () => {
    expect(
      project(
        running,
        'items.metadata.name,items.status.sync.status,items.status.health',
      ),
    ).toEqual({
      metadata: { name: 'api' },
      status: {
        sync: { status: 'OutOfSync' },
        health: { status: 'Progressing' },
      },
    });
  });

  it('drops paths outside the whitelist, even when asked for', () => {
    expect(
      project(
        running,
        'items.metadata.name,items.status.sync.revision,items.status.history,items.status.reconciledAt,items.metadata.resourceVersion,items.status.operationState.message',
      ),
    ).toEqual({ metadata: { name: 'api' } });
  });

  it('matches whitelisted paths exactly, not by prefix', () => {
    expect(
      project(running, 'items.metadata,items.status.health.status'),
    ).toEqual({});
  });

  it('answers the syncResult under status.operationState.operation.sync', () => {
    expect(
      project(
        running,
        'items.status.operationState.operation.sync,items.status.operationState.phase',
      ),
    ).toEqual({
      status: {
        operationState: {
          phase: 'Running',
          operation: { sync: { revision: 'abc', resources: [] } },
        },
      },
    });
  });

  it('writes null for typed nils and leaves out what Go returns as untyped nil', () => {
    expect(
      project(
        running,
        'items.status.operationState.finishedAt,items.metadata.deletionTimestamp,items.metadata.annotations',
      ),
    ).toEqual({
      metadata: { deletionTimestamp: null, annotations: null },
      status: { operationState: { finishedAt: null } },
    });
    expect(
      project(
        settled,
        'items.status.operationState.finishedAt,items.status.resources,items.operation.sync',
      ),
    ).toEqual({});
  });

  it('with a leading "-", keeps every whitelisted path but the listed ones', () => {
    const item = project(
      running,
      '-items.spec,items.status.summary,items.metadata.labels',
    );
    expect(item).not.toHaveProperty('spec');
    expect(item.status).not.toHaveProperty('summary');
    expect(item.metadata).toEqual({
      name: 'api',
      namespace: 'argocd',
      annotations: null,
      creationTimestamp: null,
      deletionTimestamp: null,
    });
    expect(item.status).toHaveProperty('health');
    expect(item.status).not.toHaveProperty('history');
  });
});

describe('filterFields (Argo CD generic filter, used by streams)', () => {
  const message = { result: { type: 'MODIFIED', application: running } };
  const filter = (fields: string) =>
    filterFields(message, parseFieldSelection(fields)!);

  it('keeps requested paths with their whole subtree', () => {
    expect(filter('result.type,result.application.status.health')).toEqual({
      result: {
        type: 'MODIFIED',
        application: { status: { health: { status: 'Progressing' } } },
      },
    });
  });

  it('reaches into arrays: elements share their parent path', () => {
    expect(
      filterFields(
        { items: [{ a: 1, b: 2 }, { a: 3 }] },
        parseFieldSelection('items.a')!,
      ),
    ).toEqual({ items: [{ a: 1 }, { a: 3 }] });
  });

  it('drops listed paths in exclude mode, anywhere in the tree', () => {
    const result = filter(
      '-result.application.spec,result.application.status.history',
    ) as typeof message;
    expect(result.result.application).not.toHaveProperty('spec');
    expect(result.result.application.status).not.toHaveProperty('history');
    expect(result.result.application.status).toHaveProperty('summary');
  });
});
