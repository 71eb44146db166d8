// SPDX-License-Identifier: Apache-2.0
import { placeholders } from './cfn';

/**
 * True when a value holds a CloudFormation reference placeholder (`<LogicalId>`, `<Fn::If>`: see readCfnJson), so its
 * value is unknown at synth. Objects and lists are searched through.
 */
export function hasReference(value: unknown): boolean {
  if (typeof value === 'string') return placeholders(value).length > 0;
  if (value && typeof value === 'object') return Object.values(value).some(hasReference);
  return false;
}

const K8S_SUFFIX: { [suffix: string]: number } = {
  '': 1,
  'm': 1e-3,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
};

/** A Kubernetes resource quantity (`16`, `15390m`, `118652Mi`, `1e3`) in base units (cores or bytes). */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return undefined;
  const m = /^\s*([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?\s*$/.exec(q);
  if (!m) return undefined;
  return Number(m[1]) * K8S_SUFFIX[m[2] ?? ''];
}

const JVM_SUFFIX: { [suffix: string]: number } = { '': 1, 'k': 2 ** 10, 'm': 2 ** 20, 'g': 2 ** 30, 't': 2 ** 40 };

/** A JVM memory size as `-Xmx` takes it (`8G`, `22176M`, `512k`, bytes), in bytes. */
export function parseJvmSize(text: unknown): number | undefined {
  if (typeof text !== 'string' && typeof text !== 'number') return undefined;
  const m = /^\s*(\d+)([kKmMgGtT]?)\s*$/.exec(String(text));
  if (!m) return undefined;
  return Number(m[1]) * JVM_SUFFIX[m[2].toLowerCase()];
}

const DATA_SIZE_UNIT: { [unit: string]: number } = {
  B: 1,
  kB: 2 ** 10,
  MB: 2 ** 20,
  GB: 2 ** 30,
  TB: 2 ** 40,
  PB: 2 ** 50,
};

/** A Trino (Airlift) DataSize (`17740MB`, `1.6GB`; units B, kB, MB, GB, TB, PB, powers of 1024), in bytes. */
export function parseDataSize(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$/.exec(text);
  if (!m || !(m[2] in DATA_SIZE_UNIT)) return undefined;
  return Number(m[1]) * DATA_SIZE_UNIT[m[2]];
}

/** Bytes as GiB text for messages. */
export function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}
