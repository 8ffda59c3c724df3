import type { Entity } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ArgoPulseConfig } from '../config/readArgoPulseConfig';
import type { ApplicationIndexEntry } from '../database/types';
import {
  ArgoWatcherTask,
  checkIdempotencyKey,
  ExpectationIntake,
} from './ExpectationIntake';
import type { ExpectationRequest } from './expectationRequest';
import type { ExpectationService } from './ExpectationService';
import type { ExpectationRecord } from './types';
import { indexEntry, indexStore } from '../testing/indexStore';

// The intake's rules on their own: a store of applications, an expectation service that keeps
// records by idempotency key, a catalog of entities and a poll that may make an application
// appear. No backend, no database.

const app = (
  instance: string,
  name: string,
  labels: Record<string, string> = {},
) => indexEntry(instance, name, { labels });

const paymentsEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: { 'argocd/app-name': 'payments-api-prod' },
  },
};

function world(
  options: {
    applications?: ApplicationIndexEntry[];
    appearOnPoll?: ApplicationIndexEntry[];
    refresh?: boolean;
  } = {},
) {
  const applications = [...(options.applications ?? [])];
  const records = new Map<string, ExpectationRecord>();
  const polls: string[][] = [];
  const store = indexStore(applications);
  const expectations = {
    create: async (record: ExpectationRecord) => {
      const existing = record.idempotencyKey
        ? [...records.values()].find(
            r => r.idempotencyKey === record.idempotencyKey,
          )
        : undefined;
      if (existing) return { record: existing, created: false };
      records.set(record.id, record);
      return { record, created: true };
    },
    createFailed: async (
      record: ExpectationRecord,
      failure: { reason: string; message: string },
    ) => {
      const failed = {
        ...record,
        state: 'failed',
        reason: failure.reason,
        message: failure.message,
      } as ExpectationRecord;
      records.set(record.id, failed);
      return failed;
    },
  } as unknown as ExpectationService;
  const catalog = {
    getEntities: async () => ({ items: [paymentsEntity] }),
  } as unknown as CatalogService;
  const config = {
    instances: [{ name: 'prod' }, { name: 'staging' }],
    expectations: { defaultTimeoutMs: 600_000, maxTimeoutMs: 3_600_000 },
  } as unknown as ArgoPulseConfig;
  const refreshInstances = async (instances: string[]) => {
    polls.push(instances);
    applications.push(...(options.appearOnPoll ?? []));
  };
  const intake = new ExpectationIntake({
    config,
    store,
    expectations,
    catalog,
    ...(options.refresh === false ? {} : { refreshInstances }),
    now: () => new Date('2026-12-01T10:00:00Z'),
  });
  return { intake, records, polls };
}

const request = (
  overrides: Partial<ExpectationRequest> = {},
): ExpectationRequest =>
  ({
    images: ['ghcr.io/acme/payments-api:2.0.0'],
    ...overrides,
  } as ExpectationRequest);

describe('checkIdempotencyKey', () => {
  it.each([
    ['absent', undefined, true],
    ['a commit SHA', '3f2a9c1', true],
    ['255 printable characters', 'k'.repeat(255), true],
    ['empty', '', false],
    ['256 characters', 'k'.repeat(256), false],
    ['with a space', 'run 42', false],
    ['with a non-ASCII letter', 'lauf-ä', false],
  ])('%s: %s', (_what, key, valid) => {
    const outcome = () => {
      try {
        checkIdempotencyKey(key);
        return 'accepted';
      } catch (error) {
        return error instanceof InputError ? 'a 400' : String(error);
      }
    };
    expect(outcome()).toBe(valid ? 'accepted' : 'a 400');
  });
});

describe('ExpectationIntake.post: idempotency', () => {
  const entityPost = {
    entityRef: 'component:default/payments-api',
    entity: paymentsEntity,
    caller: 'ci',
  };

  it.each([
    [
      'the same key and the same request: the first expectation, no second one',
      'k1',
      request(),
      'same',
      1,
    ],
    [
      'the same key and a different request: a 409',
      'k1',
      request({ images: ['ghcr.io/acme/payments-api:2.0.1'] }),
      'conflict',
      1,
    ],
    ['another key: a second expectation', 'k2', request(), 'new', 2],
    ['no key: always a new expectation', undefined, request(), 'new', 2],
  ] as const)(
    '%s',
    async (_what, secondKey, secondRequest, outcome, stored) => {
      const { intake, records } = world({
        applications: [app('prod', 'payments-api-prod')],
      });
      const first = await intake.post({
        ...entityPost,
        request: request(),
        idempotencyKey: secondKey === undefined ? undefined : 'k1',
      });
      const second = await intake
        .post({
          ...entityPost,
          request: secondRequest,
          idempotencyKey: secondKey,
        })
        .then(
          record => (record.id === first.id ? 'same' : 'new'),
          error =>
            error instanceof ConflictError ? 'conflict' : String(error),
        );
      expect(second).toBe(outcome);
      expect(records.size).toBe(stored);
    },
  );

  it('keeps keys per caller: two pipelines may use the same key', async () => {
    const { intake, records } = world({
      applications: [app('prod', 'payments-api-prod')],
    });
    const a = await intake.post({
      ...entityPost,
      caller: 'pipeline-a',
      request: request(),
      idempotencyKey: 'sha',
    });
    const b = await intake.post({
      ...entityPost,
      caller: 'pipeline-b',
      request: request(),
      idempotencyKey: 'sha',
    });
    expect(a.id).not.toBe(b.id);
    expect(records.size).toBe(2);
  });
});

