import type { ScenarioApplicationSet } from '../scenario/applicationSetSchema';
import { MemberState, rollingSyncStatus, stepOf } from './progressiveSync';

type Step = NonNullable<ScenarioApplicationSet['rollingSync']>['steps'][number];

const STEPS: Step[] = [
  {
    matchExpressions: [
      { key: 'region', operator: 'In' as const, values: ['eu'] },
    ],
  },
  {
    matchExpressions: [
      { key: 'region', operator: 'In' as const, values: ['us'] },
    ],
  },
];

/** A settled application of a region, changed at the given minute. */
function member(
  name: string,
  region: string,
  overrides: Partial<MemberState> = {},
): MemberState {
  return {
    name,
    labels: { region },
    health: 'Healthy',
    sync: 'Synced',
    operationPhase: 'Succeeded',
    rolledOut: false,
    revisions: ['abc1234'],
    changedAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

const summary = (members: MemberState[], steps = STEPS) =>
  rollingSyncStatus(members, steps).map(
    s => `${s.application}: ${s.step} ${s.status}`,
  );

describe('stepOf', () => {
  it.each([
    [{ region: 'eu' }, 0],
    [{ region: 'us' }, 1],
    [{ region: 'ap' }, -1],
    [{}, -1],
  ])('labels %j are in step index %s', (labels, index) => {
    expect(stepOf(labels, STEPS)).toBe(index);
  });

  it('NotIn matches a missing label, and every expression of a step must match', () => {
    const steps = [
      {
        matchExpressions: [
          { key: 'env', operator: 'In' as const, values: ['prod'] },
          { key: 'region', operator: 'NotIn' as const, values: ['us'] },
        ],
      },
    ];
    expect(stepOf({ env: 'prod' }, steps)).toBe(0);
    expect(stepOf({ env: 'prod', region: 'us' }, steps)).toBe(-1);
    expect(stepOf({ region: 'eu' }, steps)).toBe(-1);
  });
});

describe('rollingSyncStatus', () => {
  it.each<[string, Partial<MemberState>, string[]]>([
    ['everything settled: all Healthy', {}, ['eu: 1 Healthy', 'us: 2 Healthy']],
    [
      'the first step has a commit not yet syncing: Pending, the second Waiting',
      { rolloutPhase: 'out-of-sync', sync: 'OutOfSync', rolledOut: true },
      ['eu: 1 Pending', 'us: 2 Waiting'],
    ],
    [
      'the first step syncs: Progressing, the second Waiting',
      { rolloutPhase: 'syncing', operationPhase: 'Running', rolledOut: true },
      ['eu: 1 Progressing', 'us: 2 Waiting'],
    ],
    [
      'the first step synced, pods still rolling: Progressing',
      { rolloutPhase: 'progressing', health: 'Progressing', rolledOut: true },
      ['eu: 1 Progressing', 'us: 2 Waiting'],
    ],
    [
      'the first step degraded without a rollout running: Argo CD keeps waiting on it',
      { health: 'Degraded' },
      ['eu: 1 Progressing', 'us: 2 Waiting'],
    ],
    [
      'OutOfSync without auto-sync and no operation: Pending',
      { sync: 'OutOfSync' },
      ['eu: 1 Pending', 'us: 2 Waiting'],
    ],
  ])('%s', (_title, eu, expected) => {
    expect(summary([member('eu', 'eu', eu), member('us', 'us')])).toEqual(
      expected,
    );
  });

  it('a later step waits even when its own application rolls out', () => {
    expect(
      summary([
        member('eu', 'eu', {
          health: 'Progressing',
          rolloutPhase: 'progressing',
        }),
        member('us', 'us', {
          health: 'Progressing',
          rolloutPhase: 'progressing',
        }),
      ]),
    ).toEqual(['eu: 1 Progressing', 'us: 2 Waiting']);
  });

  it('says where a status comes from, and keeps the revisions', () => {
    const [eu, us] = rollingSyncStatus(
      [
        member('eu', 'eu', { rolledOut: true }),
        member('us', 'us', {
          health: 'Progressing',
          changedAt: '2026-01-02T00:00:00Z',
        }),
      ],
      STEPS,
    );
    expect(eu).toEqual({
      application: 'eu',
      lastTransitionTime: '2026-01-01T00:00:00Z',
      message:
        'Application resource became Healthy, updating status from Progressing to Healthy.',
      status: 'Healthy',
      step: '1',
      targetrevisions: ['abc1234'],
    });
    expect(us.message).toBe(
      'Application resource became Progressing, updating status from Pending to Progressing.',
    );
    expect(rollingSyncStatus([member('eu', 'eu')], STEPS)[0].message).toBe(
      'Application resource is already Healthy, updating status from Waiting to Healthy.',
    );
  });

  it('a waiting application changed when the step before it last did', () => {
    const [, us] = rollingSyncStatus(
      [
        member('eu', 'eu', {
          health: 'Progressing',
          changedAt: '2026-01-03T00:00:00Z',
        }),
        member('us', 'us'),
      ],
      STEPS,
    );
    expect(us).toMatchObject({
      status: 'Waiting',
      message: 'Application has pending changes, setting status to Waiting.',
      lastTransitionTime: '2026-01-03T00:00:00Z',
    });
  });

  it.each<[number | string, string[]]>([
    [1, ['eu-a: 1 Progressing', 'eu-b: 1 Waiting', 'eu-c: 1 Waiting']],
    ['50%', ['eu-a: 1 Progressing', 'eu-b: 1 Waiting', 'eu-c: 1 Waiting']],
    [
      '100%',
      ['eu-a: 1 Progressing', 'eu-b: 1 Progressing', 'eu-c: 1 Progressing'],
    ],
    ['10%', ['eu-a: 1 Progressing', 'eu-b: 1 Waiting', 'eu-c: 1 Waiting']],
  ])(
    'maxUpdate %s lets that many of a step update at once',
    (maxUpdate, expected) => {
      const rolling = { health: 'Progressing' };
      expect(
        summary(
          ['eu-a', 'eu-b', 'eu-c'].map(name => member(name, 'eu', rolling)),
          [{ ...STEPS[0], maxUpdate }],
        ),
      ).toEqual(expected);
    },
  );

  it('an application no step selects is outside the rollout: step "1", never gating', () => {
    expect(
      summary([
        member('ap', 'ap', { sync: 'OutOfSync' }),
        member('ap-ok', 'ap'),
        member('us', 'us'),
      ]),
    ).toEqual(['ap: 1 Waiting', 'ap-ok: 1 Healthy', 'us: 2 Healthy']);
  });
});
