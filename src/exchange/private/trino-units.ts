// SPDX-License-Identifier: Apache-2.0
import { Duration, Size, SizeRoundingBehavior } from 'aws-cdk-lib';

const MS_UNITS: Array<[number, string]> = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'm'],
  [1_000, 's'],
];

/**
 * A Duration as Trino (airlift) duration text, in the largest unit that keeps it whole: `1m`, `90s`, `1500ms`.
 */
export function trinoDuration(d: Duration): string {
  const ms = d.toMilliseconds();
  for (const [unit, suffix] of MS_UNITS) {
    if (ms % unit === 0) return `${ms / unit}${suffix}`;
  }
  return `${ms}ms`;
}

/** A Size as Trino (airlift) data size text; Trino's `kB`/`MB`/`GB` are powers of 1024, like CDK's Size. */
export function trinoDataSize(size: Size): string {
  const bytes = size.toBytes({ rounding: SizeRoundingBehavior.NONE });
  const units: Array<[number, string]> = [
    [1024 ** 3, 'GB'],
    [1024 ** 2, 'MB'],
    [1024, 'kB'],
  ];
  for (const [unit, suffix] of units) {
    if (bytes % unit === 0) return `${bytes / unit}${suffix}`;
  }
  return `${bytes}B`;
}

/** A number as Trino double text (always with a decimal point: `2.0`, `1.5`). */
export function trinoDouble(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}
