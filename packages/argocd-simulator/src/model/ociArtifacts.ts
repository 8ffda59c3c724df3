import type {
  ArgoCdApplicationSource,
  ArgoCdOCIMetadata,
} from '@argo-pulse/backstage-plugin-common';
import { authorFor } from './commits';
import { sha256Hex } from './ids';

/**
 * OCI sources (Argo CD 3.1+): `repoURL: oci://registry/path`, `targetRevision` a tag or a
 * semver range. CI publishes a release bundle (manifests or a Helm chart set to the images it
 * built) and Argo CD records the manifest digest it resolved, `sha256:<64 hex>`, as the
 * revision. What Argo CD knows about that digest comes from the artifact's
 * `org.opencontainers.image.*` annotations, as `GET .../revisions/{digest}/ocimetadata` answers.
 */

/** Whether a source is an OCI artifact (`oci://…`) rather than git or a Helm repository. */
export function isOciSource(source: ArgoCdApplicationSource): boolean {
  return source.repoURL?.startsWith('oci://') ?? false;
}

/** A new manifest digest for an application's OCI source, unique per counter. */
export function nextOciDigest(
  instance: string,
  appName: string,
  sourceIndex: number,
  counter: number,
): string {
  return `sha256:${sha256Hex('oci', instance, appName, sourceIndex, counter)}`;
}

/**
 * The git repository the bundle was built from (`org.opencontainers.image.source`), on GitHub
 * under the registry path's first component: `oci://ghcr.io/acme/releases/payments-api` →
 * `https://github.com/acme/payments-api`; a bundle at the registry's top level, on the
 * registry's host.
 */
export function ociSourceUrl(repoURL: string): string {
  const [registry, ...path] = repoURL.replace(/^oci:\/\//, '').split('/');
  const name = path[path.length - 1];
  return path.length > 1
    ? `https://github.com/${path[0]}/${name}`
    : `https://${registry}/${name}`;
}

/**
 * The tag `stepsBack` releases before `version`, counting ten patches to a minor
 * (`1.4.2`, 2 → `1.4.0`; `1.4.0`, 1 → `1.3.9`); a suffix when it is not semver.
 */
export function earlierVersion(version: string, stepsBack: number): string {
  if (stepsBack === 0) return version;
  const match = /^(v?\d+)\.(\d+)\.(\d+)$/.exec(version);
  const release = match
    ? Number(match[2]) * 10 + Number(match[3]) - stepsBack
    : -1;
  if (match && release >= 0)
    return `${match[1]}.${Math.floor(release / 10)}.${release % 10}`;
  return `${version}-${stepsBack}`;
}

/**
 * The tag an OCI source's `targetRevision` resolves to when the scenario starts: the tag itself,
 * else the lowest version a range names (`^1.4.0`, `1.4.*` → `1.4.0`), else `1.0.0`.
 */
export function releasedVersion(targetRevision: string | undefined): string {
  if (isExactTag(targetRevision)) return targetRevision!;
  const [major, minor = '0', patch = '0'] =
    /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(targetRevision ?? '')?.slice(1) ?? [];
  return major === undefined ? '1.0.0' : `${major}.${minor}.${patch}`;
}

/** Whether `targetRevision` pins one tag (CI moves it), rather than a semver range Argo CD resolves. */
export function isExactTag(targetRevision: string | undefined): boolean {
  return (
    !!targetRevision && /^v?\d+\.\d+\.\d+([-+][\w.-]+)?$/.test(targetRevision)
  );
}

/** The OCI metadata Argo CD reads from a release bundle's annotations. */
export function ociMetadata(options: {
  repoURL: string;
  digest: string;
  version: string;
  createdAt: string;
  images: string[];
  authors?: string;
  description?: string;
}): ArgoCdOCIMetadata {
  const { repoURL, digest, version, images } = options;
  const name = repoURL.split('/').pop();
  return {
    createdAt: options.createdAt,
    authors: options.authors ?? authorFor(digest.replace(/^sha256:/, '')),
    sourceUrl: ociSourceUrl(repoURL),
    version,
    description:
      options.description ??
      `Release bundle ${name} ${version}: ${images.join(', ')}`,
  };
}
