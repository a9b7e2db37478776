/**
 * Seeded pseudo-random numbers that give the same stream on every machine.
 *
 * Generator: xoshiro128** (Blackman & Vigna 2018, "Scrambled linear pseudorandom number generators",
 * https://prng.di.unimi.it/xoshiro128starstar.c), 128 bits of state in four 32-bit words, period 2¹²⁸ − 1.
 * All state arithmetic is 32-bit integer arithmetic (`Math.imul`, shifts, `>>> 0`), so the stream does not
 * depend on the platform's floating point. The state is filled from the seed with SplitMix32
 * (a 32-bit variant of Steele, Lea & Flood 2014, "Fast splittable pseudorandom number generators").
 *
 * Normal deviates use Marsaglia's polar method (Marsaglia & Bray 1964, "A convenient method for generating
 * normal variables", SIAM Review 6(3)): draw (u, v) uniform on the square until s = u² + v² ∈ (0, 1),
 * then u·√(−2 ln s / s) and v·√(−2 ln s / s) are independent N(0, 1). The second deviate is cached.
 *
 * Independent sub-streams: `fork(label)` hashes the label into a fresh seed (FNV-1a, then SplitMix32), so
 * adding a draw to one component of a simulation does not shift the numbers of any other component.
 *
 * Never use Math.random in the simulator: it cannot be seeded.
 *
 * @example
 *   const r = new Rng(20260301);
 *   r.uniform();        // 0.33741862326462335 on every machine
 *   r.fork("shock").normal();
 */
import { OptionsError } from "../errors";
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  // The cached second deviate of the polar method, valid while hasSpare: a number field that never
  // holds null stays an unboxed double, so caching it allocates nothing.
  private spare = 0;
  private hasSpare = false;
  /** The seed this stream was created with (after hashing, for forks). */
  readonly seed: number;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new OptionsError(`Rng seed must be a finite number, got ${seed}.`);
    this.seed = seed >>> 0;
    let x = this.seed;
    const next = (): number => {
      // SplitMix32: x += 0x9e3779b9; z = x; z = (z ^ z>>>16)·0x85ebca6b; z = (z ^ z>>>13)·0xc2b2ae35; z ^ z>>>16
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is absorbing
  }

  /** Next 32-bit unsigned integer (xoshiro128**: result = rotl(s1·5, 7)·9). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform on [0, 1) with 53 random bits (two 32-bit draws: (a·2²¹ + b) / 2⁵³ with a, b truncated). */
  uniform(): number {
    const a = this.nextUint32() >>> 5; // 27 bits
    const b = this.nextUint32() >>> 6; // 26 bits
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Uniform on [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Integer uniform on {0, …, n − 1} (n ≤ 2³²), by rejection to avoid modulo bias. */
  int(n: number): number {
    if (!(n >= 1 && n <= 4294967296)) throw new OptionsError(`Rng.int needs 1 ≤ n ≤ 2^32, got ${n}.`);
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /**
   * Standard normal N(0, 1) by Marsaglia's polar method. u and v are 2·uniform() − 1, the two uniforms
   * made of four nextUint32 words as uniform() makes them; the state is stepped in local variables
   * (nextUint32's step, four times), which V8 keeps in registers — the simulator spends a quarter of its
   * time here.
   */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let s0 = this.s0, s1 = this.s1, s2 = this.s2, s3 = this.s3;
    const w = WORDS;
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      for (let k = 0; k < 4; k++) {
        w[k] = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
        const t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = rotl(s3, 11);
      }
      u = 2 * (((w[0] >>> 5) * 67108864 + (w[1] >>> 6)) / 9007199254740992) - 1;
      v = 2 * (((w[2] >>> 5) * 67108864 + (w[3] >>> 6)) / 9007199254740992) - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }

  /** Normal with mean m and standard deviation sd. */
  gauss(m: number, sd: number): number {
    return m + sd * this.normal();
  }

  /** A Bernoulli(p) draw as 0/1. */
  bernoulli(p: number): 0 | 1 {
    return this.uniform() < p ? 1 : 0;
  }

  /** Fisher–Yates shuffle of a copy of `xs` (Knuth 1997, TAOCP vol. 2, Algorithm 3.4.2P). */
  shuffle<T>(xs: readonly T[]): T[] {
    const out = xs.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }

  /** An independent stream keyed by `label`: seed' = SplitMix32-mixed FNV-1a(label) XOR seed. */
  fork(label: string): Rng {
    return new Rng(mix32((fnv1a(label) ^ Math.imul(this.seed, 0x9e3779b1)) >>> 0));
  }
}

/** Scratch for the four 32-bit words of one polar-method attempt (normal()). */
const WORDS = new Uint32Array(4);

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** FNV-1a 32-bit hash of a string's UTF-16 code units (Fowler, Noll & Vo; http://www.isthe.com/chongo/tech/comp/fnv/). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The SplitMix32 finaliser: a bijective avalanche of a 32-bit integer. */
export function mix32(x: number): number {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
