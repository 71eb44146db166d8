// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { finding, result, TrinoRuleMetadata } from '../private/findings';
import { trinoChartOf } from '../private/kubernetes';
import { QUERY_SHARE_MAX, renderedRoles, roleMemory, SHARE_TOLERANCE } from '../private/memory';

export const metadata: TrinoRuleMetadata = {
  suffix: 'QueryMemoryPerNode',
  level: NagMessageLevel.WARN,
  info: `query.max-memory-per-node is more than ${QUERY_SHARE_MAX * 100}% of the JVM heap.`,
  checks:
    'On a Trino Helm release, for the coordinator and the workers: the effective `query.max-memory-per-node` ' +
    '(`<role>.config.query.maxMemoryPerNode`, or a later line in `additionalConfigProperties` / the extra config) ' +
    `is at most ${QUERY_SHARE_MAX * 100}% of the heap (±${SHARE_TOLERANCE * 100} points).`,
  why:
    'The seed: "Configure query.max-memory-per-node to ~80% of JVM heap" (the ceiling here allows 5 points more, ' +
    'as TrinoSizing does). The rest of the heap is headroom for allocations Trino does not track; without it ' +
    'workers die of heap exhaustion instead of Trino killing the largest query.',
  fix: 'Lower `<role>.config.query.maxMemoryPerNode` to about 80% of the heap.',
  findings: '`Value::<key>`: the values key that set the property',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref) return NagRuleCompliance.NOT_APPLICABLE;
  const out: string[] = [];
  for (const role of renderedRoles(ref.chart)) {
    const m = roleMemory(role);
    if (m.heap && m.queryMaxPerNode && m.queryMaxPerNode.bytes > m.heap.bytes * (QUERY_SHARE_MAX + SHARE_TOLERANCE)) {
      out.push(finding('Value', m.queryMaxPerNode.key));
    }
  }
  return result(out);
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
