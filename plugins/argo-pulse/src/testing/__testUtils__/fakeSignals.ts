import type { SignalApi } from '@backstage/plugin-signals-react';
import {
  ARGO_PULSE_SIGNAL_CHANNEL,
  ArgoPulseSignal,
} from '@argo-pulse/backstage-plugin-common';
import { act } from '@testing-library/react';

/** A signal API whose subscribers a test reaches directly: `send` delivers a message on Argo Pulse's channel. */
export function fakeSignals() {
  const listeners: Array<(message: ArgoPulseSignal) => void> = [];
  const api: SignalApi = {
    subscribe: vi.fn((channel: string, onMessage: (message: any) => void) => {
      expect(channel).toBe(ARGO_PULSE_SIGNAL_CHANNEL);
      listeners.push(onMessage);
      return {
        unsubscribe: () => listeners.splice(listeners.indexOf(onMessage), 1),
      };
    }) as SignalApi['subscribe'],
  };
  return {
    api,
    send: (message: ArgoPulseSignal) =>
      act(() => listeners.forEach(listener => listener(message))),
  };
}
