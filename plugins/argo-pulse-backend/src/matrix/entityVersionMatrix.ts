import type { ArgoPulseMatrixDrift, ArgoPulseMatrixRow } from '@argo-pulse/backstage-plugin-common';
import type { EnvironmentConfig } from '../config/readEnvironments';
import { environmentOf } from '../config/readEnvironments';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import type { ApplicationKey } from '../database/types';
import { buildVersionMatrix, MatrixApplication } from './versionMatrix';

/** Deployments read per application for the matrix: enough to find when a version started and what ran before. */
const HISTORY_DEPTH = 100;

/**
 * The version matrix of an entity's applications. Columns: the configured
 * environments in order, then (so nothing is hidden) an instance's name for
 * applications in no environment; without environments, the entity's
 * instances in configuration order.
 */
export async function entityVersionMatrix(options: {
  store: ArgoPulseStore;
  applications: ApplicationKey[];
  instances: string[];
  environments: EnvironmentConfig[];
}): Promise<{ environments: string[]; rows: ArgoPulseMatrixRow[]; drift: ArgoPulseMatrixDrift[] }> {
  const { store, environments } = options;
  const stored = await store.getApplications(options.applications);
  const apps: MatrixApplication[] = await Promise.all(
    stored.map(async ({ snapshot }) => {
      const { items } = await store.getDeployments([snapshot], { limit: HISTORY_DEPTH, offset: 0 });
      const environment = environments.length ? environmentOf(environments, { instance: snapshot.instance, destinationNamespace: snapshot.destination.namespace }) : undefined;
      return {
        key: { instance: snapshot.instance, namespace: snapshot.namespace, name: snapshot.name },
        environment: environment ?? snapshot.instance,
        images: snapshot.images,
        history: items.filter(d => d.historyId !== undefined).map(d => ({ finishedAt: d.finishedAt, images: d.images })),
      };
    }),
  );
  const configured = environments.map(e => e.name);
  const extra = options.instances.filter(instance => !configured.includes(instance) && apps.some(app => app.environment === instance));
  const columns = environments.length ? [...configured, ...extra] : options.instances;
  return { environments: columns, ...buildVersionMatrix(columns, apps) };
}
