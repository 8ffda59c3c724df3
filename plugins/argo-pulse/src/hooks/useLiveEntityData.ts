import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { DependencyList } from 'react';
import { useChangeSignals, useSignalsAvailable } from './useChangeSignals';
import { DEFAULT_REFRESH_MS, useLiveData } from './useLiveData';

/**
 * How often a live card re-reads with no signal: the backend signals a reader
 * for 15 minutes after a read, and a signal lost with a dropped socket is
 * caught up too.
 */
export const LIVE_REREAD_MS = 5 * 60_000;

/**
 * An entity's data, kept live: re-read when the backend signals a change to
 * the entity (and every `LIVE_REREAD_MS`), or, in an app without Backstage's
 * signals, every `refreshMs`. `live` says which.
 */
export function useLiveEntityData<T>(options: {
  entity: Entity;
  load: () => Promise<T>;
  deps: DependencyList;
  refreshMs?: number;
}) {
  const live = useSignalsAvailable();
  const data = useLiveData(
    options.load,
    options.deps,
    live ? LIVE_REREAD_MS : options.refreshMs ?? DEFAULT_REFRESH_MS,
  );
  useChangeSignals(stringifyEntityRef(options.entity), data.refresh);
  return { ...data, live };
}
