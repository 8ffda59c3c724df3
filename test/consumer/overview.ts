// What an entity's overview (GET …/entities/…/applications) answers once the README's setup works.

/** An application of the overview, as the simulator deployed it: Synced and Healthy; `more` adds to it. */
export function syncedAndHealthy(
  name: string,
  instance: string,
  more: Record<string, unknown> = {},
) {
  return expect.objectContaining({
    name,
    instance,
    sync: expect.objectContaining({ status: 'Synced' }),
    health: expect.objectContaining({ status: 'Healthy' }),
    ...more,
  });
}
