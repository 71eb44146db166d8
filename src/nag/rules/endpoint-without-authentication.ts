// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { authentication, EXPOSING_SERVICE_TYPES, exposures } from '../private/endpoint';
import { finding, result, TrinoRuleMetadata } from '../private/findings';
import { trinoChartOf } from '../private/kubernetes';

export const metadata: TrinoRuleMetadata = {
  suffix: 'EndpointWithoutAuthentication',
  level: NagMessageLevel.ERROR,
  info: 'The Trino coordinator is reachable from outside the cluster without authentication.',
  checks:
    'On a Trino Helm release whose coordinator is reachable from outside the cluster (`ingress.enabled`, or ' +
    `\`service.type\` ${EXPOSING_SERVICE_TYPES.map((t) => `\`${t}\``).join(' or ')}): the coordinator's ` +
    '`http-server.authentication.type` (`server.config.authenticationType`, or a later line of ' +
    '`additionalConfigProperties` / `server.coordinatorExtraConfig`) names an authenticator other than `insecure`.',
  why:
    'Without authentication Trino takes the user name a client sends (`X-Trino-User`) and runs its queries with the ' +
    'Trino IAM role\'s access to Glue and S3: anyone who reaches the load balancer or a node port can read and write ' +
    'every table of every catalog as any user, and access control rules on users protect nothing.',
  fix:
    'Set the TrinoCluster `authentication` (`TrinoAuthentication.password(...)`, `.oauth2(...)` or `.cognito(...)`) ' +
    'with its `endpoint`; with the chart directly, set `server.config.authenticationType` and its authenticator ' +
    'configuration. Or keep the coordinator in the cluster (`ingress.enabled: false`, `service.type: ClusterIP`).',
  findings: '`Value::ingress.enabled`, `Value::service.type`: the key that exposes the coordinator',
};

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref) return NagRuleCompliance.NOT_APPLICABLE;
  const exposed = exposures(ref.chart);
  if (exposed.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  if (authentication(ref.chart)) return NagRuleCompliance.COMPLIANT;
  return result(exposed.map((k) => finding('Value', k)));
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
