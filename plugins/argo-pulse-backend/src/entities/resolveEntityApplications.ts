import type { ArgoPulseEntityTarget } from '@argo-pulse/backstage-plugin-common';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import type { ApplicationIndexEntry } from '../database/types';
import { selectApplications } from './selectApplications';

/** The applications an entity's annotations point at, and what is wrong with them, if anything. */
export interface ResolvedApplications {
  applications: ApplicationIndexEntry[];
  /** Instances the entity's applications may live in. */
  instances: string[];
  problem?: string;
}

/**
 * Resolves an entity's Argo CD annotations against the store, locally: app
 * names or a label selector, narrowed by instance, project and namespace.
 * Never calls Argo CD.
 */
export async function resolveEntityApplications(options: {
  store: ArgoPulseStore;
  target: ArgoPulseEntityTarget;
  configuredInstances: string[];
}): Promise<ResolvedApplications> {
  const { store, target, configuredInstances } = options;
  const unknown = (target.instances ?? []).filter(
    name => !configuredInstances.includes(name),
  );
  const instances = target.instances
    ? target.instances.filter(name => configuredInstances.includes(name))
    : configuredInstances;
  const problem = unknown.length
    ? `argocd/instance-name names ${unknown
        .map(n => `"${n}"`)
        .join(', ')}, which ${
        unknown.length > 1 ? 'are' : 'is'
      } not configured (known: ${configuredInstances.join(', ')})`
    : undefined;
  if (instances.length === 0) return { applications: [], instances, problem };

  const candidates = await store.listApplicationIndex({
    instances,
    names: target.appNames,
  });
  const applications = selectApplications(target, candidates);
  return {
    applications: inEnvironmentOrder(applications, instances, target.appNames),
    instances,
    problem,
  };
}

/**
 * Applications in the order a reader expects environments: by instance, in
 * the annotation's or else the configuration's order (dev, staging, prod),
 * then by the order of the annotation's app names, then by name.
 */
function inEnvironmentOrder(
  applications: ApplicationIndexEntry[],
  instances: string[],
  appNames: string[] | undefined,
): ApplicationIndexEntry[] {
  const rank = (list: string[] | undefined, value: string) => {
    const index = list?.indexOf(value) ?? -1;
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  };
  return [...applications].sort(
    (a, b) =>
      rank(instances, a.instance) - rank(instances, b.instance) ||
      rank(appNames, a.name) - rank(appNames, b.name) ||
      a.namespace.localeCompare(b.namespace) ||
      a.name.localeCompare(b.name),
  );
}
