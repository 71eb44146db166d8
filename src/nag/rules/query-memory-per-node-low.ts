// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { RenderedTrinoRole } from '../../config/chart';
import { TrinoRole } from '../../config/trino-config';
import { finding, result, TrinoRuleMetadata } from '../private/findings';
import { trinoChartOf } from '../private/kubernetes';
import { QUERY_SHARE_MIN, roleMemory, SHARE_TOLERANCE } from '../private/memory';

export const metadata: TrinoRuleMetadata = {
  suffix: 'QueryMemoryPerNodeLow',
  level: NagMessageLevel.WARN,
  info:
    `query.max-memory-per-node is below ${QUERY_SHARE_MIN * 100}% of the JVM heap of a Trino node that runs query ` +
    'tasks: one query cannot use most of the memory the node was sized for.',
  checks:
    'On a Trino Helm release, for the workers (and for the coordinator when `node-scheduler.include-coordinator` is ' +
    'true, since it then runs tasks too): the effective `query.max-memory-per-node` (as in QueryMemoryPerNode; the ' +
    `chart default is 1GB) is at least ${QUERY_SHARE_MIN * 100}% of the heap (−${SHARE_TOLERANCE * 100} points for ` +
    'rounding). The bound is TrinoSizing\'s smallest `queryMemoryFraction`. A coordinator that only schedules is ' +
    'not checked: its heap serves planning, which query memory does not account.',
  why:
    'The seed sizes `query.max-memory-per-node` at "~80% of JVM heap" on nodes Trino owns one pod per node. It is ' +
    'the most memory one query may use on one node: Trino fails the query ("Query exceeded per-node memory limit") ' +
    'or spills when it passes the limit, however much of the heap is free. The node\'s memory pool (heap minus ' +
    'headroom) is shared by concurrent queries, so the rest of the heap only serves several queries at once; a large ' +
    'join or aggregation, the workload the seed sizes nodes for, never gets it. The chart default (1GB on an 8G heap) ' +
    'is such a setting.',
  fix:
    `Raise \`worker.config.query.maxMemoryPerNode\` to ${QUERY_SHARE_MIN * 100}–85% of \`worker.jvm.maxHeapSize\` ` +
    '(TrinoSizing: 80%), keeping it plus `memory.heap-headroom-per-node` within the heap; or shrink the heap and the ' +
    'instance. TrinoCluster sizes it from the instance type.',
  findings: '`Value::<key>`: the values key that set the property (`worker.config.query.maxMemoryPerNode`, ' +
    '`additionalConfigProperties`, ...)',
};

/** Whether a role runs query tasks: workers always, the coordinator only when the scheduler includes it. */
function runsTasks(role: RenderedTrinoRole): boolean {
  if (!role.rendered) return false;
  if (role.role === TrinoRole.WORKER) return true;
  return role.configProperties['node-scheduler.include-coordinator']?.value.trim().toLowerCase() === 'true';
}

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref) return NagRuleCompliance.NOT_APPLICABLE;
  const out: string[] = [];
  for (const role of [ref.chart.coordinator, ref.chart.worker].filter(runsTasks)) {
    const m = roleMemory(role);
    if (m.heap && m.queryMaxPerNode && m.queryMaxPerNode.bytes < m.heap.bytes * (QUERY_SHARE_MIN - SHARE_TOLERANCE)) {
      out.push(finding('Value', m.queryMaxPerNode.key));
    }
  }
  return result(out);
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
