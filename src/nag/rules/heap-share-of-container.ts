// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { finding, result, TrinoRuleMetadata } from '../private/findings';
import { trinoChartOf } from '../private/kubernetes';
import {
  HEAP_SHARE_MAX, HEAP_SHARE_MIN, MAX_HEAP_BYTES, renderedRoles, roleMemory, SHARE_TOLERANCE,
} from '../private/memory';

export const metadata: TrinoRuleMetadata = {
  suffix: 'HeapShareOfContainer',
  level: NagMessageLevel.WARN,
  info: 'A Trino JVM heap is outside 70–85% of its container memory limit (or the container has no memory limit).',
  checks:
    'On a Trino Helm release, for the coordinator and the workers: the JVM heap (`<role>.jvm.maxHeapSize`, else ' +
    '`<role>.jvm.maxHeapPercent` of the limit, else the JVM default of 25%) is ' +
    `${HEAP_SHARE_MIN * 100}–${HEAP_SHARE_MAX * 100}% of \`<role>.resources.limits.memory\` ` +
    `(±${SHARE_TOLERANCE * 100} points for rounding). A heap at the ${MAX_HEAP_BYTES / 2 ** 30} GiB cap may be ` +
    'a smaller share.',
  why:
    'The seed: "Allocate 70-85% of node memory to JVM heap". Less wastes the node Trino owns; more leaves too ' +
    'little for off-heap memory (direct buffers, metaspace, thread stacks), and the kernel OOM-kills the container ' +
    'before the JVM sees a full heap. Without a memory limit the heap has nothing to be sized against.',
  fix:
    'Set `<role>.jvm.maxHeapSize` to 70–85% of `<role>.resources.limits.memory` (TrinoSizing uses 80%), and set ' +
    'the limit.',
  findings: '`Value::<role>.jvm.maxHeapSize` (or `.jvm.maxHeapPercent`), `Value::<role>.resources.limits.memory` ' +
    '(no limit)',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref) return NagRuleCompliance.NOT_APPLICABLE;
  const out: string[] = [];
  for (const role of renderedRoles(ref.chart)) {
    const m = roleMemory(role);
    if (!m.limit) {
      if (!role.resources.value?.limits?.memory) out.push(finding('Value', m.limitKey));
      continue;
    }
    if (!m.heap) continue;
    const share = m.heap.bytes / m.limit.bytes;
    const capped = m.heap.bytes >= MAX_HEAP_BYTES && share < HEAP_SHARE_MIN;
    if (!capped && (share < HEAP_SHARE_MIN - SHARE_TOLERANCE || share > HEAP_SHARE_MAX + SHARE_TOLERANCE)) {
      out.push(finding('Value', m.heap.key));
    }
  }
  return result(out);
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
