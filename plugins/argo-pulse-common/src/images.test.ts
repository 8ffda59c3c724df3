import { describe, expect, it } from 'vitest';
import {
  ImageReference,
  InvalidImageReferenceError,
  formatImageReference,
  imageRepositoryKey,
  imageSatisfies,
  normalizeImageReference,
  parseImageReference,
  tryParseImageReference,
} from './images';

const SHA_A = `sha256:${'a'.repeat(64)}`;
const SHA_B = `sha256:${'b'.repeat(64)}`;

describe('parseImageReference', () => {
  it.each<[string, ImageReference]>([
    [
      'nginx',
      { registry: 'docker.io', repository: 'library/nginx', tag: 'latest' },
    ],
    [
      'nginx:1.25',
      { registry: 'docker.io', repository: 'library/nginx', tag: '1.25' },
    ],
    [
      '  nginx:1.25\n',
      { registry: 'docker.io', repository: 'library/nginx', tag: '1.25' },
    ],
    ['acme/api:2', { registry: 'docker.io', repository: 'acme/api', tag: '2' }],
    [
      'ghcr.io/acme/api:1.2.3',
      { registry: 'ghcr.io', repository: 'acme/api', tag: '1.2.3' },
    ],
    ['ghcr.io/api:1', { registry: 'ghcr.io', repository: 'api', tag: '1' }],
    [
      'localhost:5000/x:1',
      { registry: 'localhost:5000', repository: 'x', tag: '1' },
    ],
    ['localhost/x', { registry: 'localhost', repository: 'x', tag: 'latest' }],
    [
      'registry.example.com:5000/team/app',
      {
        registry: 'registry.example.com:5000',
        repository: 'team/app',
        tag: 'latest',
      },
    ],
    [
      'Registry.Example.COM/app:1',
      { registry: 'registry.example.com', repository: 'app', tag: '1' },
    ],
    [
      '[::1]:5000/app:1',
      { registry: '[::1]:5000', repository: 'app', tag: '1' },
    ],
    [
      `repo@${SHA_A}`,
      { registry: 'docker.io', repository: 'library/repo', digest: SHA_A },
    ],
    [
      `repo:tag@${SHA_A}`,
      {
        registry: 'docker.io',
        repository: 'library/repo',
        tag: 'tag',
        digest: SHA_A,
      },
    ],
    [
      `localhost:5000/team/app@${SHA_A}`,
      { registry: 'localhost:5000', repository: 'team/app', digest: SHA_A },
    ],
    [
      'index.docker.io/library/nginx:1',
      { registry: 'docker.io', repository: 'library/nginx', tag: '1' },
    ],
    [
      'registry-1.docker.io/nginx:1',
      { registry: 'docker.io', repository: 'library/nginx', tag: '1' },
    ],
    [
      'docker.io/acme/api',
      { registry: 'docker.io', repository: 'acme/api', tag: 'latest' },
    ],
    [
      'a/b__c/d-e--f/g.h_i:V1_x-y.z',
      {
        registry: 'docker.io',
        repository: 'a/b__c/d-e--f/g.h_i',
        tag: 'V1_x-y.z',
      },
    ],
    [
      'quay.io/a/b/c/d:_1',
      { registry: 'quay.io', repository: 'a/b/c/d', tag: '_1' },
    ],
  ])('parses %s', (reference, expected) => {
    expect(parseImageReference(reference)).toEqual(expected);
  });

  it.each<[string, string]>([
    ['', 'it is empty'],
    ['   ', 'it is empty'],
    ['UPPER/case', 'repository "UPPER/case" must be lowercase'],
    ['ghcr.io/Acme/api', 'must be lowercase'],
    ['repo:', "tag after ':' is empty"],
    ['repo:bad tag', 'tag "bad tag" is not valid'],
    ['repo:-bad', 'tag "-bad" is not valid'],
    [`repo:${'t'.repeat(129)}`, 'is not valid'],
    ['repo@sha256:short', 'sha256 digest must be 64 lowercase hex characters'],
    [
      `repo@sha256:${'A'.repeat(64)}`,
      'sha256 digest must be 64 lowercase hex characters',
    ],
    ['repo@nodigest', 'must be "algorithm:hex"'],
    [`repo@1sha:${'a'.repeat(32)}`, 'digest algorithm "1sha" is not valid'],
    ['repo@md5:abc', 'md5 digest must be at least 32 hex characters'],
    [':tag', 'repository name is empty'],
    ['repo/', 'repository component "" is not valid'],
    ['-repo', 'repository component "-repo" is not valid'],
    ['a..b', 'repository component "a..b" is not valid'],
    ['a___b', 'repository component "a___b" is not valid'],
    [
      'bad_host.io:port/app',
      'registry "bad_host.io:port" is not a valid host[:port]',
    ],
    [`${'a'.repeat(256)}`, 'longer than 255 characters'],
  ])('rejects %s', (reference, message) => {
    expect(() => parseImageReference(reference)).toThrow(
      InvalidImageReferenceError,
    );
    expect(() => parseImageReference(reference)).toThrow(
      `Invalid image reference "${reference}": `,
    );
    expect(() => parseImageReference(reference)).toThrow(message);
  });
});

