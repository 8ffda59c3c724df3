import type { ArgoCdRevisionMetadata } from '@argo-pulse/backstage-plugin-common';
import {
  HYDRATOR_AUTHOR,
  hydratedCommitMessage,
  hydratedRevisionFor,
} from './commits';
import type { SimApplication } from './SimApplication';

/**
 * The source hydrator renders a dry commit and commits the manifests to the sync
 * source's branch: `status.sourceHydrator` records the hydration (the current
 * operation and the last successful one, each with the dry and hydrated SHAs), and
 * both commits get metadata (the hydrated one is Argo CD's, naming the dry SHA).
 * Returns the hydrated SHA, which is what syncs and what the history records.
 */
export function hydrate(
  app: SimApplication,
  options: {
    instance: string;
    drySHA: string;
    dryCommit: ArgoCdRevisionMetadata;
    startedAt: string;
    finishedAt: string;
  },
): string {
  const { drySHA, dryCommit } = options;
  const hydratedSHA = hydratedRevisionFor(
    options.instance,
    app.doc.metadata.name!,
    drySHA,
  );
  app.commits.set(drySHA, dryCommit);
  app.commits.set(hydratedSHA, {
    author: HYDRATOR_AUTHOR,
    date: options.finishedAt,
    message: hydratedCommitMessage(drySHA, dryCommit.message),
    tags: [],
  });
  const sourceHydrator = structuredClone(app.doc.spec.sourceHydrator!);
  app.doc.status.sourceHydrator = {
    lastSuccessfulOperation: {
      drySHA,
      hydratedSHA,
      sourceHydrator: structuredClone(sourceHydrator),
    },
    currentOperation: {
      drySHA,
      hydratedSHA,
      phase: 'Hydrated',
      message: '',
      startedAt: options.startedAt,
      finishedAt: options.finishedAt,
      sourceHydrator,
    },
    lastComparedDryRevision: drySHA,
  };
  return hydratedSHA;
}
