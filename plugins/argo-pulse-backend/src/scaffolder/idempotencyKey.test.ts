import { idempotencyKey } from './idempotencyKey';

describe('idempotencyKey', () => {
  it('names the task and the step, and the iteration of a step with each', () => {
    expect(
      idempotencyKey({ task: { id: 't-1' }, step: { id: 'expect' } }),
    ).toBe('backstage-scaffolder:t-1:expect');
    expect(
      idempotencyKey({
        task: { id: 't-1' },
        step: { id: 'expect' },
        each: { key: 2, value: 'prod' },
      }),
    ).toBe('backstage-scaffolder:t-1:expect:2');
  });

  it('hashes a key Argo Pulse would refuse (spaces, other characters, over 255), still one per step', () => {
    const spaced = idempotencyKey({ task: { id: 't-1' }, step: { id: 'a b' } });
    const underscored = idempotencyKey({
      task: { id: 't-1' },
      step: { id: 'a_b' },
    });
    const long = idempotencyKey({
      task: { id: 't-1' },
      step: { id: 'x'.repeat(300) },
    });
    for (const key of [spaced, long])
      expect(key).toMatch(/^backstage-scaffolder:[0-9a-f]{64}$/);
    expect(spaced).not.toBe(underscored);
    expect(idempotencyKey({ task: { id: 't-1' }, step: { id: 'a b' } })).toBe(
      spaced,
    );
  });
});
