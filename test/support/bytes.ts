// Byte helpers for IO tests: a deterministic pseudo-random payload and a fast equality.

/** `n` pseudo-random bytes (an LCG seeded with `seed`): the same for the same arguments. */
export function pattern(n: number, seed = 1): Uint8Array {
  const b = new Uint8Array(n)
  let x = seed
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0
    b[i] = x >>> 24
  }
  return b
}

/** Byte equality without vitest's slow deep-equal on large typed arrays (no Buffer: it runs in browsers too). */
export const same = (x: Uint8Array, y: Uint8Array): boolean => {
  if (x.length !== y.length) return false
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false
  return true
}
