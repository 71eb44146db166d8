// SPDX-License-Identifier: Apache-2.0
import { hasReference, parseDataSize, parseJvmSize, parseQuantity } from './quantities';
import { RenderedTrinoChart, RenderedTrinoRole } from '../../config/chart';
import { TrinoSizing } from '../../config/sizing';

/** The seed's heap range: 70–85% of the memory the pod may use. */
export const HEAP_SHARE_MIN = 0.7;
export const HEAP_SHARE_MAX = 0.85;
/** Tolerance on shares, for sizes rounded to whole MiB. */
export const SHARE_TOLERANCE = 0.005;
/**
 * The seed's JVM limit, "keep the heap under 256GB": TrinoSizing.MAX_HEAP (238 GiB), under 256 GB whether GB means
 * 10^9 or 2^30 bytes, so the rules and the sizing agree on what a capped heap is.
 */
export const MAX_HEAP_BYTES = TrinoSizing.MAX_HEAP.toMebibytes() * 2 ** 20;
/** The seed's "~80% of heap" for query.max-memory-per-node, plus 5 points (TrinoSizing allows up to 0.85). */
export const QUERY_SHARE_MAX = 0.85;
/**
 * The least query.max-memory-per-node of a node that runs tasks, as a share of the heap: TrinoSizing's smallest
 * `queryMemoryFraction` (MIN_QUERY_FRACTION in src/config/sizing.ts; test/nag/memory.test.ts keeps them equal).
 */
export const QUERY_SHARE_MIN = 0.5;
/** Trino's default memory.heap-headroom-per-node: 30% of the heap. */
export const DEFAULT_HEADROOM_SHARE = 0.3;
/** The JVM's default MaxRAMPercentage (heap when no -Xmx is given). */
const JVM_DEFAULT_RAM_PERCENT = 25;

/** A size read from the values, with the key that set it. */
export interface KeyedSize {
  readonly bytes: number;
  readonly key: string;
}

/** The memory settings of one role as the JVM and Trino read them; undefined fields are unknown or unset. */
export interface RoleMemory {
  readonly role: RenderedTrinoRole;
  /** container memory limit */
  readonly limit?: KeyedSize;
  /** the key of the memory limit (whether set or not) */
  readonly limitKey: string;
  /** JVM max heap, from -Xmx, MaxRAMPercentage or the JVM default (25% of the limit) */
  readonly heap?: KeyedSize;
  readonly queryMaxPerNode?: KeyedSize;
  /** memory.heap-headroom-per-node (Trino's default 30% of the heap when unset) */
  readonly headroom?: KeyedSize & { readonly explicit: boolean };
  /** values keys whose text neither the JVM nor Trino can parse */
  readonly invalid: string[];
}

/** The roles of a release whose pods the chart renders. */
export function renderedRoles(chart: RenderedTrinoChart): RenderedTrinoRole[] {
  return [chart.coordinator, chart.worker].filter((r) => r.rendered);
}

export function roleMemory(role: RenderedTrinoRole): RoleMemory {
  const invalid: string[] = [];
  const limitKey = `${role.resources.key}.limits.memory`;
  const limitText = role.resources.value?.limits?.memory;
  const limitBytes = hasReference(limitText) ? undefined : parseQuantity(limitText);
  const limit = limitBytes === undefined ? undefined : { bytes: limitBytes, key: limitKey };

  let heap: KeyedSize | undefined;
  const xmx = role.maxHeapSize;
  if (xmx.value !== undefined) {
    if (!hasReference(xmx.value)) {
      const b = parseJvmSize(xmx.value);
      if (b === undefined) invalid.push(xmx.key);
      else heap = { bytes: b, key: xmx.key };
    }
  } else if (limit && !Number.isNaN(role.maxHeapPercent.value)) {
    // a percentage from a reference reads as NaN: the heap is unknown
    const pct = role.maxHeapPercent.value ?? JVM_DEFAULT_RAM_PERCENT;
    heap = { bytes: (limit.bytes * pct) / 100, key: role.maxHeapPercent.value !== undefined ? role.maxHeapPercent.key : xmx.key };
  }

  const sizeProperty = (name: string): KeyedSize | undefined => {
    const p = role.configProperties[name];
    if (!p || hasReference(p.value)) return undefined;
    const b = parseDataSize(p.value);
    if (b === undefined) {
      invalid.push(p.key);
      return undefined;
    }
    return { bytes: b, key: p.key };
  };
  const queryMaxPerNode = sizeProperty('query.max-memory-per-node');
  const explicitHeadroom = sizeProperty('memory.heap-headroom-per-node');
  const headroom = explicitHeadroom
    ? { ...explicitHeadroom, explicit: true }
    : heap && !role.configProperties['memory.heap-headroom-per-node']
      ? { bytes: heap.bytes * DEFAULT_HEADROOM_SHARE, key: `${role.role}.config.memory.heapHeadroomPerNode`, explicit: false }
      : undefined;
  return { role, limit, limitKey, heap, queryMaxPerNode, headroom, invalid };
}
