import type {
  ArgoPulseMatrixDrift,
  ArgoPulseMatrixRow,
} from '@argo-pulse/backstage-plugin-common';
import type { EnvironmentConfig } from '../config/readEnvironments';
import { environmentOf } from '../config/readEnvironments';
import {
  ArgoPulseStore,
  applicationKeyString,
} from '../database/ArgoPulseStore';
import type { ApplicationKey } from '../database/types';
import { buildVersionMatrix, MatrixApplication } from './versionMatrix';

/** History entries read per application for the matrix: enough to find when a version started and what ran before. */
const HISTORY_DEPTH = 100;

/**
 * Stored applications placed in their environment (else their instance),
 * with what they run and their recent history: two queries, whatever the
 * number of applications.
 */
export async function matrixApplications(
  store: ArgoPulseStore,
  keys: ApplicationKey[],
  environments: EnvironmentConfig[],
): Promise<MatrixApplication[]> {
  const stored = await store.getApplications(keys);
  const history = await store.getRecentImages(keys, HISTORY_DEPTH);
  return stored.map(({ snapshot }) => {
    const environment = environments.length
      ? environmentOf(environments, {
          instance: snapshot.instance,
          destinationNamespace: snapshot.destination.namespace,
        })
      : undefined;
    return {
      key: {
        instance: snapshot.instance,
        namespace: snapshot.namespace,
        name: snapshot.name,
      },
      environment: environment ?? snapshot.instance,
      images: snapshot.images,
      history: history.get(applicationKeyString(snapshot)) ?? [],
    };
  });
}

/**
 * The matrix's columns: the configured environments in order, then (so
 * nothing is hidden) an instance's name for applications in no environment;
 * without environments, the instances in `instances`' order.
 */
export function matrixColumns(
  environments: EnvironmentConfig[],
  instances: string[],
  apps: MatrixApplication[],
): string[] {
  if (!environments.length) return instances;
  const configured = environments.map(e => e.name);
  return [
    ...configured,
    ...instances.filter(
      instance =>
        !configured.includes(instance) &&
        apps.some(app => app.environment === instance),
    ),
  ];
}

/** The version matrix of an entity's applications; `instances` are the entity's, in configuration order. */
export async function entityVersionMatrix(options: {
  store: ArgoPulseStore;
  applications: ApplicationKey[];
  instances: string[];
  environments: EnvironmentConfig[];
}): Promise<{
  environments: string[];
  rows: ArgoPulseMatrixRow[];
  drift: ArgoPulseMatrixDrift[];
}> {
  const apps = await matrixApplications(
    options.store,
    options.applications,
    options.environments,
  );
  const columns = matrixColumns(options.environments, options.instances, apps);
  return { environments: columns, ...buildVersionMatrix(columns, apps) };
}
