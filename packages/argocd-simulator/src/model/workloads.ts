import { tryParseImageReference } from '@argo-pulse/backstage-plugin-common';

/**
 * The simulator runs one Deployment per image. Its name is the image
 * repository's last path component, so `ghcr.io/acme/payments-api:1.2`
 * runs as Deployment `payments-api`.
 */
export function workloadNameForImage(image: string): string {
  const parsed = tryParseImageReference(image);
  const repository = parsed?.repository ?? image.split(/[:@]/)[0];
  return repository.split('/').pop()!;
}

/** The repository part of an image as written (without tag or digest), for pairing old and new images. */
export function repositoryOf(image: string): string {
  const parsed = tryParseImageReference(image);
  return parsed
    ? `${parsed.registry}/${parsed.repository}`
    : image.split(/[:@]/)[0];
}

/**
 * The images after a rollout: each new image replaces the running image of
 * the same repository; images of other repositories keep running.
 */
export function imagesAfterRollout(
  running: string[],
  incoming: string[],
): string[] {
  const replaced = new Set(incoming.map(repositoryOf));
  return [
    ...running.filter(image => !replaced.has(repositoryOf(image))),
    ...incoming,
  ];
}
