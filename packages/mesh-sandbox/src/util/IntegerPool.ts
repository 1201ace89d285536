/**
 * Hands out integers from a range in order, skipping ones already taken: node ports,
 * and IPv4 addresses as numbers (see ipv4.ts), so Services and Pods get distinct values.
 */
export class IntegerPool {
  private cursor: number;
  private readonly taken = new Set<number>();

  constructor(
    private readonly first: number,
    private readonly last: number,
  ) {
    this.cursor = first;
  }

  /** Marks a value as used (e.g. one given explicitly in a manifest). */
  reserve(value: number): void {
    this.taken.add(value);
  }

  release(value: number): void {
    this.taken.delete(value);
  }

  allocate(): number {
    for (let tries = 0; tries <= this.last - this.first; tries += 1) {
      const candidate = this.cursor;
      this.cursor = this.cursor >= this.last ? this.first : this.cursor + 1;
      if (!this.taken.has(candidate)) {
        this.taken.add(candidate);
        return candidate;
      }
    }
    throw new Error(`range ${this.first}-${this.last} is exhausted`);
  }
}
