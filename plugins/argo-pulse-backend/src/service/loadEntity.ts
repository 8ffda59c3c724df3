import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * `kind:namespace/name` in full; the kind defaults to `defaultKind`
 * (component) and the namespace to default. An invalid one is a 400 that
 * calls it `what` (an entity reference).
 */
export function normalizeEntityRef(
  ref: string | { kind: string; namespace: string; name: string },
  options: { defaultKind?: string; what?: string } = {},
): string {
  if (typeof ref !== 'string') return stringifyEntityRef(ref);
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, {
        defaultKind: options.defaultKind ?? 'component',
        defaultNamespace: 'default',
      }),
    );
  } catch (error) {
    throw new InputError(
      `Invalid ${options.what ?? 'entity reference'} "${ref}": ${
        (error as Error).message
      }`,
    );
  }
}

/**
 * Reads an entity with the caller's credentials, so the catalog's own
 * permissions apply: an entity the caller may not see is as unknown as one
 * that does not exist (404).
 */
export async function loadEntity(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  entityRef: string;
}): Promise<Entity> {
  const entity = await options.catalog.getEntityByRef(options.entityRef, {
    credentials: options.credentials,
  });
  if (!entity) throw new NotFoundError(`No entity ${options.entityRef}`);
  return entity;
}
