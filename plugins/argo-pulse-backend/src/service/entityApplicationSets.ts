import type {
  ArgoPulseApplicationOverview,
  ArgoPulseApplicationSet,
} from '@argo-pulse/backstage-plugin-common';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';

/**
 * The ApplicationSets that generated an entity's applications, each with
 * only the entity's applications among its own, and without Argo CD's health
 * message: the others may belong to entities the caller may not read.
 */
export async function entityApplicationSets(
  store: ArgoPulseStore,
  applications: ArgoPulseApplicationOverview[],
): Promise<ArgoPulseApplicationSet[]> {
  const keys = new Map<string, { instance: string; name: string }>();
  for (const app of applications)
    if (app.applicationSet)
      keys.set(`${app.instance}/${app.applicationSet}`, {
        instance: app.instance,
        name: app.applicationSet,
      });
  if (keys.size === 0) return [];
  const sets = await store.getApplicationSets([...keys.values()]);
  return sets.map(({ health, ...set }) => ({
    ...set,
    // Argo CD's message may name another application of the set.
    ...(health ? { health: { status: health.status } } : {}),
    applications: set.applications.filter(generated =>
      applications.some(
        app =>
          app.instance === set.instance &&
          app.applicationSet === set.name &&
          app.name === generated.name,
      ),
    ),
  }));
}
