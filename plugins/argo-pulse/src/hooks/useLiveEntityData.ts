import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { DependencyList } from 'react';
import {
  useChangeSignals,
  useSignalsAvailable,
  WatchedChanges,
} from './useChangeSignals';
import { DEFAULT_REFRESH_MS, useLiveData } from './useLiveData';

/**
 * An entity's data, kept live: re-read when the backend signals a change to
 * what it shows, or, in an app without Backstage's signals, every
 * `refreshMs`. `live` says which.
 */
export function useLiveEntityData<T>(options: {
  entity: Entity;
  load: () => Promise<T>;
  deps: DependencyList;
  refreshMs?: number;
  /** The applications and instances the loaded value shows. */
  watched: (value: T | undefined) => Omit<WatchedChanges, 'entityRef'>;
}) {
  const live = useSignalsAvailable();
  const data = useLiveData(
    options.load,
    options.deps,
    live ? 0 : options.refreshMs ?? DEFAULT_REFRESH_MS,
  );
  useChangeSignals(
    {
      entityRef: stringifyEntityRef(options.entity),
      ...options.watched(data.value),
    },
    data.refresh,
  );
  return { ...data, live };
}
