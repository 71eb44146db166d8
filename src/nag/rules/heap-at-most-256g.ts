// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { finding, result, TrinoRuleMetadata } from '../private/findings';
import { trinoChartOf } from '../private/kubernetes';
import { MAX_HEAP_BYTES, renderedRoles, roleMemory } from '../private/memory';

export const metadata: TrinoRuleMetadata = {
  suffix: 'HeapAtMost256G',
  level: NagMessageLevel.WARN,
  info: `A Trino JVM heap is larger than ${MAX_HEAP_BYTES / 2 ** 30} GiB (the seed's "under 256GB").`,
  checks:
    'On a Trino Helm release, for the coordinator and the workers: the JVM heap (as in HeapShareOfContainer) is at ' +
    `most ${MAX_HEAP_BYTES / 2 ** 30} GiB: under 256 GB whether GB means 10^9 or 2^30 bytes (a 256 GiB heap is 274.9 GB).`,
  why:
    'The seed: "Keep JVM heap under 256GB per worker (JVM garbage collection limitation)". Larger G1 heaps mean ' +
    'longer pauses and worse behaviour under pressure; on very large instances leave the rest of the memory to ' +
    'the OS page cache and off-heap buffers.',
  fix: `Cap \`<role>.jvm.maxHeapSize\` at ${MAX_HEAP_BYTES / 2 ** 30}G (TrinoSizing caps it at TrinoSizing.MAX_HEAP).`,
  findings: '`Value::<role>.jvm.maxHeapSize` (or `.jvm.maxHeapPercent`)',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref) return NagRuleCompliance.NOT_APPLICABLE;
  const out: string[] = [];
  for (const role of renderedRoles(ref.chart)) {
    const m = roleMemory(role);
    if (m.heap && m.heap.bytes > MAX_HEAP_BYTES) out.push(finding('Value', m.heap.key));
  }
  return result(out);
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
