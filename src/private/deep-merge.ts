// SPDX-License-Identifier: Apache-2.0

function isPlainObject(v: unknown): v is { [key: string]: any } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * Deep-merges `override` into a copy of `base`: plain objects merge key by key, everything else (arrays, scalars,
 * null, tokens) in `override` replaces. Neither input is modified.
 */
export function deepMerge(base: { [key: string]: any }, override: { [key: string]: any }): { [key: string]: any } {
  const out: { [key: string]: any } = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}
