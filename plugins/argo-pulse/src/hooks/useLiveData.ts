import { DependencyList, useEffect } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/** How often the cards re-read the backend: cheap, it serves from Backstage's database. */
export const DEFAULT_REFRESH_MS = 10_000;

/**
 * Loads data and re-loads it on an interval, so a card moves on its own
 * (a pending expectation turns to deployed without a reload). While it
 * re-loads, the last value stays on screen: `loading` is only true before
 * the first answer.
 */
export function useLiveData<T>(load: () => Promise<T>, deps: DependencyList, refreshMs = DEFAULT_REFRESH_MS) {
  const state = useAsyncRetry(load, deps);
  const { retry } = state;
  useEffect(() => {
    if (refreshMs <= 0) return undefined;
    const timer = setInterval(retry, refreshMs);
    return () => clearInterval(timer);
  }, [retry, refreshMs]);
  return { value: state.value, error: state.value === undefined ? state.error : undefined, staleError: state.error, loading: state.loading && state.value === undefined, retry };
}
