// SPDX-License-Identifier: Apache-2.0
import { ChartSetting, RenderedTrinoRole } from '../../config/chart';

/** The effective retry-policy of a role (upper-cased), or undefined when unset (Trino's default NONE). */
export function retryPolicy(role: RenderedTrinoRole): ChartSetting<string> | undefined {
  const p = role.configProperties['retry-policy'];
  return p ? { key: p.key, value: p.value.trim().toUpperCase() } : undefined;
}
