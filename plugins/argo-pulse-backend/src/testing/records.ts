import type { ApplicationKey, DeploymentRecord } from '../database/types';

/** An application in the `argocd` namespace of the instance `prod`. */
export const prodKey = (name: string): ApplicationKey => ({
  instance: 'prod',
  namespace: 'argocd',
  name,
});

/**
 * A deployment of `application` on `prod` from one git source, its images
 * not read yet: each test gives when, at which revisions, and what else it is
 * about.
 */
export function deploymentRecord(
  application: string,
  fields: Pick<DeploymentRecord, 'finishedAt' | 'revisions'> &
    Partial<DeploymentRecord>,
): DeploymentRecord {
  return {
    instance: 'prod',
    namespace: 'argocd',
    application,
    sources: [
      { repoURL: 'https://git.example.com/deploy.git', path: application },
    ],
    images: [],
    imagesSettled: false,
    ...fields,
  };
}
