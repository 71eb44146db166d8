// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { finding, result, TrinoRuleMetadata } from '../private/findings';
import { nameOf, objectsOf, trinoChartOf, trinoCharts } from '../private/kubernetes';
import { hasReference } from '../private/quantities';
import { isForTrino, KEDA_DEFAULT_COOLDOWN } from '../private/scaling';

/** The seed's recommended KEDA cooldown, in seconds. */
export const MIN_COOLDOWN_SECONDS = 300;

export const metadata: TrinoRuleMetadata = {
  suffix: 'ScaledObjectCooldown',
  level: NagMessageLevel.WARN,
  info: `The KEDA cooldown of the Trino workers is below ${MIN_COOLDOWN_SECONDS} seconds.`,
  checks:
    `On a Trino release with \`server.keda.enabled\`: \`server.keda.cooldownPeriod\` ≥ ${MIN_COOLDOWN_SECONDS} ` +
    `(chart default 300). On a ScaledObject manifest meant for Trino: \`spec.cooldownPeriod\` ≥ ${MIN_COOLDOWN_SECONDS} ` +
    `(KEDA default ${KEDA_DEFAULT_COOLDOWN}).`,
  why:
    'The seed: "Set cooldown period (300s recommended) to prevent rapid scaling oscillations". Each Trino worker ' +
    'is a node Karpenter launches (60–90 s per the seed); dropping to zero right after a burst means the next query ' +
    'waits for a new node again.',
  fix: `Set the cooldown to ${MIN_COOLDOWN_SECONDS} seconds or more (TrinoKedaScaler's default is 300 s).`,
  findings: '`Value::server.keda.cooldownPeriod`, `ScaledObject::<name>`',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (ref) {
    const cd = ref.chart.keda?.cooldownPeriod;
    if (!cd) return NagRuleCompliance.NOT_APPLICABLE;
    return cd.value < MIN_COOLDOWN_SECONDS ? [finding('Value', cd.key)] : NagRuleCompliance.COMPLIANT;
  }
  const charts = trinoCharts(node);
  const scaled = objectsOf(node).filter((o) => o.obj.kind === 'ScaledObject' && isForTrino(o, charts));
  if (scaled.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  return result(
    scaled
      .filter((o) => !hasReference(o.obj.spec?.cooldownPeriod))
      .filter((o) => Number(o.obj.spec?.cooldownPeriod ?? KEDA_DEFAULT_COOLDOWN) < MIN_COOLDOWN_SECONDS)
      .map((o) => finding('ScaledObject', nameOf(o.obj))),
  );
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