describe('ExpectationIntake.post: an application nobody has seen yet', () => {
  const post = (intake: ExpectationIntake) =>
    intake.post({
      request: request({
        application: { instance: 'prod', name: 'payments-api-preview' },
      }),
      caller: 'ci',
    });

  it.each([
    [
      'known: its target, without a poll',
      [app('prod', 'payments-api-preview')],
      [],
      true,
      [],
      'prod/payments-api-preview',
    ],
    [
      'made by the poll: found after one poll of its instance',
      [],
      [app('prod', 'payments-api-preview')],
      true,
      [['prod']],
      'prod/payments-api-preview',
    ],
    [
      'still unknown after the poll: it waits for it',
      [],
      [],
      true,
      [['prod']],
      'awaiting prod/payments-api-preview',
    ],
    [
      'unknown, and no poller to ask: it waits for it',
      [],
      [],
      false,
      [],
      'awaiting prod/payments-api-preview',
    ],
  ])(
    '%s',
    async (
      _what,
      applications,
      appearOnPoll,
      refresh,
      expectedPolls,
      expected,
    ) => {
      const { intake, polls } = world({ applications, appearOnPoll, refresh });
      const record = await post(intake);
      expect(polls).toEqual(expectedPolls);
      const targets = record.targets
        .map(t => `${t.instance}/${t.name}`)
        .join(', ');
      expect(targets || `awaiting ${record.awaiting?.description}`).toBe(
        expected,
      );
    },
  );
});

describe('ExpectationIntake.postTask (argo-watcher)', () => {
  const task: ArgoWatcherTask = {
    app: 'payments-api-prod',
    author: 'alice',
    project: 'payments',
    postedImages: [{ image: 'ghcr.io/acme/payments-api', tag: '2.0.0' }],
    images: ['ghcr.io/acme/payments-api:2.0.0'],
  };

  it.each([
    [
      'in one instance: pending, decided on the entity that selects it',
      [app('prod', 'payments-api-prod')],
      [],
      'pending',
      ['component:default/payments-api'],
      [],
    ],
    [
      'made by the poll of every instance: found then',
      [],
      [app('prod', 'payments-api-prod')],
      'pending',
      ['component:default/payments-api'],
      [['prod', 'staging']],
    ],
    [
      'in no instance: accepted and failed app-not-found, decided with no entity',
      [],
      [],
      'failed',
      [undefined],
      [['prod', 'staging']],
    ],
  ])(
    '%s',
    async (
      _what,
      applications,
      appearOnPoll,
      state,
      authorized,
      expectedPolls,
    ) => {
      const { intake, polls } = world({ applications, appearOnPoll });
      const asked: Array<string | undefined> = [];
      const record = await intake.postTask({
        task,
        caller: 'ci',
        credentials: {} as never,
        authorize: async ref => void asked.push(ref),
      });
      expect(record.state).toBe(state);
      expect(asked).toEqual(authorized);
      expect(polls).toEqual(expectedPolls);
      expect(record.reason).toBe(
        state === 'failed' ? 'app-not-found' : undefined,
      );
    },
  );

  it('refuses an application that exists in several instances, naming them', async () => {
    const { intake } = world({
      applications: [
        app('prod', 'payments-api-prod'),
        app('staging', 'payments-api-prod'),
      ],
    });
    await expect(
      intake.postTask({
        task,
        credentials: {} as never,
        authorize: async () => {},
      }),
    ).rejects.toThrow('exists in prod/argocd, staging/argocd');
  });

  it('caps the timeout at the configured maximum and falls back to the default when not positive', async () => {
    const { intake } = world({
      applications: [app('prod', 'payments-api-prod')],
    });
    const deadline = async (timeout?: number) =>
      (
        await intake.postTask({
          task: { ...task, timeout },
          credentials: {} as never,
          authorize: async () => {},
        })
      ).deadlineAt;
    expect(await deadline(86_400)).toBe('2026-12-01T11:00:00.000Z');
    expect(await deadline(0)).toBe('2026-12-01T10:10:00.000Z');
    expect(await deadline(60)).toBe('2026-12-01T10:01:00.000Z');
  });
});
