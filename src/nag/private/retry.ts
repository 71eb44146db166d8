// SPDX-License-Identifier: Apache-2.0
import { hasReference } from './quantities';
import { ChartSetting, RenderedTrinoRole } from '../../config/chart';

/**
 * The effective retry-policy of a role (upper-cased), or undefined when unset (Trino's default NONE). A value known
 * only at deploy time is `UNRESOLVED`.
 */
export function retryPolicy(role: RenderedTrinoRole): ChartSetting<string> | undefined {
  const p = role.configProperties['retry-policy'];
  if (!p) return undefined;
  return { key: p.key, value: hasReference(p.value) ? UNRESOLVED : p.value.trim().toUpperCase() };
}

/** The retry policy of a property that holds a reference. */
export const UNRESOLVED = 'UNRESOLVED';
