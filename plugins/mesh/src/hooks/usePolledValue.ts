import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';

export interface PolledValue<T> {
  /** The latest successful answer; kept while a refetch runs and when a refetch fails. */
  value?: T;
  /** The latest failure, cleared by the next success. */
  error?: Error;
  /** True only until the first answer (success or failure) arrives, so views never flash a spinner. */
  loading: boolean;
  /** Refetches now, e.g. after a write. */
  refresh: () => Promise<void>;
}

/**
 * Calls `fetcher` now and every `intervalMs`, keeping the previous value on screen while the next
 * one loads. `react-use`'s `useAsyncRetry` drops the value on error and flips `loading` on every
 * retry, which makes a polled table flicker. A change in `deps` starts over with no value.
 */
export function usePolledValue<T>(
  fetcher: () => Promise<T>,
  intervalMs: number,
  deps: DependencyList,
): PolledValue<T> {
  const [state, setState] = useState<{
    value?: T;
    error?: Error;
    loading: boolean;
  }>({ loading: true });
  // Answers can arrive out of order (a slow poll after a fast refresh); only the newest request may
  // write state, and nothing may write after unmount or a change of deps.
  const generation = useRef(0);
  const latest = useRef(0);

  // eslint-disable-next-line react-hooks/exhaustive-deps
  const fetchOnce = useCallback(fetcher, deps);

  const run = useCallback(async () => {
    const gen = generation.current;
    const ticket = ++latest.current;
    try {
      const value = await fetchOnce();
      if (gen === generation.current && ticket === latest.current) {
        setState({ value, loading: false });
      }
    } catch (e) {
      if (gen === generation.current && ticket === latest.current) {
        const error = e instanceof Error ? e : new Error(String(e));
        setState(prev => ({ value: prev.value, error, loading: false }));
      }
    }
  }, [fetchOnce]);

  useEffect(() => {
    generation.current += 1;
    setState({ loading: true });
    run();
    const timer = setInterval(run, intervalMs);
    return () => {
      clearInterval(timer);
      generation.current += 1;
    };
  }, [run, intervalMs]);

  return { ...state, refresh: run };
}
