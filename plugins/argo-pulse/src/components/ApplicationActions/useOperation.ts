import type { ResponseError } from '@backstage/errors';
import { useCallback, useRef, useState } from 'react';

/**
 * Why an operation failed, in the backend's words ("Another operation is
 * already running on payments-api-prod"): never a stack, never the request.
 */
export function errorInWords(error: unknown): string {
  const e = error as Partial<ResponseError> & { message?: string };
  return (
    e?.body?.error?.message ||
    (e?.cause as Error | undefined)?.message ||
    e?.message ||
    'Argo Pulse did not answer'
  );
}

/** How a call went: its answer, its error, or not made because one already runs. */
export type OperationOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: Error }
  | undefined;

/**
 * One operation at a time: while a call runs, further calls are dropped
 * (a double click sends one request), and `busy` says it runs.
 */
export function useOperation() {
  const inFlight = useRef(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const run = useCallback(
    async <T>(call: () => Promise<T>): Promise<OperationOutcome<T>> => {
      if (inFlight.current) return undefined;
      inFlight.current = true;
      setBusy(true);
      setError(undefined);
      try {
        return { ok: true, value: await call() };
      } catch (e) {
        setError(e as Error);
        return { ok: false, error: e as Error };
      } finally {
        inFlight.current = false;
        setBusy(false);
      }
    },
    [],
  );
  return { run, busy, error };
}
