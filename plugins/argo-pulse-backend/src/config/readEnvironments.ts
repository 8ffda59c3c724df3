import type { Config } from '@backstage/config';
import { Minimatch } from 'minimatch';
import { ArgoPulseConfigError } from './ArgoPulseConfigError';

/** Where an environment's applications live: an instance, and optionally a destination namespace pattern. */
export interface EnvironmentPlace {
  instance: string;
  /** A glob on the application's destination namespace (`payments-*`); any namespace when absent. */
  namespace?: Minimatch;
}

/** One environment of `argoPulse.environments`, in order (dev before staging before prod). */
export interface EnvironmentConfig {
  name: string;
  places: EnvironmentPlace[];
}

/**
 * Reads `argoPulse.environments`: each a `name` and where its applications
 * are, as `instances` (every application of those instances) and/or
 * `destinations` (`{ instance, namespace }`, the namespace a glob). Their
 * order is the rollout order. Absent: none (one column per instance).
 */
export function readEnvironments(
  config: Config | undefined,
  instanceNames: string[],
): EnvironmentConfig[] {
  const environments = (
    config?.getOptionalConfigArray('environments') ?? []
  ).map((environment, index) => {
    const key = `argoPulse.environments[${index}]`;
    const name = environment.getString('name').trim();
    if (!name)
      throw new ArgoPulseConfigError(`${key}.name`, 'must not be empty');
    const known = (instance: string, at: string) => {
      if (!instanceNames.includes(instance))
        throw new ArgoPulseConfigError(
          at,
          `"${instance}" is not one of argoPulse.instances`,
        );
      return instance;
    };
    const places: EnvironmentPlace[] = [
      ...(environment.getOptionalStringArray('instances') ?? []).map(
        (instance, i) => ({
          instance: known(instance, `${key}.instances[${i}]`),
        }),
      ),
      ...(environment.getOptionalConfigArray('destinations') ?? []).map(
        (destination, i) => {
          const namespace = destination.getOptionalString('namespace');
          return {
            instance: known(
              destination.getString('instance'),
              `${key}.destinations[${i}].instance`,
            ),
            ...(namespace ? { namespace: new Minimatch(namespace) } : {}),
          };
        },
      ),
    ];
    if (places.length === 0)
      throw new ArgoPulseConfigError(
        key,
        'give instances, destinations, or both',
      );
    return { name, places };
  });
  environments.forEach((environment, index) => {
    if (
      environments.findIndex(other => other.name === environment.name) !== index
    ) {
      throw new ArgoPulseConfigError(
        `argoPulse.environments[${index}].name`,
        `"${environment.name}" is used by another environment`,
      );
    }
  });
  return environments;
}

/** The environment of an application: the first, in order, with a place that holds it; undefined if none does. */
export function environmentOf(
  environments: EnvironmentConfig[],
  app: { instance: string; destinationNamespace?: string },
): string | undefined {
  return environments.find(environment =>
    environment.places.some(
      place =>
        place.instance === app.instance &&
        (!place.namespace ||
          place.namespace.match(app.destinationNamespace ?? '')),
    ),
  )?.name;
}
