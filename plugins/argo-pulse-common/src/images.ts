// Docker/OCI image references. CI posts the images it expects and Argo CD
// reports the images it runs, each in whatever shorthand its author liked
// (`nginx`, `docker.io/library/nginx:latest`, …). Comparing them needs one
// normalized form, built here after the distribution/reference grammar.

/**
 * A parsed, normalized image reference.
 *
 * @public
 */
export interface ImageReference {
  /** The registry host (and port), lowercase; `docker.io` for Docker Hub. */
  registry: string;
  /** The path inside the registry; `library/<name>` for official Docker Hub images. */
  repository: string;
  /** The tag; `latest` when the reference gave neither tag nor digest. */
  tag?: string;
  /** The content digest, such as `sha256:…`. */
  digest?: string;
}

/**
 * Thrown when text is not an image reference; the message says what is wrong
 * and quotes the input.
 *
 * @public
 */
export class InvalidImageReferenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidImageReferenceError';
  }
}

const DOCKER_HUB = 'docker.io';
// Both are Docker Hub under older names that still appear in manifests.
const DOCKER_HUB_ALIASES = new Set(['index.docker.io', 'registry-1.docker.io']);
const DEFAULT_TAG = 'latest';
const MAX_NAME_LENGTH = 255;

const DOMAIN_COMPONENT = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
const DOMAIN = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?$`,
);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST_ALGORITHM =
  /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*$/;
const GENERIC_DIGEST_HEX = /^[0-9a-fA-F]{32,}$/;
const LOWERCASE_HEX = /^[0-9a-f]+$/;
// Registered algorithms have a fixed length and lowercase hex, so a
// truncated or upper-cased digest is caught here rather than never matching.
// A Map, not an object literal, so that `constructor:…` finds nothing.
const KNOWN_DIGEST_LENGTHS = new Map([
  ['sha256', 64],
  ['sha384', 96],
  ['sha512', 128],
]);

function invalid(
  reference: string,
  problem: string,
): InvalidImageReferenceError {
  return new InvalidImageReferenceError(
    `Invalid image reference "${reference}": ${problem}`,
  );
}

function checkDigest(reference: string, digest: string): void {
  const colon = digest.indexOf(':');
  if (colon === -1) {
    throw invalid(reference, `digest "${digest}" must be "algorithm:hex"`);
  }
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  if (!DIGEST_ALGORITHM.test(algorithm)) {
    throw invalid(reference, `digest algorithm "${algorithm}" is not valid`);
  }
  const length = KNOWN_DIGEST_LENGTHS.get(algorithm);
  if (length !== undefined) {
    if (hex.length !== length || !LOWERCASE_HEX.test(hex)) {
      throw invalid(
        reference,
        `${algorithm} digest must be ${length} lowercase hex characters`,
      );
    }
  } else if (!GENERIC_DIGEST_HEX.test(hex)) {
    throw invalid(
      reference,
      `${algorithm} digest must be at least 32 hex characters`,
    );
  }
}

function checkTag(reference: string, tag: string): void {
  if (tag === '') {
    throw invalid(reference, "tag after ':' is empty");
  }
  if (!TAG.test(tag)) {
    throw invalid(
      reference,
      `tag "${tag}" is not valid (up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-')`,
    );
  }
}

/** Splits `name` into registry and repository, with Docker Hub defaults. */
function splitName(
  reference: string,
  name: string,
): { registry: string; repository: string } {
  if (name === '') {
    throw invalid(reference, 'repository name is empty');
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw invalid(
      reference,
      `name is longer than ${MAX_NAME_LENGTH} characters`,
    );
  }
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  // Docker's rule: the first component names a registry only when it looks
  // like a host; otherwise `acme/api` is a Docker Hub repository.
  const hasDomain =
    first.includes('.') || first.includes(':') || first === 'localhost';
  let registry = hasDomain ? first.toLowerCase() : DOCKER_HUB;
  const path = hasDomain ? name.slice(slash + 1) : name;
  if (hasDomain && !DOMAIN.test(first)) {
    throw invalid(reference, `registry "${first}" is not a valid host[:port]`);
  }
  for (const component of path.split('/')) {
    if (component.toLowerCase() !== component) {
      throw invalid(reference, `repository "${path}" must be lowercase`);
    }
    if (!PATH_COMPONENT.test(component)) {
      throw invalid(
        reference,
        `repository component "${component}" is not valid (lowercase letters and digits, separated by '.', '_', '__' or '-')`,
      );
    }
  }
  if (DOCKER_HUB_ALIASES.has(registry)) {
    registry = DOCKER_HUB;
  }
  const repository =
    registry === DOCKER_HUB && !path.includes('/') ? `library/${path}` : path;
  return { registry, repository };
}

