import type { ArgoCdManifestResponse } from '@argo-pulse/backstage-plugin-common';
import { targetRollout } from './argoRollouts/rolloutManifest';
import { managedObjects, ManagedObject } from './resources';
import type { SimApplication } from './SimApplication';

/** One managed object as the Kubernetes manifest the repo server renders. */
function manifestOf(
  object: ManagedObject,
  app: SimApplication,
): Record<string, unknown> {
  if (object.kind === 'Rollout')
    return targetRollout(app.rollout!, app.doc.metadata.name!, object.images!);
  const apiVersion = object.group
    ? `${object.group}/${object.version}`
    : object.version;
  const metadata = {
    name: object.name,
    namespace: object.namespace,
    labels: { 'app.kubernetes.io/name': object.name },
  };
  if (object.kind === 'Deployment') {
    return {
      apiVersion,
      kind: object.kind,
      metadata,
      spec: {
        replicas: 2,
        selector: { matchLabels: metadata.labels },
        template: {
          metadata: { labels: metadata.labels },
          spec: {
            containers: [
              {
                name: object.name,
                image: object.image,
                ports: [{ containerPort: 8080 }],
              },
            ],
          },
        },
      },
    };
  }
  return {
    apiVersion,
    kind: object.kind,
    metadata,
    spec: {
      selector: metadata.labels,
      ports: [{ port: 80, targetPort: 8080 }],
    },
  };
}

/**
 * `GET /api/v1/applications/{name}/manifests` as Argo CD answers it: every
 * object as a JSON string, and the revision it resolved (the first one, as
 * Argo CD reports for a multi-source application).
 */
export function manifestsAt(
  app: SimApplication,
  images: string[],
  revisions: string[],
): ArgoCdManifestResponse {
  const namespace = app.doc.spec.destination?.namespace ?? '';
  return {
    manifests: managedObjects(images, namespace, app.rollout).map(object =>
      JSON.stringify(manifestOf(object, app)),
    ),
    namespace,
    server: app.doc.spec.destination?.server ?? '',
    revision: revisions[0],
    sourceType: app.doc.spec.source?.chart ? 'Helm' : 'Directory',
  };
}
