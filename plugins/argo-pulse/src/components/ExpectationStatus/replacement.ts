import {
  imageRepositoryKey,
  imageSatisfies,
  tryParseImageReference,
} from '@argo-pulse/backstage-plugin-common';

/**
 * What runs instead of a deployed expectation's images, or undefined while
 * they still run: the running images of the expected repositories, when none
 * of them satisfies the expected one (a rollback, a hotfix without CI).
 */
export function replacedBy(
  expectedImages: string[],
  runningImages: string[],
): string[] | undefined {
  const running = runningImages.flatMap(image => {
    const parsed = tryParseImageReference(image);
    return parsed ? [{ image, parsed }] : [];
  });
  const replacements = expectedImages.flatMap(image => {
    const expected = tryParseImageReference(image);
    if (!expected) return [];
    const sameRepository = running.filter(
      r => imageRepositoryKey(r.parsed) === imageRepositoryKey(expected),
    );
    if (
      sameRepository.length === 0 ||
      sameRepository.some(r => imageSatisfies(expected, r.parsed))
    )
      return [];
    return sameRepository.map(r => r.image);
  });
  return replacements.length ? [...new Set(replacements)] : undefined;
}
