// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { chartVerbatimText } from '../../config/chart';
import { isSecretPropertyName, isSecretReference } from '../../security/private/secrets';
import { finding, result, TrinoRuleMetadata } from '../private/findings';
import { trinoChartOf } from '../private/kubernetes';

export const metadata: TrinoRuleMetadata = {
  suffix: 'LiteralSecret',
  level: NagMessageLevel.ERROR,
  info: 'A secret is written literally in the Trino chart values.',
  checks:
    'On a Trino Helm release: every property whose name holds a secret (a password, secret, token, credential or ' +
    'key; not the path of a file, a URL, a name or a switch) has a `${ENV:<VARIABLE>}` value, in ' +
    '`additionalConfigProperties`, `server.coordinatorExtraConfig`, `server.workerExtraConfig`, ' +
    '`additionalNodeProperties`, `additionalExchangeManagerProperties`, `eventListenerProperties`, `catalogs`, ' +
    '`additionalCatalogs` and the coordinator\'s and workers\' `additionalConfigFiles`; `auth.passwordAuth` and ' +
    '`auth.groups` are unset; no `env` entry whose name holds a secret (`DB_PASSWORD`) has a literal `value`. A value ' +
    'from a CloudFormation parameter or a `{{resolve:secretsmanager:...}}` dynamic reference counts as literal: ' +
    'CloudFormation writes it into the Helm values.',
  why:
    'The chart copies these values as they are into ConfigMaps and pod specs (and `auth.*` into a Secret made from ' +
    'values): a literal secret is in the CloudFormation template or the Helm release, the kubectl provider\'s logs, ' +
    'every ConfigMap reader and `helm get values`, and rotating it means redeploying. Secrets belong in Secrets ' +
    'Manager, read by the pods at start.',
  fix:
    'Use `CustomCatalog` `secretProperties` (a Secrets Manager secret and field) for catalog passwords, and ' +
    '`TrinoAuthentication.password(...)` (a Secrets Manager secret) for the password and group files; with the chart ' +
    'directly, write `${ENV:<VARIABLE>}` and fill the variable from a Kubernetes Secret (`env[].valueFrom.secretKeyRef`, ' +
    'synced from Secrets Manager by the Secrets Store CSI driver), and use `auth.passwordAuthSecret` / ' +
    '`auth.groupsAuthSecret`.',
  findings: '`Property::<key>/<property>`, `Value::auth.passwordAuth`, `Value::auth.groups`, `Env::<variable>`',
};

/** Whether an environment variable name holds a secret: its name read as a property name (`DB_PASSWORD`). */
export function isSecretEnvName(name: string): boolean {
  return isSecretPropertyName(name.replace(/_/g, '-'));
}

const rule = (node: CfnResource): NagRuleResult => {
  const ref = trinoChartOf(node);
  if (!ref) return NagRuleCompliance.NOT_APPLICABLE;
  const text = chartVerbatimText(ref.values);
  const out: string[] = [];
  for (const source of text.properties) {
    for (const [name, value] of source.value) {
      if (value !== '' && isSecretPropertyName(name) && !isSecretReference(value)) {
        out.push(finding('Property', `${source.key}/${name}`));
      }
    }
  }
  out.push(...text.files.map((f) => finding('Value', f.key)));
  for (const e of text.env) {
    if (e.value.value !== '' && isSecretEnvName(e.value.name)) out.push(finding('Env', e.value.name));
  }
  return result(out);
};

Object.defineProperty(rule, 'name', { value: metadata.suffix });
export default rule;
