import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ARGO_PULSE_PORTAL_SIGNAL_REF } from '@argo-pulse/backstage-plugin-common';
import type { DependencyList } from 'react';
import { useChangeSignals, useSignalsAvailable } from './useChangeSignals';
import { DEFAULT_REFRESH_MS, useLiveData } from './useLiveData';

/**
 * How often a live card re-reads with no signal: the backend signals a reader
 * for 15 minutes after a read, and a signal lost with a dropped socket is
 * caught up too.
 */
export const LIVE_REREAD_MS = 5 * 60_000;

interface LiveDataOptions<T> {
  load: () => Promise<T>;
  deps: DependencyList;
  refreshMs?: number;
}

/**
 * Data kept live: re-read when the backend signals a change under
 * `signalRef` (and every `LIVE_REREAD_MS`), or, in an app without
 * Backstage's signals, every `refreshMs`. `live` says which.
 */
function useSignalledData<T>(signalRef: string, options: LiveDataOptions<T>) {
  const live = useSignalsAvailable();
  const data = useLiveData(
    options.load,
    options.deps,
    live ? LIVE_REREAD_MS : options.refreshMs ?? DEFAULT_REFRESH_MS,
  );
  useChangeSignals(signalRef, data.refresh);
  return { ...data, live };
}

/** An entity's data, re-read when the backend signals a change to the entity. */
export function useLiveEntityData<T>(
  options: LiveDataOptions<T> & { entity: Entity },
) {
  return useSignalledData(stringifyEntityRef(options.entity), options);
}

/** Data of the portal-wide pages, re-read when the backend signals any change their reader may see. */
export function useLivePortalData<T>(options: LiveDataOptions<T>) {
  return useSignalledData(ARGO_PULSE_PORTAL_SIGNAL_REF, options);
}
