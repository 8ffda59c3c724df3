import {
  earlierVersion,
  isExactTag,
  ociSourceUrl,
  releasedVersion,
} from './ociArtifacts';

describe('OCI release versions', () => {
  it.each([
    ['1.4.2', 2, '1.4.0'],
    ['1.4.0', 1, '1.3.9'],
    ['v2.1.1', 3, 'v2.0.8'],
    ['0.0.1', 2, '0.0.1-2'],
    ['latest', 1, 'latest-1'],
    ['1.4.0', 0, '1.4.0'],
  ])('%s, %s releases back, is %s', (version, back, earlier) => {
    expect(earlierVersion(version, back)).toBe(earlier);
  });

  it.each([
    ['1.4.0', '1.4.0', true],
    ['1.4.0-rc.1', '1.4.0-rc.1', true],
    ['^2.1.0', '2.1.0', false],
    ['1.4.*', '1.4.0', false],
    ['>=3', '3.0.0', false],
    ['HEAD', '1.0.0', false],
  ])(
    'targetRevision %s is released as %s (an exact tag: %s)',
    (target, released, exact) => {
      expect(releasedVersion(target)).toBe(released);
      expect(isExactTag(target)).toBe(exact);
    },
  );

  it('names the git repository of a bundle after the first and last components of its registry path', () => {
    expect(ociSourceUrl('oci://ghcr.io/acme/releases/payments-api')).toBe(
      'https://github.com/acme/payments-api',
    );
    expect(ociSourceUrl('oci://registry.example.com/web')).toBe(
      'https://registry.example.com/web',
    );
  });
});
