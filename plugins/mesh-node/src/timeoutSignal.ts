import { isError } from '@backstage/errors';

/**
 * An AbortSignal that fires after `ms`, or when `parent` (the caller's signal) does, with a way
 * to tell which happened. A plain timer rather than `AbortSignal.timeout`, so it is cleared as
 * soon as the request ends instead of lingering, and tests can drive it with fake timers.
 */
export function timeoutSignal(
  ms: number,
  parent?: AbortSignal,
): { signal: AbortSignal; timedOut(): boolean; clear(): void } {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${ms} ms`));
  }, ms);
  const onAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) onAbort();
  else parent?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    clear: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * Why a request failed, in a few words: undici says only "fetch failed" and puts the reason
 * (ECONNREFUSED, a TLS error) in its cause. Duck-typed, because errors from Node's fetch may
 * come from another realm (Jest's VM context) and fail `instanceof Error`.
 */
export function networkReason(e: unknown): string {
  if (!isError(e)) return String(e);
  const cause = (e as { cause?: unknown }).cause;
  if (isError(cause) && cause.message) return cause.message;
  return e.message;
}
