/**
 * Linear algebra modulo a prime, for the chain auditor (`audit-change.ts`).
 *
 * The single-cycle auditor (`audit.ts`) works in exact rationals on BigInt: its systems
 * have a few dozen rows. A chain of 24 monthly cycles in a 300-person agency has about
 * 500 rows and 1,000 column classes per measure; exact rational elimination of that is
 * too slow for a close. Here every number is an integer in [0, p) for a prime p < 2³¹,
 * held in a double, so arithmetic is exact and fast.
 *
 * Working mod p is exact about what it computes, but what it computes can differ from
 * the rational answer: a rank over ℤ/p is never larger than over ℚ, and is smaller when
 * p divides every maximal nonzero minor. The chain auditor therefore never relies on a
 * modular "independent" or "zero" without a certificate: it lifts the modular left null
 * space back to rationals ({@link reconstructRational}) and verifies it exactly on the
 * integer matrix ({@link verifyLeftNullVector}), which proves the rational rank equals
 * the modular one (see audit-change.ts, "Why the modular search is exact").
 */

/**
 * Two primes below 2³¹: 2³¹ − 1 (a Mersenne prime) and 2³¹ − 19. The auditor uses the
 * first and falls back to the second when it cannot certify a result with the first.
 */
export const PRIMES: readonly [number, number] = [2_147_483_647, 2_147_483_629];

/**
 * a·b mod p for a, b in [0, p), p < 2³¹, exactly in doubles: b is split into 16-bit
 * halves so that no partial product exceeds 2⁴⁷ (a double holds integers to 2⁵³).
 * @example mulMod(2147483646, 2147483646, 2147483647) // 1, since (−1)² = 1
 */
export function mulMod(a: number, b: number, p: number): number {
  return (((a * (b >>> 16)) % p) * 65536 + a * (b & 0xffff)) % p;
}

/** a mod p in [0, p) for any safe integer a. */
export function toMod(a: number, p: number): number {
  const r = a % p;
  return r < 0 ? r + p : r;
}

/**
 * The inverse of a nonzero a mod p (extended Euclid; all intermediates < 2³² in size).
 * Throws RangeError for a ≡ 0.
 * @example invMod(2, 7) // 4
 */
export function invMod(a: number, p: number): number {
  let [r0, r1] = [p, toMod(a, p)];
  if (r1 === 0) throw new RangeError('invMod: zero has no inverse');
  let [s0, s1] = [0, 1];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return toMod(s0, p);
}

/** Sparse vector: column → nonzero value in [0, p). */
export type SparseVector = Map<number, number>;

/** target ← target + f·source (mod p), dropping zeros. */
export function addScaled(target: SparseVector, source: SparseVector, f: number, p: number): void {
  if (f === 0) return;
  for (const [j, v] of source) {
    const next = ((target.get(j) ?? 0) + mulMod(f, v, p)) % p;
    if (next === 0) target.delete(j);
    else target.set(j, next);
  }
}

/** One pivot of {@link eliminateSparse}: `row` was chosen to eliminate `column`. */
export interface Pivot {
  readonly row: number;
  readonly column: number;
}

export interface SparseElimination {
  /** Pivots of each phase, in the order they were taken. */
  readonly phases: readonly (readonly Pivot[])[];
  /** The rows after elimination (a pivot row keeps its entries in later pivot columns). */
  readonly rows: readonly SparseVector[];
  /** transforms[i]: the combination of the original rows that row i now equals. */
  readonly transforms: readonly SparseVector[];
  /** Rows that reduced to zero: their transforms span the left null space. */
  readonly zeroRows: readonly number[];
  /** Rows that took no pivot in any phase (zero on every phase's columns). */
  readonly unpivoted: readonly number[];
}

/**
 * Forward Gaussian elimination mod p on sparse rows, pivoting on the columns of
 * `phases[0]` first, then `phases[1]`, and so on; columns in no phase are never pivots.
 * After phase t, the rows without a pivot are zero on every column of phases 0..t, and
 * (with the pivot rows' parts on those columns independent) they span the part of the
 * row space that vanishes there. Pivot row: among the rows still free with a nonzero in
 * the column, the one with fewest nonzeros (a Markowitz-like rule that keeps fill low on
 * the banded systems of a chain of cycles). Row transforms are tracked so that rows
 * ending at zero give left null vectors.
 *
 * Cost: O(Σ over pivots of (rows touched) × (row length + transform length)).
 */
