import { replacedBy } from './replacement';

const digest = (c: string) => `ghcr.io/acme/api@sha256:${c.repeat(64)}`;

describe('replacedBy', () => {
  it.each([
    [
      'still running',
      ['ghcr.io/acme/api:2.0.1'],
      ['ghcr.io/acme/api:2.0.1'],
      undefined,
    ],
    [
      'still running, written differently',
      ['acme/api:2.0.1'],
      ['docker.io/acme/api:2.0.1'],
      undefined,
    ],
    [
      'mid-rollout, old and new pods',
      ['ghcr.io/acme/api:2.0.1'],
      ['ghcr.io/acme/api:2.0.0', 'ghcr.io/acme/api:2.0.1'],
      undefined,
    ],
    [
      'rolled back',
      ['ghcr.io/acme/api:2.0.1'],
      ['ghcr.io/acme/api:1.9.9'],
      ['ghcr.io/acme/api:1.9.9'],
    ],
    [
      'one of two images replaced',
      ['ghcr.io/acme/api:2.0.1', 'ghcr.io/acme/worker:2.0.1'],
      ['ghcr.io/acme/api:2.0.1', 'ghcr.io/acme/worker:2.0.2'],
      ['ghcr.io/acme/worker:2.0.2'],
    ],
    [
      'pinned by digest, another digest runs',
      [digest('a')],
      [digest('b')],
      [digest('b')],
    ],
    [
      'the repository no longer runs here at all: nothing to say it was replaced by',
      ['ghcr.io/acme/api:2.0.1'],
      ['docker.io/library/redis:7.2'],
      undefined,
    ],
  ])('%s', (_case, expected, running, answer) => {
    expect(replacedBy(expected, running)).toEqual(answer);
  });
});
