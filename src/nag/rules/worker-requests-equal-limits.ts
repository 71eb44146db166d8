// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { finding, result, TrinoRuleMetadata } from '../private/findings';
import { trinoChartOf } from '../private/kubernetes';
import { hasReference, parseQuantity } from '../private/quantities';

export const metadata: TrinoRuleMetadata = {
  suffix: 'WorkerRequestsEqualLimits',
  level: NagMessageLevel.WARN,
  info: 'Trino worker CPU or memory requests differ from their limits (or limits are missing).',
  checks:
    'On a Trino Helm release: `worker.resources.limits.cpu` and `.memory` are set, and the requests are either ' +
    'unset (Kubernetes then uses the limits) or equal to them (quantities compared by value: `16` = `16000m`).',
  why:
    'The seed: Trino "requires exclusive access to node CPU and memory" and a homogeneous allocation across ' +
    'workers. Requests equal to limits give the pod the Guaranteed QoS class: it is the last to be evicted under ' +
    'node pressure, the JVM sees a fixed memory limit to size its heap against, and the scheduler reserves what ' +
    'the pod can actually use.',
  fix: 'Set `worker.resources.requests` equal to `worker.resources.limits` for `cpu` and `memory` (TrinoCluster does this).',
  findings: '`Value::worker.resources.limits.cpu` or `.memory` (no limit), `Value::worker.resources.requests.cpu` ' +
    'or `.memory` (the request differs)',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref || !ref.chart.worker.rendered) return NagRuleCompliance.NOT_APPLICABLE;
  const res = ref.chart.worker.resources;
  const out: string[] = [];
  for (const r of ['cpu', 'memory']) {
    const limit = res.value?.limits?.[r];
    const request = res.value?.requests?.[r];
    if (hasReference(limit) || hasReference(request)) continue;
    if (limit === undefined || limit === null) {
      out.push(finding('Value', `${res.key}.limits.${r}`));
    } else if (request !== undefined && request !== null && parseQuantity(request) !== parseQuantity(limit)) {
      out.push(finding('Value', `${res.key}.requests.${r}`));
    }
  }
  return result(out);
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
