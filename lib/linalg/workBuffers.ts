/**
 * Reusable N-sized work arrays for one estimation, kept between estimations.
 *
 * Why: the first write to freshly allocated memory costs the operating system a page fault per
 * 4 KB page. On the virtual machines this kit is benchmarked on that is about 3 ms per MB
 * (bench/README.md), so a 1M-row fit that allocates 50 MB of temporaries spends more time
 * faulting than computing. Temporaries that never leave an estimation (fixed-effect codes,
 * demeaned columns, the Gram–Schmidt basis) are therefore borrowed from a pool and handed back
 * when the estimation ends; the next estimation with the same number of rows reuses them.
 *
 * Small arrays (under `MIN_POOLED_LENGTH` elements) are allocated normally: V8's own heap is
 * fast for them. The pool keeps at most `MAX_POOLED_BYTES`; `releaseWorkBuffers()` empties it.
 */

/** Arrays shorter than this are not pooled (256 KB of doubles). */
export const MIN_POOLED_LENGTH = 32_768;
/** The most the pool keeps between estimations. */
export const MAX_POOLED_BYTES = 256 * 1024 * 1024;

/** Allocates a zero-filled Float64Array of the given length. */
export type Allocate = (length: number) => Float64Array;
/** Allocates a zero-filled Int32Array of the given length (level codes). */
export type AllocateCodes = (length: number) => Int32Array;

/** Plain allocation, for code paths whose arrays outlive the call. */
export const freshArray: Allocate = (length) => new Float64Array(length);
export const freshCodes: AllocateCodes = (length) => new Int32Array(length);

type WorkArray = Float64Array | Int32Array;

// Free arrays, least recently returned first.
const free: WorkArray[] = [];
let freeBytes = 0;

function takeFree<A extends WorkArray>(kind: new (length: number) => A, length: number): A | undefined {
  for (let k = free.length - 1; k >= 0; k--) {
    const array = free[k];
    if (array.length === length && array instanceof kind) {
      free.splice(k, 1);
      freeBytes -= array.byteLength;
      return array.fill(0) as A;
    }
  }
  return undefined;
}

function giveBack(arrays: WorkArray[]): void {
  for (const array of arrays) {
    free.push(array);
    freeBytes += array.byteLength;
  }
  while (freeBytes > MAX_POOLED_BYTES && free.length > 0) {
    freeBytes -= (free.shift() as WorkArray).byteLength;
  }
}

/**
 * Runs `work` with allocators whose large arrays come from the pool and all go back to it when
 * `work` returns or throws. Nothing they returned may be kept in `work`'s result: it will be
 * reused by the next estimation.
 * @example
 *   const fit = withWorkBuffers((allocate) => solve(allocate(n), …)); // fit holds no borrowed array
 */
export function withWorkBuffers<T>(work: (allocate: Allocate, allocateCodes: AllocateCodes) => T): T {
  const lent: WorkArray[] = [];
  const borrow = <A extends WorkArray>(kind: new (length: number) => A, length: number): A => {
    if (length < MIN_POOLED_LENGTH) return new kind(length);
    const array = takeFree(kind, length) ?? new kind(length);
    lent.push(array);
    return array;
  };
  try {
    return work(
      (length) => borrow(Float64Array, length),
      (length) => borrow(Int32Array, length),
    );
  } finally {
    giveBack(lent);
  }
}

/** Frees the pooled work arrays (up to `MAX_POOLED_BYTES`) for the garbage collector. */
export function releaseWorkBuffers(): void {
  free.length = 0;
  freeBytes = 0;
}

/** Bytes held by the pool now (for tests and the benchmark's memory report). */
export function pooledBytes(): number {
  return freeBytes;
}
