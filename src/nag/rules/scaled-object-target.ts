// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { finding, result, TrinoRuleMetadata } from '../private/findings';
import { nameOf, objectsOf, trinoChartOf, trinoCharts } from '../private/kubernetes';
import { hasReference } from '../private/quantities';
import { isForTrino, targetsWorkers } from '../private/scaling';

export const metadata: TrinoRuleMetadata = {
  suffix: 'ScaledObjectTarget',
  level: NagMessageLevel.ERROR,
  info: 'A KEDA ScaledObject for Trino does not scale a Trino worker Deployment that exists, or cannot be rendered.',
  checks:
    'On a `keda.sh` ScaledObject manifest meant for Trino (its name or target contains `trino`, or it targets a ' +
    'Trino Deployment): `scaleTargetRef` is `apps/v1` `Deployment` `<fullname>-worker` of a Trino release in the ' +
    'same namespace on the same cluster that renders its workers, and that release does not also enable the chart\'s ' +
    '`server.keda`. On a Trino release with `server.keda.enabled`: `server.autoscaling.enabled` is off and ' +
    '`server.keda.triggers` is not empty (the chart refuses to render otherwise).',
  why:
    'The seed scales workers with KEDA. The anchor stack\'s ScaledObject targets a StatefulSet the chart never ' +
    'renders, so it never scales anything; KEDA also refuses a second ScaledObject on a Deployment that one ' +
    'already manages. The chart\'s own `server.keda` always targets the worker Deployment of its release.',
  fix:
    'Target `{ apiVersion: apps/v1, kind: Deployment, name: <fullname>-worker }` in the release namespace (' +
    '`trino-worker` for release `trino`, `<release>-trino-worker` otherwise), or use the chart\'s `server.keda` ' +
    '(TrinoKedaScaler does).',
  findings: '`ScaledObject::<name>`, `Value::server.autoscaling.enabled`, `Value::server.keda.triggers`',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (ref) {
    if (!ref.chart.keda) return NagRuleCompliance.NOT_APPLICABLE;
    const out: string[] = [];
    if (ref.chart.hpa.value) out.push(finding('Value', ref.chart.hpa.key));
    const triggers = ref.chart.keda.triggers;
    if (!Array.isArray(triggers.value) || triggers.value.length === 0) out.push(finding('Value', triggers.key));
    return result(out);
  }
  const scaled = objectsOf(node).filter((o) => o.obj.kind === 'ScaledObject');
  if (scaled.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  const charts = trinoCharts(node);
  // a release name or name override known only at deploy time: the worker Deployment's name is unknown
  if (charts.some((c) => hasReference(c.chart.worker.deployment) || hasReference(c.chart.namespace))) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const forTrino = scaled.filter((o) => isForTrino(o, charts));
  if (forTrino.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  return result(
    forTrino
      .filter((o) => !charts.some((c) => targetsWorkers(o, c) && c.chart.worker.rendered && !c.chart.keda))
      .map((o) => finding('ScaledObject', nameOf(o.obj))),
  );
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
