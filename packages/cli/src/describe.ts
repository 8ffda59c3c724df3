import type {
  ArgoPulseExpectation,
  EntityExpectationsResponse,
} from '@argo-pulse/backstage-plugin-common';

/**
 * When an entity's expectation was posted without --instance and reaches
 * several instances, which ones: every environment at once is rarely what a
 * pipeline meant, so it is said, not done silently.
 */
export function targetsNotice(
  body: Record<string, unknown>,
  expectation: ArgoPulseExpectation,
): string | undefined {
  if (!body.entityRef || body.instances || body.application) return undefined;
  const instances = [...new Set(expectation.applications.map(a => a.instance))];
  if (instances.length < 2) return undefined;
  return `targeting every instance of ${
    expectation.entityRef
  }: ${instances.join(', ')} (narrow it with --instance)`;
}

/** One line per expectation, newest first: when, state (and reason), images, id. */
export function describeList(page: EntityExpectationsResponse): string[] {
  if (page.items.length === 0) return [`no expectations for ${page.entityRef}`];
  const lines = page.items.map(e => {
    const state = e.reason ? `${e.state} (${e.reason})` : e.state;
    const where = [...new Set(e.applications.map(a => a.instance))].join(',');
    return `${e.createdAt}  ${state.padEnd(30)}  ${where.padEnd(
      18,
    )}  ${e.images.join(', ')}  ${e.id}`;
  });
  const more =
    page.nextOffset !== undefined
      ? [`… ${page.total - page.items.length} more (--limit)`]
      : [];
  return [...lines, ...more];
}
