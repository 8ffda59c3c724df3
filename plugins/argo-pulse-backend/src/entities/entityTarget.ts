import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ARGO_PULSE_TARGET_ANNOTATIONS,
  ArgoPulseEntityTarget,
  readArgoPulseTarget,
} from '@argo-pulse/backstage-plugin-common';
import type { ApplicationIndexEntry } from '../database/types';
import { targetSelects } from './selectApplications';

/**
 * What an entity's `argocd/*` annotations ask for, read once: nothing, a
 * configuration problem in words, or a target with its selector compiled.
 */
export type EntityTarget =
  | { kind: 'none'; problem: string }
  | { kind: 'invalid'; problem: string }
  | {
      kind: 'target';
      target: ArgoPulseEntityTarget;
      selects: (app: ApplicationIndexEntry) => boolean;
    };

/** Targets read so far, by entity and annotations: most recently used last. */
const cache = new Map<string, EntityTarget>();
/** Well above the annotated entities of a large catalog; each entry is an annotation's size or less. */
const CACHE_ENTRIES = 20_000;

/**
 * The one reader of an entity's Argo CD target in the backend. Each version
 * of an entity's annotations is parsed once (validated and its selector
 * compiled), then served from a bounded cache: every page view and every
 * rebuild of the entity index reads targets.
 */
export function readEntityTarget(entity: Entity): EntityTarget {
  const key = JSON.stringify([
    stringifyEntityRef(entity),
    ...ARGO_PULSE_TARGET_ANNOTATIONS.map(
      a => entity.metadata.annotations?.[a] ?? null,
    ),
  ]);
  const cached = cache.get(key);
  if (cached) {
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const target = parseEntityTarget(entity);
  cache.set(key, target);
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  return target;
}

function parseEntityTarget(entity: Entity): EntityTarget {
  const read = readArgoPulseTarget(entity);
  if (read.kind === 'none')
    return {
      kind: 'none',
      problem: `${stringifyEntityRef(
        entity,
      )} has no argocd/app-name or argocd/app-selector annotation`,
    };
  if (read.kind === 'invalid')
    return { kind: 'invalid', problem: read.problem };
  return {
    kind: 'target',
    target: read.target,
    selects: targetSelects(read.target),
  };
}
