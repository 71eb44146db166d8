// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { ALB, cidrList, INTERNET_FACING, OPEN_CIDRS, openToAll, SERVICE_LB } from '../private/endpoint';
import { finding, result, TrinoRuleMetadata } from '../private/findings';
import { nameOf, namespaceOf, objectsOf, trinoChartOf, trinoCharts } from '../private/kubernetes';
import { hasReference } from '../private/quantities';
import { selectorMatches } from '../private/selectors';

export const metadata: TrinoRuleMetadata = {
  suffix: 'InternetFacingWithoutSourceCidrs',
  level: NagMessageLevel.ERROR,
  info: 'An internet-facing load balancer in front of Trino accepts every source address.',
  checks:
    'On a Trino Helm release: when the Ingress is internet-facing (`ingress.annotations` ' +
    `\`${ALB.scheme}: ${INTERNET_FACING}\`), \`${ALB.inboundCidrs}\` lists source CIDRs and none of ` +
    `${OPEN_CIDRS.map((c) => `\`${c}\``).join(', ')} (not judged when \`${ALB.securityGroups}\` sets the load ` +
    'balancer\'s own security groups); when `service.type` is `LoadBalancer` with `service.annotations` ' +
    `\`${SERVICE_LB.scheme}: ${INTERNET_FACING}\`, \`${SERVICE_LB.sourceRanges}\` does the same (the chart's Service ` +
    'has no `loadBalancerSourceRanges`). On a `LoadBalancer` Service in a manifest of the stack that selects the ' +
    'coordinator pods of a release (same cluster and namespace) and has that scheme: `spec.loadBalancerSourceRanges` ' +
    'or the annotation. Annotations holding references are not judged.',
  why:
    'The AWS Load Balancer Controller opens an internet-facing load balancer to 0.0.0.0/0 by default: the Trino ' +
    'login page, its REST API and every authenticator are then exposed to password guessing and to any flaw found in ' +
    'them, from the whole internet. TrinoCluster refuses `endpoint.internetFacing` without `endpoint.sourceCidrs`.',
  fix:
    'Set `endpoint.sourceCidrs` (TrinoCluster) to your client networks, or the ' +
    `\`${ALB.inboundCidrs}\` annotation (Ingress) / \`${SERVICE_LB.sourceRanges}\` annotation or ` +
    '`spec.loadBalancerSourceRanges` (Service); or make the load balancer internal.',
  findings: '`Value::ingress.annotations`, `Value::service.annotations`, `Service::<name>`',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (ref) {
    const out: string[] = [];
    const ingress = ref.chart.ingress;
    if (ingress) {
      const a = ingress.value.annotations;
      if (a[ALB.scheme] === INTERNET_FACING && a[ALB.securityGroups] === undefined && !hasReference(a[ALB.inboundCidrs]) &&
        openToAll(cidrList(a[ALB.inboundCidrs]))) {
        out.push(finding('Value', 'ingress.annotations'));
      }
    }
    const service = ref.chart.service;
    const sa = service.annotations.value;
    if (service.type.value === 'LoadBalancer' && sa[SERVICE_LB.scheme] === INTERNET_FACING &&
      !hasReference(sa[SERVICE_LB.sourceRanges]) && openToAll(cidrList(sa[SERVICE_LB.sourceRanges]))) {
      out.push(finding('Value', service.annotations.key));
    }
    return result(out);
  }
  // a hand-written LoadBalancer Service in front of a release's coordinator
  const services = objectsOf(node).filter((o) => o.obj.kind === 'Service' && o.obj.spec?.type === 'LoadBalancer');
  if (services.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  const out: string[] = [];
  let judged = false;
  for (const { obj, cluster } of services) {
    const selector = obj.spec?.selector;
    if (!selector || typeof selector !== 'object' || Object.keys(selector).length === 0) continue;
    const fronts = trinoCharts(node, cluster).some((c) =>
      c.chart.namespace === namespaceOf(obj) && selectorMatches({ matchLabels: selector }, c.chart.coordinator.podLabels));
    if (!fronts) continue;
    const annotations = obj.metadata?.annotations ?? {};
    if (annotations[SERVICE_LB.scheme] !== INTERNET_FACING) continue;
    const ranges = Array.isArray(obj.spec.loadBalancerSourceRanges) && obj.spec.loadBalancerSourceRanges.length > 0
      ? obj.spec.loadBalancerSourceRanges.map(String)
      : cidrList(annotations[SERVICE_LB.sourceRanges]);
    if (ranges.some((r: string) => hasReference(r))) continue;
    judged = true;
    if (openToAll(ranges)) out.push(finding('Service', nameOf(obj)));
  }
  return judged ? result(out) : NagRuleCompliance.NOT_APPLICABLE;
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
