/**
 * The last result of each named step of a refit, reused when the step's inputs are the very same
 * objects (and numbers) as last time. A prepared model's refits on one panel share most of their
 * work — the 2SLS of a Monte Carlo draw under clustered and iid variance, on the outcome with and
 * without its error, with the clean and with noisier instruments — and a step whose inputs are
 * unchanged gives the same numbers, so it is done once. The inputs are the refit's own arrays
 * (demeaned columns, bases), which nothing writes after they are made.
 */
export class LastResults {
  private readonly slots = new Map<string, { key: readonly unknown[]; value: unknown }>();

  /** `compute()`, or its last value for `slot` when every element of `key` is identical (===) to last time's. */
  get<T>(slot: string, key: readonly unknown[], compute: () => T): T {
    const last = this.slots.get(slot);
    if (last && sameKey(last.key, key)) return last.value as T;
    const value = compute();
    this.slots.set(slot, { key, value });
    return value;
  }
}

function sameKey(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
