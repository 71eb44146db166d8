// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { exposures } from '../private/endpoint';
import { finding, TrinoRuleMetadata } from '../private/findings';
import { kubeObjects, namespaceOf, trinoChartOf } from '../private/kubernetes';
import { selectorMatches } from '../private/selectors';

export const metadata: TrinoRuleMetadata = {
  suffix: 'EndpointWithoutNetworkPolicy',
  level: NagMessageLevel.WARN,
  info: 'The Trino coordinator is reachable from outside the cluster, and no NetworkPolicy limits who reaches its pods.',
  checks:
    'On a Trino Helm release whose coordinator is reachable from outside the cluster (`ingress.enabled`, or ' +
    '`service.type` `LoadBalancer` or `NodePort`): the chart\'s `networkPolicy.enabled` is true, or a manifest of the ' +
    'stack on the same cluster applies a `networking.k8s.io` NetworkPolicy in the release\'s namespace whose ' +
    '`podSelector` selects the coordinator pods and that restricts ingress (`policyTypes` unset or listing `Ingress`), ' +
    'as TrinoCluster\'s `NetworkPolicies` manifest does.',
  why:
    'An endpoint brings clients from outside; inside the cluster every pod can still open the coordinator\'s and ' +
    'the workers\' port 8080 over plain HTTP, past the load balancer\'s TLS and source CIDRs, and call the management ' +
    'endpoints as `management.user` or a worker\'s graceful shutdown. A NetworkPolicy admits only the load balancer, ' +
    'KEDA, Prometheus and Trino\'s own pods. Enforced only when the VPC CNI enforces network policies ' +
    '(`enableNetworkPolicy`).',
  fix:
    'Keep TrinoCluster\'s `networkPolicy` enabled (the default with an `endpoint` or `authentication`), or set the ' +
    'chart\'s `networkPolicy.enabled: true` with ingress rules for the load balancer, or apply your own NetworkPolicy ' +
    'on the coordinator pods.',
  findings: '`Value::networkPolicy.enabled`',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref) return NagRuleCompliance.NOT_APPLICABLE;
  if (exposures(ref.chart).length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  if (ref.chart.networkPolicy.value) return NagRuleCompliance.COMPLIANT;
  const guarded = kubeObjects(node, 'NetworkPolicy', 'networking.k8s.io', ref.cluster).some(({ obj }) => {
    if (namespaceOf(obj) !== ref.chart.namespace) return false;
    const types = obj.spec?.policyTypes;
    if (Array.isArray(types) && !types.includes('Ingress')) return false;
    return selectorMatches(obj.spec?.podSelector, ref.chart.coordinator.podLabels);
  });
  return guarded ? NagRuleCompliance.COMPLIANT : [finding('Value', ref.chart.networkPolicy.key)];
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