/**
 * Parses and normalizes an image reference such as `nginx`,
 * `ghcr.io/acme/api:1.2.3` or `localhost:5000/app@sha256:…`. Surrounding
 * whitespace is ignored.
 *
 * @throws {@link InvalidImageReferenceError} when the text is not a valid reference.
 * @public
 */
export function parseImageReference(reference: string): ImageReference {
  const text = reference.trim();
  if (text === '') {
    throw invalid(reference, 'it is empty');
  }
  const at = text.indexOf('@');
  const withoutDigest = at === -1 ? text : text.slice(0, at);
  const digest = at === -1 ? undefined : text.slice(at + 1);
  if (digest !== undefined) {
    checkDigest(reference, digest);
  }
  // A ':' after the last '/' starts the tag; one before it is a registry port.
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > withoutDigest.lastIndexOf('/');
  const name = hasTag ? withoutDigest.slice(0, colon) : withoutDigest;
  let tag = hasTag ? withoutDigest.slice(colon + 1) : undefined;
  if (tag !== undefined) {
    checkTag(reference, tag);
  }
  const { registry, repository } = splitName(reference, name);
  if (tag === undefined && digest === undefined) {
    tag = DEFAULT_TAG;
  }
  return {
    registry,
    repository,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/**
 * Like {@link parseImageReference}, but answers `undefined` instead of
 * throwing, for images reported by Argo CD that need not be well formed.
 *
 * @public
 */
export function tryParseImageReference(
  reference: string,
): ImageReference | undefined {
  try {
    return parseImageReference(reference);
  } catch (error) {
    if (error instanceof InvalidImageReferenceError) {
      return undefined;
    }
    throw error;
  }
}

/**
 * Writes an image reference in full: `registry/repository[:tag][@digest]`.
 *
 * @public
 */
export function formatImageReference(image: ImageReference): string {
  const tag = image.tag !== undefined ? `:${image.tag}` : '';
  const digest = image.digest !== undefined ? `@${image.digest}` : '';
  return `${imageRepositoryKey(image)}${tag}${digest}`;
}

/**
 * The fully qualified form of a reference, so that `nginx` and
 * `docker.io/library/nginx:latest` compare equal as strings.
 *
 * @throws {@link InvalidImageReferenceError} when the text is not a valid reference.
 * @public
 */
export function normalizeImageReference(reference: string): string {
  return formatImageReference(parseImageReference(reference));
}

/**
 * Returns `registry/repository`, which identifies "the same repository"
 * whatever the tag or digest, e.g. to find an older tag still running during
 * a rollout.
 *
 * @public
 */
export function imageRepositoryKey(image: ImageReference): string {
  return `${image.registry}/${image.repository}`;
}

// A hand-built reference with neither tag nor digest means what parsing
// would have made of it: `latest`.
function effectiveTag(image: ImageReference): string | undefined {
  return image.tag ?? (image.digest === undefined ? DEFAULT_TAG : undefined);
}

/**
 * Whether a running image satisfies an expected one: same repository, and
 * the same digest when the expected one is pinned by digest, otherwise the
 * same tag.
 *
 * @public
 */
export function imageSatisfies(
  expected: ImageReference,
  running: ImageReference,
): boolean {
  if (imageRepositoryKey(expected) !== imageRepositoryKey(running)) {
    return false;
  }
  if (expected.digest !== undefined) {
    // A digest names content exactly; the tag beside it is only a label.
    return running.digest === expected.digest;
  }
  return effectiveTag(running) === effectiveTag(expected);
}
