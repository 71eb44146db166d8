// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { ALB, authentication, ingressTerminatesTls, propertyTrue } from '../private/endpoint';
import { finding, TrinoRuleMetadata } from '../private/findings';
import { trinoChartOf } from '../private/kubernetes';

export const metadata: TrinoRuleMetadata = {
  suffix: 'AuthenticationWithoutTls',
  level: NagMessageLevel.ERROR,
  info: 'Trino authentication is on, but clients do not reach Trino over TLS.',
  checks:
    'On a Trino Helm release whose coordinator has an `http-server.authentication.type` (other than `insecure`): ' +
    'either the coordinator serves HTTPS itself (`server.config.https.enabled`, or `http-server.https.enabled=true`), ' +
    'or its Ingress terminates TLS and the coordinator trusts the forwarded scheme (`http-server.process-forwarded=' +
    `true\`). The Ingress terminates TLS when it is an ALB with \`${ALB.certificateArn}\` whose \`${ALB.listenPorts}\` ` +
    `are all HTTPS (the default with a certificate), or whose HTTP listeners redirect (\`${ALB.sslRedirect}\`), or ` +
    'when `ingress.tls` lists TLS Secrets.',
  why:
    'Passwords and tokens must not cross the network in clear text. Trino runs its authenticators only on secure ' +
    'requests: over plain HTTP it either refuses them (403) or, with `allow-insecure-over-http` (its default unless ' +
    'HTTPS or process-forwarded is on), takes the user name the client sends, so the authentication protects nothing. ' +
    'Behind a TLS-terminating load balancer the coordinator sees plain HTTP and needs `http-server.process-forwarded` ' +
    'to know the client\'s hop was HTTPS.',
  fix:
    'Give the TrinoCluster an `endpoint` (domain name and ACM certificate: an HTTPS-only ALB, and process-forwarded on ' +
    'the coordinator). With the chart directly, add the ALB annotations `certificate-arn` and `listen-ports: ' +
    '\'[{"HTTPS":443}]\'` and `http-server.process-forwarded=true` to `server.coordinatorExtraConfig`, or enable ' +
    '`server.config.https` with a keystore.',
  findings: '`Value::<key>`: the values key that set the authentication type',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref) return NagRuleCompliance.NOT_APPLICABLE;
  const auth = authentication(ref.chart);
  if (!auth) return NagRuleCompliance.NOT_APPLICABLE;
  if (propertyTrue(ref.chart, 'coordinator', 'http-server.https.enabled')) return NagRuleCompliance.COMPLIANT;
  if (ingressTerminatesTls(ref.chart) && propertyTrue(ref.chart, 'coordinator', 'http-server.process-forwarded')) {
    return NagRuleCompliance.COMPLIANT;
  }
  return [finding('Value', auth.key)];
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
