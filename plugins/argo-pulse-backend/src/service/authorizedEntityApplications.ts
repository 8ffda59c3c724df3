import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ArgoPulseStore } from '../database/ArgoPulseStore';
import { readEntityTarget } from '../entities/entityTarget';
import {
  resolveEntityApplications,
  ResolvedApplications,
} from '../entities/resolveEntityApplications';
import { requireEntityPermission } from './authorizeEntity';
import { loadEntity } from './loadEntity';

/**
 * An entity's applications for a caller who holds `permission` on it, the
 * one way the routes and the registry's actions reach them: the entity read
 * with the caller's credentials (404 when they may not see it), the
 * permission checked on it (403), its annotations resolved against the
 * store. Annotations that cannot be read give no applications and say why
 * (`problem`).
 */
export async function authorizedEntityApplications(options: {
  catalog: CatalogService;
  permissions: PermissionsService;
  store: ArgoPulseStore;
  configuredInstances: string[];
  credentials: BackstageCredentials;
  /** In full, `kind:namespace/name`. */
  entityRef: string;
  permission: ResourcePermission<'catalog-entity'>;
}): Promise<ResolvedApplications> {
  const { catalog, permissions, credentials, entityRef, permission } = options;
  const entity = await loadEntity({ catalog, credentials, entityRef });
  await requireEntityPermission({
    permissions,
    credentials,
    permission,
    entityRef,
  });
  const target = readEntityTarget(entity);
  return target.kind === 'target'
    ? resolveEntityApplications({
        store: options.store,
        target: target.target,
        configuredInstances: options.configuredInstances,
      })
    : { applications: [], instances: [], problem: target.problem };
}
