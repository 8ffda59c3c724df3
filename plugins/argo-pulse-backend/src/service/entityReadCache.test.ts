import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { withEntityReadCache } from './entityReadCache';

const ENTITY = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api' },
} as Entity;

/** A catalog that counts its reads, showing payments-api only (and to everyone). */
function countingCatalog() {
  const reads: string[] = [];
  const catalog = {
    getEntityByRef: vi.fn(async (ref: string) => {
      reads.push(ref);
      return ref === 'component:default/payments-api' ? ENTITY : undefined;
    }),
    queryEntities: vi.fn(async () => ({ items: [], totalItems: 0 })),
  } as unknown as CatalogService;
  return { catalog, reads };
}

describe('withEntityReadCache', () => {
  const alice = { credentials: mockCredentials.user('user:default/alice') };
  const bob = { credentials: mockCredentials.user('user:default/bob') };

  it('reads an entity once per caller within the TTL, reads in flight included, then again', async () => {
    let now = 1_000; // lru-cache takes a start time of 0 as "never stale"
    const { catalog, reads } = countingCatalog();
    const cached = withEntityReadCache(catalog, {
      ttlMs: 5_000,
      now: () => now,
    });
    const ref = 'component:default/payments-api';
    const concurrent = await Promise.all([
      cached.getEntityByRef(ref, alice),
      cached.getEntityByRef(ref, alice),
    ]);
    expect(concurrent).toEqual([ENTITY, ENTITY]);
    now = 5_999;
    await cached.getEntityByRef(ref, alice);
    expect(reads).toHaveLength(1);
    // Another caller's view of the catalog is their own.
    await cached.getEntityByRef(ref, bob);
    expect(reads).toHaveLength(2);
    now = 6_001;
    await cached.getEntityByRef(ref, alice);
    expect(reads).toHaveLength(3);
  });

  it('does not keep "not found", so a new entity shows at once; the rest of the catalog is its own', async () => {
    const { catalog, reads } = countingCatalog();
    const cached = withEntityReadCache(catalog);
    const ref = 'component:default/brand-new';
    expect(await cached.getEntityByRef(ref, alice)).toBeUndefined();
    expect(await cached.getEntityByRef(ref, alice)).toBeUndefined();
    expect(reads).toEqual([ref, ref]);
    await cached.queryEntities({}, alice);
    expect(catalog.queryEntities).toHaveBeenCalledWith({}, alice);
  });
});
