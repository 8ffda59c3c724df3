import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import type { ApplicationIndexEntry } from '../database/types';

/**
 * A store that knows only an application index, in memory: its query filters
 * by instances and names like the database's. It reads `applications` at each
 * call, so a test may add to it as Argo CD would.
 */
export function indexStore(
  applications: ApplicationIndexEntry[],
): ArgoPulseStore {
  return {
    listApplicationIndex: async ({
      instances,
      names,
    }: {
      instances?: string[];
      names?: string[];
    }) =>
      applications.filter(
        a =>
          (!instances || instances.includes(a.instance)) &&
          (!names || names.includes(a.name)),
      ),
  } as unknown as ArgoPulseStore;
}

/** An entry of the application index, in `argocd` and the default project unless told. */
export const indexEntry = (
  instance: string,
  name: string,
  fields: Partial<ApplicationIndexEntry> = {},
): ApplicationIndexEntry => ({
  instance,
  namespace: 'argocd',
  name,
  project: 'default',
  labels: {},
  ...fields,
});
