/**
 * The backend's parts, one by one, for this repository's benchmarks
 * (`bench/`), which time them without the plugin around them. Not part of
 * the published API: the package's entry point is `index.ts`, and nothing
 * here is in its `exports`. Change what is listed here freely, with the
 * benchmarks that use it.
 */
export { ArgoCdClient } from './argocd/ArgoCdClient';
export { RequestLimiter } from './argocd/RequestLimiter';
export { readArgoPulseConfig } from './config/readArgoPulseConfig';
export type { EnvironmentConfig } from './config/readEnvironments';
export { chunks } from './database/chunks';
export { DatabaseArgoPulseStore } from './database/DatabaseArgoPulseStore';
export { DatabaseLeases } from './database/DatabaseLeases';
export { deploymentRow } from './database/deploymentRows';
export type { StoredApplication } from './database/types';
export { portalFeed, type PortalFeedFilters } from './deployments/portalFeed';
export { DatabaseEntityIndex } from './entities/DatabaseEntityIndex';
export type { EntityAccess, EntityFilters } from './entities/entityFilters';
export type { EntityIndexEntry } from './entities/entityIndexEntries';
export { readEntityTarget } from './entities/entityTarget';
export { refreshEntityIndex } from './entities/refreshEntityIndex';
export { resolveEntityApplications } from './entities/resolveEntityApplications';
export { DatabaseExpectationStore } from './expectations/DatabaseExpectationStore';
export { portalVersionMatrix } from './matrix/portalVersionMatrix';
export { createArgoPulseMetrics } from './metrics/argoPulseMetrics';
export { DetailReader } from './polling/DetailReader';
export { InstancePoller } from './polling/InstancePoller';
export { StreamWatcher } from './polling/StreamWatcher';
