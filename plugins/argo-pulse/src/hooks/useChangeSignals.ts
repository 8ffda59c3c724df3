import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  applicationSignalKey,
  ARGO_PULSE_SIGNAL_CHANNEL,
  ArgoPulseSignal,
  entitySignalKey,
} from '@argo-pulse/backstage-plugin-common';
import { useEffect, useRef } from 'react';

/** What a card shows, to tell which change signals concern it. */
export interface WatchedChanges {
  applications: Array<{ instance: string; namespace: string; name: string }>;
  entityRef: string;
  instances: string[];
}

/** Whether a signal names any of what is shown. */
export function concerns(
  signal: ArgoPulseSignal,
  watched: WatchedChanges,
): boolean {
  const applications = new Set(watched.applications.map(applicationSignalKey));
  return (
    (signal.applications ?? []).some(key => applications.has(key)) ||
    (signal.entities ?? []).includes(entitySignalKey(watched.entityRef)) ||
    (signal.instances ?? []).some(name => watched.instances.includes(name))
  );
}

/** Whether the app has Backstage's signals plugin: without it, cards fall back to re-reading on a timer. */
export function useSignalsAvailable(): boolean {
  return Boolean(useApiHolder().get(signalApiRef));
}

/**
 * Calls `onChange` whenever the backend signals a change to what is shown
 * (when the app has Backstage's signals plugin).
 */
export function useChangeSignals(
  watched: WatchedChanges,
  onChange: () => void,
): void {
  const signalApi = useApiHolder().get(signalApiRef);
  // The subscription lives as long as the card; what it matches against follows each render.
  const latest = useRef({ watched, onChange });
  latest.current = { watched, onChange };
  useEffect(() => {
    if (!signalApi) return undefined;
    const subscription = signalApi.subscribe<ArgoPulseSignal>(
      ARGO_PULSE_SIGNAL_CHANNEL,
      signal => {
        if (concerns(signal, latest.current.watched)) latest.current.onChange();
      },
    );
    return () => subscription.unsubscribe();
  }, [signalApi]);
}
