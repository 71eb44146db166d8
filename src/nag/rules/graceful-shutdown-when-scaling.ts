// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { finding, TrinoRuleMetadata } from '../private/findings';
import { trinoChartOf } from '../private/kubernetes';
import { hasReference } from '../private/quantities';
import { workersScale } from '../private/scaling';

export const metadata: TrinoRuleMetadata = {
  suffix: 'GracefulShutdownWhenScaling',
  level: NagMessageLevel.WARN,
  info: 'Trino workers are autoscaled without graceful shutdown: scale-down kills running tasks.',
  checks:
    'On a Trino release whose workers are scaled (the chart\'s `server.keda` or `server.autoscaling`, or a ' +
    'ScaledObject or HorizontalPodAutoscaler manifest in the release namespace whose `scaleTargetRef` names the ' +
    'worker Deployment, whatever kind it gives): `worker.gracefulShutdown.enabled` ' +
    'is true, or the workers have a `worker.lifecycle.preStop` hook and a `shutdown.grace-period` property ' +
    '(graceful shutdown configured by hand).',
  why:
    'The seed scales workers with KEDA; Kubernetes picks which pod to remove (kedacore/keda #2900). Without Trino\'s ' +
    'graceful shutdown the worker dies with its tasks (data-on-eks PR #726: "the KEDA scaled object interrupts ' +
    'active queries to scale down").',
  fix:
    'Set `worker.gracefulShutdown: { enabled: true, gracePeriodSeconds: <s> }` and ' +
    '`worker.terminationGracePeriodSeconds` ≥ 2 × that (TrinoKedaScaler does).',
  findings: '`Value::worker.gracefulShutdown.enabled`',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref || !ref.chart.worker.rendered || !workersScale(ref)) return NagRuleCompliance.NOT_APPLICABLE;
  const w = ref.chart.worker;
  if (hasReference(ref.chart.gracefulShutdown.value)) return NagRuleCompliance.NOT_APPLICABLE;
  const manual = !!w.lifecycle.value?.preStop && !!w.configProperties['shutdown.grace-period'];
  return ref.chart.gracefulShutdown.value === true || manual
    ? NagRuleCompliance.COMPLIANT
    : [finding('Value', ref.chart.gracefulShutdown.key)];
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