export function eliminateSparse(
  input: readonly (readonly (readonly [number, number])[])[],
  phases: readonly (readonly number[])[],
  p: number,
): SparseElimination {
  const rows: SparseVector[] = input.map((entries) => {
    const row: SparseVector = new Map();
    for (const [j, v] of entries) {
      const next = ((row.get(j) ?? 0) + toMod(v, p)) % p;
      if (next === 0) row.delete(j);
      else row.set(j, next);
    }
    return row;
  });
  const transforms: SparseVector[] = input.map((_, i) => new Map([[i, 1]]));
  // column → free rows with a nonzero in it (kept exact through fill-in).
  const byColumn = new Map<number, Set<number>>();
  const index = (i: number, j: number) => {
    let set = byColumn.get(j);
    if (!set) byColumn.set(j, (set = new Set()));
    set.add(i);
  };
  rows.forEach((row, i) => row.forEach((_, j) => index(i, j)));
  const free = new Set(rows.map((_, i) => i));

  const phaseOut: Pivot[][] = [];
  for (const columns of phases) {
    const pivots: Pivot[] = [];
    for (const column of columns) {
      const holders = byColumn.get(column);
      if (!holders || holders.size === 0) continue;
      let pivot = -1;
      for (const i of holders) if (pivot < 0 || rows[i]!.size < rows[pivot]!.size || (rows[i]!.size === rows[pivot]!.size && i < pivot)) pivot = i;
      const pivotRow = rows[pivot]!;
      const inverse = invMod(pivotRow.get(column)!, p);
      for (const i of [...holders]) {
        if (i === pivot) continue;
        const row = rows[i]!;
        const f = p - mulMod(row.get(column)!, inverse, p);
        const before = new Set(row.keys());
        addScaled(row, pivotRow, f, p);
        addScaled(transforms[i]!, transforms[pivot]!, f, p);
        for (const j of pivotRow.keys()) {
          const had = before.has(j);
          const has = row.has(j);
          if (had && !has) byColumn.get(j)!.delete(i);
          else if (!had && has) index(i, j);
        }
      }
      free.delete(pivot);
      for (const j of pivotRow.keys()) byColumn.get(j)!.delete(pivot);
      pivots.push({ row: pivot, column });
    }
    phaseOut.push(pivots);
  }
  const unpivoted = [...free].sort((a, b) => a - b);
  return {
    phases: phaseOut,
    rows,
    transforms,
    zeroRows: unpivoted.filter((i) => rows[i]!.size === 0),
    unpivoted,
  };
}

/**
 * Reduced row echelon form of rows that are already in echelon form with the given
 * pivots (e.g. one phase of {@link eliminateSparse}): every pivot scaled to 1 and
 * cleared from the other rows. Returns new rows, one per pivot, in pivot order.
 */
export function reduceEchelon(rows: readonly SparseVector[], pivots: readonly Pivot[], p: number): SparseVector[] {
  const out = pivots.map(({ row, column }) => {
    const copy = new Map(rows[row]!);
    const inverse = invMod(copy.get(column)!, p);
    for (const [j, v] of copy) copy.set(j, mulMod(v, inverse, p));
    return copy;
  });
  // Forward elimination cleared each pivot column from the rows pivoted after it;
  // clear it from the rows pivoted before it, last pivot first.
  for (let t = pivots.length - 1; t >= 0; t--) {
    const column = pivots[t]!.column;
    for (let s = 0; s < t; s++) {
      const v = out[s]!.get(column);
      if (v !== undefined) addScaled(out[s]!, out[t]!, p - v, p);
    }
  }
  return out;
}

/**
 * A nonzero λ with λᵀM = 0 for a small dense matrix M (rows × columns) mod p, or null
 * when the rows of M are independent. Cost O(r²·(c + r)).
 */
