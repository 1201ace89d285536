/**
 * Polls `fn` until `ok` holds or `timeoutMs` passes, then fails with the last value: how the
 * tests wait for watches and caches, which settle asynchronously.
 */
export async function until<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await fn();
  while (!ok(last)) {
    if (Date.now() > deadline)
      throw new Error(
        `condition not met; last value: ${JSON.stringify(last).slice(0, 800)}`,
      );
    await new Promise(r => setTimeout(r, 100));
    last = await fn();
  }
  return last;
}