describe('tryParseImageReference', () => {
  it.each<[string, ImageReference | undefined]>([
    [
      'nginx',
      { registry: 'docker.io', repository: 'library/nginx', tag: 'latest' },
    ],
    ['UPPER/case', undefined],
    ['', undefined],
  ])('answers for %s', (reference, expected) => {
    expect(tryParseImageReference(reference)).toEqual(expected);
  });
});

describe('normalizeImageReference', () => {
  it.each<[string, string]>([
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1', 'docker.io/library/nginx:1'],
    ['index.docker.io/library/nginx:1', 'docker.io/library/nginx:1'],
    ['acme/api:2', 'docker.io/acme/api:2'],
    ['ghcr.io/acme/api:1.2.3', 'ghcr.io/acme/api:1.2.3'],
    ['localhost:5000/x:1', 'localhost:5000/x:1'],
    [`repo@${SHA_A}`, `docker.io/library/repo@${SHA_A}`],
    [`repo:tag@${SHA_A}`, `docker.io/library/repo:tag@${SHA_A}`],
  ])('normalizes %s to %s', (reference, expected) => {
    expect(normalizeImageReference(reference)).toBe(expected);
    // Normalizing is idempotent: the full form parses back to itself.
    expect(normalizeImageReference(expected)).toBe(expected);
  });

  it('makes equivalent spellings equal', () => {
    expect(normalizeImageReference('index.docker.io/library/nginx:1')).toBe(
      normalizeImageReference('nginx:1'),
    );
  });
});

describe('formatImageReference and imageRepositoryKey', () => {
  it.each<[string, ImageReference, string, string]>([
    [
      'a tag',
      { registry: 'ghcr.io', repository: 'acme/api', tag: '1' },
      'ghcr.io/acme/api:1',
      'ghcr.io/acme/api',
    ],
    [
      'a digest',
      { registry: 'docker.io', repository: 'library/x', digest: SHA_A },
      `docker.io/library/x@${SHA_A}`,
      'docker.io/library/x',
    ],
    [
      'neither',
      { registry: 'localhost:5000', repository: 'x' },
      'localhost:5000/x',
      'localhost:5000/x',
    ],
  ])('formats a reference with %s', (_title, image, formatted, key) => {
    expect(formatImageReference(image)).toBe(formatted);
    expect(imageRepositoryKey(image)).toBe(key);
  });
});

describe('imageSatisfies', () => {
  it.each<[string, string, string, boolean]>([
    ['tag match', 'acme/api:2', 'docker.io/acme/api:2', true],
    [
      'tag match across spellings',
      'nginx',
      'index.docker.io/library/nginx:latest',
      true,
    ],
    ['tag mismatch', 'acme/api:2', 'acme/api:1', false],
    ['digest match', `acme/api@${SHA_A}`, `acme/api@${SHA_A}`, true],
    [
      'digest match with a tag beside it',
      `acme/api@${SHA_A}`,
      `acme/api:2@${SHA_A}`,
      true,
    ],
    [
      'digest match whatever the expected tag',
      `acme/api:9@${SHA_A}`,
      `acme/api:2@${SHA_A}`,
      true,
    ],
    [
      'digest and tag expected, running only by that digest',
      `acme/api:2@${SHA_A}`,
      `acme/api@${SHA_A}`,
      true,
    ],
    [
      'digest expected, running by tag and digest (ghcr path)',
      `ghcr.io/acme/releases/api@${SHA_A}`,
      `ghcr.io/acme/releases/api:1.4.0@${SHA_A}`,
      true,
    ],
    ['digest mismatch', `acme/api@${SHA_A}`, `acme/api@${SHA_B}`, false],
    [
      'digest and tag expected, another digest running under that tag',
      `acme/api:2@${SHA_A}`,
      `acme/api:2@${SHA_B}`,
      false,
    ],
    [
      'digest expected, only a tag running',
      `acme/api@${SHA_A}`,
      'acme/api:2',
      false,
    ],
    [
      'tag expected, running pinned with that tag',
      'acme/api:2',
      `acme/api:2@${SHA_A}`,
      true,
    ],
    [
      'tag expected, running only by digest',
      'acme/api:2',
      `acme/api@${SHA_A}`,
      false,
    ],
    ['different repository', 'acme/api:2', 'acme/web:2', false],
    ['different registry', 'ghcr.io/acme/api:2', 'acme/api:2', false],
  ])('%s', (_title, expected, running, satisfied) => {
    expect(
      imageSatisfies(
        parseImageReference(expected),
        parseImageReference(running),
      ),
    ).toBe(satisfied);
  });

  it('treats a hand-built reference without tag or digest as latest', () => {
    const expected: ImageReference = {
      registry: 'docker.io',
      repository: 'library/nginx',
    };
    expect(imageSatisfies(expected, parseImageReference('nginx'))).toBe(true);
  });
});
