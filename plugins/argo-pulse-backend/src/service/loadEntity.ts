import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/** `kind:namespace/name` in full; the kind defaults to component and the namespace to default. */
export function normalizeEntityRef(ref: string | { kind: string; namespace: string; name: string }): string {
  if (typeof ref !== 'string') return stringifyEntityRef(ref);
  try {
    return stringifyEntityRef(parseEntityRef(ref, { defaultKind: 'component', defaultNamespace: 'default' }));
  } catch (error) {
    throw new InputError(`Invalid entity reference "${ref}": ${(error as Error).message}`);
  }
}

/**
 * Reads an entity with the caller's credentials, so the catalog's own
 * permissions apply: an entity the caller may not see is as unknown as one
 * that does not exist (404).
 */
export async function loadEntity(options: { catalog: CatalogService; credentials: BackstageCredentials; entityRef: string }): Promise<Entity> {
  const entity = await options.catalog.getEntityByRef(options.entityRef, { credentials: options.credentials });
  if (!entity) throw new NotFoundError(`No entity ${options.entityRef}`);
  return entity;
}
