import { DependencyList, useEffect, useRef, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/** How often cards re-read the backend when no change signals arrive: cheap, it serves from Backstage's database. */
export const DEFAULT_REFRESH_MS = 10_000;

/**
 * Loads data and re-loads it on request (`refresh`, which change signals
 * call) and, unless `refreshMs` is 0, on an interval, so a card moves on its
 * own (a pending expectation turns to deployed without a reload).
 *
 * What was shown stays on screen while re-loading and when a re-load fails
 * (react-use drops the value on an error; this keeps the last good one):
 * `loading` and `error` are only for the first answer, `refreshError` says
 * that what is shown could not be refreshed, and `updatedAt` when it was read.
 */
export function useLiveData<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  refreshMs = DEFAULT_REFRESH_MS,
) {
  const [updatedAt, setUpdatedAt] = useState<Date | undefined>(undefined);
  const state = useAsyncRetry(async () => {
    const value = await load();
    setUpdatedAt(new Date());
    return value;
  }, deps);
  const lastGood = useRef<{ value: T; deps: DependencyList } | undefined>(
    undefined,
  );
  if (state.value !== undefined)
    lastGood.current = { value: state.value, deps };
  // A value read for other inputs (another page, another entity) is not shown.
  const sameInputs =
    lastGood.current?.deps.length === deps.length &&
    lastGood.current.deps.every((d, i) => Object.is(d, deps[i]));
  const value =
    state.value ?? (sameInputs ? lastGood.current?.value : undefined);
  const { retry } = state;
  useEffect(() => {
    if (refreshMs <= 0) return undefined;
    const timer = setInterval(retry, refreshMs);
    return () => clearInterval(timer);
  }, [retry, refreshMs]);
  return {
    value,
    loading: state.loading && value === undefined,
    /** True while a re-load runs. */
    refreshing: state.loading && value !== undefined,
    error: value === undefined ? state.error : undefined,
    refreshError: value !== undefined ? state.error : undefined,
    updatedAt,
    refresh: retry,
  };
}
