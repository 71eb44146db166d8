// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { finding, TrinoRuleMetadata } from '../private/findings';
import { trinoChartOf } from '../private/kubernetes';
import { hasReference } from '../private/quantities';
import { selectorMatches } from '../private/selectors';

const HOSTNAME = 'kubernetes.io/hostname';

export const metadata: TrinoRuleMetadata = {
  suffix: 'WorkerOnePodPerNode',
  level: NagMessageLevel.WARN,
  info: 'Trino workers can share a node: nothing keeps them one pod per node.',
  checks:
    'On a Trino Helm release: `worker.affinity` has a required pod anti-affinity term on `kubernetes.io/hostname` ' +
    'whose label selector matches the labels the chart puts on this release\'s worker pods (same namespace), or ' +
    '`worker.topologySpreadConstraints` has `maxSkew: 1` on `kubernetes.io/hostname` with `DoNotSchedule` and a ' +
    'selector matching them.',
  why:
    'The seed\'s "Critical: 1-Pod-Per-Node Pattern": deploy exactly one Trino worker pod per node, with pod ' +
    'anti-affinity. A selector that matches no pod (the anchor stack\'s `component: worker`, while the chart ' +
    'labels pods `app.kubernetes.io/component`) enforces nothing.',
  fix:
    'Add `worker.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution` with ' +
    '`topologyKey: kubernetes.io/hostname` and `matchLabels` `app.kubernetes.io/name: trino`, ' +
    '`app.kubernetes.io/instance: <release>`, `app.kubernetes.io/component: worker` (TrinoCluster does this).',
  findings: '`Value::worker.affinity`',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref) return NagRuleCompliance.NOT_APPLICABLE;
  const w = ref.chart.worker;
  if (!w.rendered) return NagRuleCompliance.NOT_APPLICABLE;
  if (hasReference([w.affinity.value?.podAntiAffinity, w.topologySpreadConstraints.value, w.podLabels])) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const terms = w.affinity.value?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const antiAffinity = (Array.isArray(terms) ? terms : []).some(
    (t: any) =>
      t?.topologyKey === HOSTNAME &&
      !t.namespaceSelector &&
      (!Array.isArray(t.namespaces) || t.namespaces.length === 0 || t.namespaces.includes(ref.chart.namespace)) &&
      selectorMatches(t.labelSelector, w.podLabels),
  );
  const spread = (Array.isArray(w.topologySpreadConstraints.value) ? w.topologySpreadConstraints.value : []).some(
    (t: any) =>
      t?.topologyKey === HOSTNAME &&
      Number(t.maxSkew) === 1 &&
      (t.whenUnsatisfiable ?? 'DoNotSchedule') === 'DoNotSchedule' &&
      selectorMatches(t.labelSelector, w.podLabels),
  );
  return antiAffinity || spread ? NagRuleCompliance.COMPLIANT : [finding('Value', w.affinity.key)];
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
