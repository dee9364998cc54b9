import { StatsError } from './errors';

/**
 * A small seeded pseudo-random generator for reproducible tests, simulations
 * and benchmarks. Not for anything security-related.
 */

/** A seeded generator; see {@link createRng}. */
export interface Rng {
  /** Uniform on [0, 1), 32 bits of randomness. */
  next(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
}

/**
 * Create a seeded generator.
 *
 * Definition: uniforms come from mulberry32 (Tommy Ettinger's 32-bit
 * generator, public domain); normals from the Box–Muller transform
 * (Box & Muller 1958), both values of each pair used in turn.
 * Source: https://gist.github.com/tommyettinger/46a874533244883189143505d203312c
 * Cost: O(1) per draw.
 *
 * The same seed always gives the same sequence on every platform, because the
 * state update uses only 32-bit integer arithmetic (`Math.imul`, `>>>`).
 *
 * @example
 * const rng = createRng(42);
 * rng.next(); // 0.6011037519201636
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) {
    throw new StatsError('createRng', `seed must be a finite number, got ${seed}`);
  }
  let state = Math.trunc(seed) >>> 0;
  let spare: number | null = null;

  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const normal = (): number => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    // 1 - next() is in (0, 1], so the logarithm is finite.
    const u = 1 - next();
    const v = next();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * v;
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };

  return { next, normal };
}
