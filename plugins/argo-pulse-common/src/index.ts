/**
 * The shared contract of Argo Pulse: catalog annotation names, image
 * reference parsing, Kubernetes label selectors and Argo CD's own object
 * types. Isomorphic: used by the backend, the frontend and the CLI alike.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './applicationSets';
export * from './argocd';
export * from './expectations';
export * from './images';
export * from './insights';
export * from './operations';
export * from './permissions';
export * from './portalFeed';
export * from './rollouts';
export * from './selectors';
export * from './signals';
export * from './types';
export * from './versionMatrix';
