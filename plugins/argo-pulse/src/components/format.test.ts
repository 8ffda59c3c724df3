import { DateTime } from 'luxon';
import { ago, commitUrl, duration, shortRevision } from './format';

describe('format', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [80, '1m 20s'],
    [3600, '1h'],
    [7500, '2h 5m'],
  ])('duration(%s) = %s', (seconds, text) => {
    expect(duration(seconds)).toBe(text);
  });

  it('says how long ago', () => {
    const now = DateTime.fromISO('2026-11-22T10:05:00Z');
    expect(ago('2026-11-22T10:00:00Z', now)).toBe('5 minutes ago');
    expect(ago(undefined, now)).toBeUndefined();
  });

  it.each([
    [
      'https://github.com/acme/deploy.git',
      'a'.repeat(40),
      `https://github.com/acme/deploy/commit/${'a'.repeat(40)}`,
    ],
    [
      'git@github.com:acme/deploy.git',
      'abc1234',
      'https://github.com/acme/deploy/commit/abc1234',
    ],
    [
      'https://gitlab.com/acme/group/deploy',
      'abc1234',
      'https://gitlab.com/acme/group/deploy/-/commit/abc1234',
    ],
    [
      'https://bitbucket.org/acme/deploy.git',
      'abc1234',
      'https://bitbucket.org/acme/deploy/commits/abc1234',
    ],
    ['https://charts.acme.example', '1.4.2', undefined],
    ['https://git.internal.example/acme/deploy.git', 'abc1234', undefined],
  ])('commitUrl(%s, %s)', (repo, revision, url) => {
    expect(commitUrl(repo, revision)).toBe(url);
  });

  it('shortens commit SHAs and OCI digests only', () => {
    expect(shortRevision('a'.repeat(40))).toBe('aaaaaaa');
    expect(shortRevision(`sha256:1a2b3c4${'d'.repeat(57)}`)).toBe(
      'sha256:1a2b3c4',
    );
    expect(shortRevision('1.4.2')).toBe('1.4.2');
  });
});
