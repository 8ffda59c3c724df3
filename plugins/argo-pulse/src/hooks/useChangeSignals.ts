import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  ARGO_PULSE_SIGNAL_CHANNEL,
  ArgoPulseSignal,
  entitySignalKey,
} from '@argo-pulse/backstage-plugin-common';
import { useEffect, useRef } from 'react';

/** Whether a signal names the entity a card shows. */
export function concerns(signal: ArgoPulseSignal, entityRef: string): boolean {
  return (signal.entities ?? []).includes(entitySignalKey(entityRef));
}

/** Whether the app has Backstage's signals plugin: without it, cards fall back to re-reading on a timer. */
export function useSignalsAvailable(): boolean {
  return Boolean(useApiHolder().get(signalApiRef));
}

/**
 * Calls `onChange` whenever the backend signals a change to the entity's
 * applications, expectations or instances (when the app has Backstage's
 * signals plugin). The backend signals only users who read the entity's
 * data recently, which the card just did.
 */
export function useChangeSignals(
  entityRef: string,
  onChange: () => void,
): void {
  const signalApi = useApiHolder().get(signalApiRef);
  // The subscription lives as long as the card; what it matches against follows each render.
  const latest = useRef({ entityRef, onChange });
  latest.current = { entityRef, onChange };
  useEffect(() => {
    if (!signalApi) return undefined;
    const subscription = signalApi.subscribe<ArgoPulseSignal>(
      ARGO_PULSE_SIGNAL_CHANNEL,
      signal => {
        if (concerns(signal, latest.current.entityRef))
          latest.current.onChange();
      },
    );
    return () => subscription.unsubscribe();
  }, [signalApi]);
}
