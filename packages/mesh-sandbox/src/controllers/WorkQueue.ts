/**
 * A de-duplicating work queue, like client-go's: a key queued many times before it is
 * processed is processed once, always asynchronously (never inside a store event callback,
 * so controllers never write while the store is still delivering an event).
 */
export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly failures = new Map<string, number>();
  private scheduled?: NodeJS.Immediate;
  private stopped = false;

  constructor(
    private readonly process: (key: string) => void,
    private readonly onError: (
      key: string,
      error: unknown,
      willRetry: boolean,
    ) => void,
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    this.pending.add(key);
    this.scheduled ??= setImmediate(() => this.drain());
  }

  addAfter(key: string, delayMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.add(key);
    }, delayMs);
    this.timers.add(timer);
  }

  stop(): void {
    this.stopped = true;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.timers.forEach(timer => clearTimeout(timer));
    this.timers.clear();
    this.pending.clear();
  }

  private drain(): void {
    this.scheduled = undefined;
    const keys = [...this.pending];
    this.pending.clear();
    for (const key of keys) {
      if (this.stopped) return;
      try {
        this.process(key);
        this.failures.delete(key);
      } catch (error) {
        // Retry with backoff (conflicts are normal when two controllers touch one object).
        const attempts = (this.failures.get(key) ?? 0) + 1;
        this.failures.set(key, attempts);
        const willRetry = attempts <= 8;
        this.onError(key, error, willRetry);
        if (willRetry) {
          this.addAfter(key, Math.min(20 * 2 ** attempts, 2000));
        } else {
          this.failures.delete(key);
        }
      }
    }
  }
}