export function leftNullVector(matrix: readonly (readonly number[])[], p: number): number[] | null {
  const r = matrix.length;
  if (r === 0) return null;
  const c = matrix[0]!.length;
  // [M | I] reduced: a zero row on M's part carries λ on I's part.
  const a = matrix.map((line, i) => {
    const row = new Array<number>(c + r).fill(0);
    for (let j = 0; j < c; j++) row[j] = line[j]!;
    row[c + i] = 1;
    return row;
  });
  let rank = 0;
  for (let col = 0; col < c && rank < r; col++) {
    let pivot = -1;
    for (let i = rank; i < r; i++) if (a[i]![col] !== 0) { pivot = i; break; }
    if (pivot < 0) continue;
    [a[rank], a[pivot]] = [a[pivot]!, a[rank]!];
    const inverse = invMod(a[rank]![col]!, p);
    const pr = a[rank]!;
    for (let i = rank + 1; i < r; i++) {
      const v = a[i]![col]!;
      if (v === 0) continue;
      const f = p - mulMod(v, inverse, p);
      const row = a[i]!;
      for (let j = col; j < c + r; j++) if (pr[j] !== 0) row[j] = (row[j]! + mulMod(f, pr[j]!, p)) % p;
    }
    rank++;
  }
  return rank < r ? a[rank]!.slice(c) : null;
}

/**
 * The rational r/s ≡ a (mod p) with |r|, s ≤ √(p/2) (Wang's rational reconstruction,
 * by the extended Euclidean algorithm), or null when there is none. When such r/s
 * exists it is unique, so a vector whose true entries are small rationals is recovered
 * exactly; anything else is caught by the exact check that follows.
 * @example reconstructRational(invMod(3, 2147483647), 2147483647) // { num: 1n, den: 3n }
 */
export function reconstructRational(a: number, p: number): { num: bigint; den: bigint } | null {
  const bound = Math.floor(Math.sqrt(p / 2));
  let [r0, r1] = [p, toMod(a, p)];
  let [t0, t1] = [0, 1];
  while (r1 > bound) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  if (t1 === 0 || Math.abs(t1) > bound || gcdNumber(r1, Math.abs(t1)) !== 1) return null;
  const sign = t1 < 0 ? -1n : 1n;
  return { num: sign * BigInt(r1), den: sign * BigInt(t1) };
}

function gcdNumber(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/**
 * Lift a left null vector found mod p to an integer vector and check it exactly:
 * each entry is reconstructed as a small rational, the vector is scaled to integers,
 * and Σᵢ cᵢ·(row i) is computed in BigInt over the original integer rows. A null vector
 * is only defined up to a factor, so when the entries as found do not all reconstruct,
 * the vector is tried again scaled to make each of its first few entries 1. Returns the
 * integer vector (row → coefficient) when it is exactly a left null vector, else null.
 * Cost O(Σ over its rows of the row length) per attempt.
 */
export function verifyLeftNullVector(
  modular: SparseVector,
  integerRows: readonly (readonly (readonly [number, number])[])[],
  p: number,
): Map<number, bigint> | null {
  const attempt = (scale: number): Map<number, bigint> | null => {
    const rational: [number, bigint, bigint][] = [];
    let lcm = 1n;
    for (const [i, v] of modular) {
      const q = reconstructRational(mulMod(v, scale, p), p);
      if (q === null) return null;
      rational.push([i, q.num, q.den]);
      lcm = (lcm / gcd(lcm, q.den)) * q.den;
    }
    const scaled = new Map<number, bigint>();
    for (const [i, num, den] of rational) scaled.set(i, (num * lcm) / den);
    const sum = new Map<number, bigint>();
    for (const [i, c] of scaled) {
      for (const [j, v] of integerRows[i]!) sum.set(j, (sum.get(j) ?? 0n) + c * BigInt(v));
    }
    for (const v of sum.values()) if (v !== 0n) return null;
    return scaled;
  };
  const first = attempt(1);
  if (first !== null) return first;
  let tries = 0;
  for (const v of modular.values()) {
    if (++tries > 4) break;
    const lifted = attempt(invMod(v, p));
    if (lifted !== null) return lifted;
  }
  return null;
}
