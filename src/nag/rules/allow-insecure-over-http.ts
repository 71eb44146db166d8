// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { finding, result, TrinoRuleMetadata } from '../private/findings';
import { trinoChartOf } from '../private/kubernetes';
import { renderedRoles } from '../private/memory';

export const ALLOW_INSECURE = 'http-server.authentication.allow-insecure-over-http';

export const metadata: TrinoRuleMetadata = {
  suffix: 'AllowInsecureOverHttp',
  level: NagMessageLevel.ERROR,
  info: `Trino is configured with ${ALLOW_INSECURE}=true.`,
  checks:
    `On a Trino Helm release: no rendered config.properties (coordinator or workers) sets \`${ALLOW_INSECURE}\` to ` +
    '`true` (the last line of the property wins, as Trino reads it).',
  why:
    'With this property Trino answers plain-HTTP requests with the insecure authenticator: the user is whatever ' +
    'name the client sends in `X-Trino-User`, without a password. Any pod or network path that reaches port 8080 ' +
    'without TLS then acts as any user, past the password or OAuth 2.0 authentication, and the access control rules ' +
    'judge the name it chose. Trino sets it to false by itself when authentication is on with HTTPS or ' +
    '`http-server.process-forwarded`; setting it to true undoes that.',
  fix:
    `Remove \`${ALLOW_INSECURE}=true\`. KEDA and other in-cluster readers of management endpoints need ` +
    '`management.user` (TrinoKedaScaler sets it), not insecure authentication.',
  findings: '`Value::<key>`: the values key that set the property',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref) return NagRuleCompliance.NOT_APPLICABLE;
  const out: string[] = [];
  for (const role of renderedRoles(ref.chart)) {
    const p = role.configProperties[ALLOW_INSECURE];
    if (p && p.value.trim().toLowerCase() === 'true') out.push(finding('Value', p.key));
  }
  return result(out);
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
