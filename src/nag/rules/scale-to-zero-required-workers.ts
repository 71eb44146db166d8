// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { finding, result, TrinoRuleMetadata } from '../private/findings';
import { nameOf, trinoChartOf } from '../private/kubernetes';
import { hasReference } from '../private/quantities';
import { KEDA_DEFAULT_MIN_REPLICAS, workerScaledObjects } from '../private/scaling';

export const metadata: TrinoRuleMetadata = {
  suffix: 'ScaleToZeroRequiredWorkers',
  level: NagMessageLevel.ERROR,
  info: 'Trino workers scale to zero but the coordinator does not wait for workers (query-manager.required-workers).',
  checks:
    'On a Trino release whose workers a KEDA ScaledObject can scale to zero (the chart\'s `server.keda` with ' +
    '`minReplicaCount` 0, its default, or a ScaledObject manifest on the worker Deployment with `minReplicaCount` ' +
    `(KEDA default ${KEDA_DEFAULT_MIN_REPLICAS}) or \`idleReplicaCount\` 0): the coordinator's config sets ` +
    '`query-manager.required-workers` to 1 or more.',
  why:
    'The seed\'s scale-to-zero: "Configure minReplicaCount: 0 to eliminate idle worker costs", with workers ' +
    'provisioned when queries arrive. With no worker, Trino fails a query at once with "Insufficient active worker ' +
    'nodes" unless `query-manager.required-workers` makes it wait (trinodb/charts PR #409), and a failed query ' +
    'never shows up as queued for KEDA to act on.',
  fix:
    'Add `query-manager.required-workers=1` and `query-manager.required-workers-max-wait` (longer than a node ' +
    'launch) to `server.coordinatorExtraConfig` (TrinoKedaScaler does), or keep at least one worker.',
  findings: '`Value::server.keda.minReplicaCount`, `ScaledObject::<name>`',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref) return NagRuleCompliance.NOT_APPLICABLE;
  const toZero: string[] = [];
  const keda = ref.chart.keda;
  if (keda && keda.minReplicaCount.value === 0) toZero.push(finding('Value', keda.minReplicaCount.key));
  for (const o of workerScaledObjects(ref)) {
    const spec = o.obj.spec ?? {};
    if (Number(spec.minReplicaCount ?? KEDA_DEFAULT_MIN_REPLICAS) === 0 || spec.idleReplicaCount === 0) {
      toZero.push(finding('ScaledObject', nameOf(o.obj)));
    }
  }
  if (toZero.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  const required = ref.chart.coordinator.configProperties['query-manager.required-workers'];
  if (required && hasReference(required.value)) return NagRuleCompliance.NOT_APPLICABLE;
  return required && Number(required.value) >= 1 ? NagRuleCompliance.COMPLIANT : result(toZero);
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
