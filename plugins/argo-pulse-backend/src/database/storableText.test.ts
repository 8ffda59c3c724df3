import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseExpectationStore } from '../expectations/DatabaseExpectationStore';
import { newExpectationRecord } from '../expectations/newExpectationRecord';
import { DatabaseArgoPulseStore } from './DatabaseArgoPulseStore';
import { MAX_TEXT, storableText } from './columns';
import { describeOnEachDatabase } from '../testing/eachDatabase';

describe('storableText', () => {
  it.each([
    ['plain text', 'Ship 1.8.0', 'Ship 1.8.0'],
    ['a NUL inside', 'fix\u0000 the thing', 'fix the thing'],
    [
      'other control characters, which PostgreSQL stores',
      'tab\there',
      'tab\there',
    ],
    ['absent', undefined, null],
  ])('%s', (_what, input, expected) => {
    expect(storableText(input)).toBe(expected);
  });

  it('cuts overlong text, and says so', () => {
    const cut = storableText('x'.repeat(MAX_TEXT + 50));
    expect(cut).toHaveLength(MAX_TEXT);
    expect(cut.endsWith('…')).toBe(true);
  });
});

/** One odd value from outside must not fail a write: PostgreSQL refuses NUL in text. */
describeOnEachDatabase('text from outside on %s', database => {
  it('a commit message and an instance error with NUL are stored, without it', async () => {
    const knex = await database.knex();
    const store = await DatabaseArgoPulseStore.create({
      database: mockServices.database({ knex }),
    });
    const key = { instance: 'prod', namespace: 'argocd', name: 'api' };
    await store.applyDetail(
      [
        {
          key,
          fingerprint: 'none',
          commits: [
            {
              instance: 'prod',
              namespace: 'argocd',
              application: 'api',
              revision: 'abc1234',
              author: 'Ada\u0000',
              message: 'Ship\u0000 it',
            },
          ],
        },
      ],
      '2026-11-30T10:00:00.000Z',
    );
    const [commit] = await knex('argo_pulse_commits').select(
      'author',
      'message',
    );
    expect(commit).toEqual({ author: 'Ada', message: 'Ship it' });

    await store.recordPollFailure({
      instance: 'prod',
      at: '2026-11-30T10:00:00.000Z',
      error: { category: 'unavailable', reason: '502 bad\u0000gateway' },
      durationMs: 1,
    });
    expect((await store.getInstanceStatuses())[0].lastError).toBe(
      '502 badgateway',
    );
  });

  it("an expectation's author, revision and run URL with NUL are stored, without it", async () => {
    const knex = await database.knex();
    const store = await DatabaseExpectationStore.create({
      database: mockServices.database({ knex }),
    });
    const record = newExpectationRecord({
      targets: [{ instance: 'prod', namespace: 'argocd', name: 'api' }],
      images: ['ghcr.io/acme/api:1.0.0'],
      timeoutMs: 60_000,
      now: new Date('2026-11-30T10:00:00.000Z'),
      details: {
        author: 'ci\u0000bot',
        revision: 'abc\u00001234',
        runUrl: 'https://ci.example.com/\u0000runs/1',
      },
    });
    await store.insert(record, { supersedes: () => false });
    expect(await store.get(record.id)).toMatchObject({
      author: 'cibot',
      revision: 'abc1234',
      runUrl: 'https://ci.example.com/runs/1',
    });
  });
});
