import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { LRUCache } from 'lru-cache';

/** How long an entity read for a caller is reused: a page view reads it for each card, and again on each change signal. */
export const ENTITY_READ_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

/** Whose view of the catalog a read is: a user's, a service's, or nobody's. */
function principalKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return `${principal.type}:${
    principal.userEntityRef ?? principal.subject ?? ''
  }`;
}

/**
 * The catalog, with `getEntityByRef` answered from a short-lived cache per
 * caller and entity. Each read otherwise costs a signed token, an HTTP
 * request to the catalog (and its permission check), and a log line: the
 * largest part of a page view's cost. The same caller reading the same
 * entity within `ttlMs` shares one read, including reads in flight. An
 * entity the catalog does not show is not cached, so a newly registered
 * one is seen at once; a change to an entity, or to who may see it, shows
 * within `ttlMs`.
 */
export function withEntityReadCache(
  catalog: CatalogService,
  options: { ttlMs?: number; now?: () => number } = {},
): CatalogService {
  const cache = new LRUCache<
    string,
    Entity,
    { entityRef: string; credentials: BackstageCredentials }
  >({
    max: MAX_ENTRIES,
    ttl: options.ttlMs ?? ENTITY_READ_TTL_MS,
    ...(options.now ? { perf: { now: options.now }, ttlResolution: 0 } : {}),
    fetchMethod: async (_key, _stale, { context }) =>
      catalog.getEntityByRef(context.entityRef, {
        credentials: context.credentials,
      }),
  });
  const getEntityByRef: CatalogService['getEntityByRef'] = async (
    entityRef,
    { credentials },
  ) => {
    const ref = typeof entityRef === 'string' ? entityRef : undefined;
    if (!ref) return catalog.getEntityByRef(entityRef, { credentials });
    return cache.fetch(`${principalKey(credentials)} ${ref}`, {
      context: { entityRef: ref, credentials },
    });
  };
  // Every other method is the catalog's own.
  return new Proxy(catalog, {
    get(target, property) {
      if (property === 'getEntityByRef') return getEntityByRef;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
