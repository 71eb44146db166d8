// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { finding, result, TrinoRuleMetadata } from '../private/findings';
import { trinoChartOf } from '../private/kubernetes';
import { DEFAULT_HEADROOM_SHARE, renderedRoles, roleMemory } from '../private/memory';

export const metadata: TrinoRuleMetadata = {
  suffix: 'HeapHeadroom',
  level: NagMessageLevel.ERROR,
  info: 'Trino cannot start: query.max-memory-per-node plus the heap headroom exceed the heap, or a memory size is invalid.',
  checks:
    'On a Trino Helm release, for the coordinator and the workers: `query.max-memory-per-node` + ' +
    '`memory.heap-headroom-per-node` (Trino\'s default when unset: ' +
    `${DEFAULT_HEADROOM_SHARE * 100}% of the heap) ≤ the heap; an explicit headroom is not 0; \`<role>.jvm.maxHeapSize\` ` +
    'is a JVM size (`8G`, `22176M`) and the two properties are Trino data sizes (`17740MB`, `1.6GB`).',
  why:
    'Trino refuses to start when the query memory and the headroom do not fit in the heap, and the JVM refuses ' +
    '`-Xmx8GB`. The seed: "Leave 10-15% memory headroom for OS and non-query operations"; a zero heap headroom ' +
    'lets untracked allocations exhaust the heap.',
  fix:
    'Make `<role>.config.query.maxMemoryPerNode` + `<role>.config.memory.heapHeadroomPerNode` at most ' +
    '`<role>.jvm.maxHeapSize` (TrinoSizing: 80% + 20% of the heap), with a headroom above 0, and use ' +
    '`G`/`M` for the heap and `GB`/`MB` for the properties.',
  findings: '`Value::<key>`: the invalid key, or the key of query.max-memory-per-node (or of an explicit zero headroom)',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref) return NagRuleCompliance.NOT_APPLICABLE;
  const out: string[] = [];
  for (const role of renderedRoles(ref.chart)) {
    const m = roleMemory(role);
    out.push(...m.invalid.map((k) => finding('Value', k)));
    if (m.headroom?.explicit && m.headroom.bytes === 0) out.push(finding('Value', m.headroom.key));
    if (m.heap && m.queryMaxPerNode && m.headroom && m.queryMaxPerNode.bytes + m.headroom.bytes > m.heap.bytes) {
      out.push(finding('Value', m.queryMaxPerNode.key));
    }
  }
  return result(out);
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
