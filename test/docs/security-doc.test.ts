// SPDX-License-Identifier: Apache-2.0
/**
 * docs/security.md is written by hand; these tests hold the facts it states to the code: the defaults (TLS policy,
 * load balancer attributes, mount path, environment variable prefix, refresh and rotation periods, the KEDA user,
 * the Deployments to restart), the default access rules, the Ingress annotations, the synth errors it quotes and the
 * samples' context placeholders.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { CONTEXT_DEFAULTS } from '../../examples/support/secure-access';
import {
  CatalogAccess,
  SecretsStoreCsiDriver,
  TrinoAuthentication,
  TrinoCluster,
  TrinoClusterProps,
  TrinoEndpointOptions,
  TrinoKedaScaler,
} from '../../src';
import { readChartValues, SHUTDOWN_DIR } from '../../src/config/chart';
import { parseCfnJson } from '../../src/private/cfn-json';
import { DEFAULT_SSL_POLICY } from '../../src/security/private/bind-security';
import { SECRET_ENV_PREFIX, SECRETS_MOUNT_PATH } from '../../src/security/private/secrets';
import { ENV, importCluster, parseProperties, thrownMessage } from '../util';

const DOC = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'security.md'), 'utf-8');

interface Built {
  readonly stack: Stack;
  readonly trino: TrinoCluster;
  readonly values: any;
}

function build(props: (stack: Stack) => Partial<TrinoClusterProps>, scaler = true): Built {
  const stack = new Stack(new App(), 'Stack', { env: ENV });
  // an imported cluster without its VPC: the load balancer's CIDR is given
  const trino = new TrinoCluster(stack, 'Trino', {
    cluster: importCluster(stack, 'Cluster', 'analytics'),
    networkPolicy: { loadBalancerCidrs: ['10.0.0.0/16'] },
    ...props(stack),
  });
  if (scaler) new TrinoKedaScaler(stack, 'Scaler', { trino });
  return { stack, trino, values: stack.resolve(trino._renderValues()) };
}

const passwordFile = (stack: Stack): ISecret =>
  Secret.fromSecretCompleteArn(stack, 'PasswordFile', 'arn:aws:secretsmanager:us-west-2:123456789012:secret:trino/password-file-AbCdEf');
const endpoint = (stack: Stack, extra: Partial<TrinoEndpointOptions> = {}): TrinoEndpointOptions => ({
  domainName: 'trino.example.com',
  certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', 'arn:aws:acm:us-west-2:123456789012:certificate/abc'),
  ...extra,
});
const secure = (stack: Stack): Partial<TrinoClusterProps> => ({
  endpoint: endpoint(stack),
  authentication: TrinoAuthentication.password({ passwordFile: passwordFile(stack) }),
});
const coordinatorProperties = (b: Built) =>
  Object.fromEntries(Object.entries(readChartValues(b.trino.releaseName, b.trino.namespace, b.values).coordinator.configProperties)
    .map(([k, v]) => [k, v.value]));
/** The text of the first fenced block of a language after a heading. */
function blockAfter(heading: string, lang: string): string {
  const start = DOC.indexOf(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const m = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(DOC.slice(start));
  return m![1];
}

describe('defaults the doc states', () => {
  const b = build(secure);
  const annotations = b.values.ingress.annotations;

  test('the TLS policy, the listener, the idle timeout and the Ingress class', () => {
    expect(DOC).toContain(`\`${DEFAULT_SSL_POLICY}\` (default, \`sslPolicy\`)`);
    expect(annotations['alb.ingress.kubernetes.io/ssl-policy']).toBe(DEFAULT_SSL_POLICY);
    expect(annotations['alb.ingress.kubernetes.io/scheme']).toBe('internal');
    expect(DOC).toContain(`| \`${annotations['alb.ingress.kubernetes.io/load-balancer-attributes']}\` |`);
    expect(DOC).toContain(`\`${annotations['alb.ingress.kubernetes.io/listen-ports']}\``);
    expect(b.values.ingress.className).toBe('alb');
    expect(DOC).toContain('`ingressClassName: alb`');
  });

  test('the annotation table lists exactly the annotations an internet-facing endpoint with source CIDRs gets', () => {
    const full = build((stack) => ({
      endpoint: endpoint(stack, { internetFacing: true, sourceCidrs: ['203.0.113.0/24'] }),
      authentication: TrinoAuthentication.password({ passwordFile: passwordFile(stack) }),
    }));
    const table = [...DOC.matchAll(/^\| `(alb\.ingress\.kubernetes\.io\/[a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(table.sort()).toEqual(Object.keys(full.values.ingress.annotations).sort());
    for (const [key, value] of [['target-type', 'ip'], ['backend-protocol', 'HTTP'], ['healthcheck-path', '/v1/info']]) {
      expect(annotations[`alb.ingress.kubernetes.io/${key}`]).toBe(value);
      expect(DOC).toContain(`| \`alb.ingress.kubernetes.io/${key}\` | \`${value}\` |`);
    }
  });

  test('process-forwarded on the coordinator; allow-insecure-over-http left to Trino; management.user is the scaler\'s user', () => {
    const props = coordinatorProperties(b);
    expect(props['http-server.process-forwarded']).toBe('true');
    expect(props).not.toHaveProperty(['http-server.authentication.allow-insecure-over-http']);
    expect(props['management.user']).toBe('keda');
    expect(DOC).toContain('default `keda`');
  });

  test('the shared secret: an environment variable with the documented prefix, on both roles', () => {
    const variable = `${SECRET_ENV_PREFIX}INTERNAL_SHARED_SECRET`;
    expect(DOC).toContain(`internal-communication.shared-secret=\${ENV:${variable}}`);
    expect(DOC).toContain(`\`${SECRET_ENV_PREFIX}<NAME>\``);
    const chart = readChartValues(b.trino.releaseName, b.trino.namespace, b.values);
    for (const role of [chart.coordinator, chart.worker]) {
      expect(role.configProperties['internal-communication.shared-secret'].value).toBe(`\${ENV:${variable}}`);
    }
    expect(b.values.env.map((e: any) => e.name)).toContain(variable);
    expect(b.values.env.find((e: any) => e.name === variable).valueFrom.secretKeyRef.name).toBe('trino-secrets');
    expect(DOC).toContain('`trino-secrets` for the default release');
  });

  test('the mount path, the password file and its refresh period', () => {
    expect(DOC).toContain(`files under \`${SECRETS_MOUNT_PATH}\` (\`password.db\`, \`group.db\`)`);
    const file = parseProperties(b.values.coordinator.additionalConfigFiles['password-authenticator.properties']);
    expect(file).toEqual({
      'password-authenticator.name': 'file',
      'file.password-file': `${SECRETS_MOUNT_PATH}/password.db`,
      'file.refresh-period': '60s',
    });
    expect(DOC).toContain('(`refreshPeriod`, default 1 minute)');
    expect(b.values.accessControl.refreshPeriod).toBe('60s');
    expect(b.values.accessControl).toMatchObject({ type: 'configmap', configFile: 'rules.json' });
  });

  test('the Secrets Store CSI driver: Secret sync, rotation every 2 minutes', () => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    new SecretsStoreCsiDriver(stack, 'Csi', { cluster: importCluster(stack, 'C', 'analytics') });
    const chart = Object.values<any>(Template.fromStack(stack).findResources('Custom::AWSCDK-EKS-HelmChart'))
      .find((r) => r.Properties.Chart === 'secrets-store-csi-driver-provider-aws');
    const values = parseCfnJson(chart.Properties.Values)['secrets-store-csi-driver'];
    expect(values).toMatchObject({ install: true, syncSecret: { enabled: true }, enableSecretRotation: true, rotationPollInterval: '120s' });
    expect(DOC).toContain('rotation poll every 2 minutes');
  });

  test('the Deployments to restart after rotating the shared secret', () => {
    expect(DOC).toContain(`kubectl -n ${b.trino.namespace} rollout restart deployment/${b.trino.coordinatorDeploymentName} deployment/${b.trino.workerDeploymentName}`);
  });
});

test('the default access rules JSON is what the coordinator gets with authentication, a scaler and no rules', () => {
  const b = build(secure);
  const rendered = JSON.parse(b.values.accessControl.rules['rules.json']);
  expect(JSON.parse(blockAfter('The default when authentication is on', 'json'))).toEqual(rendered);
});

describe('the synth errors the doc quotes are the ones the code throws', () => {
  const quoted = (message: string) => expect(DOC).toContain(message);

  test('OAuth 2.0 without an endpoint', () => {
    quoted(thrownMessage(() => build((stack) => ({
      authentication: TrinoAuthentication.oauth2({
        issuer: 'https://issuer.example.com',
        clientId: 'trino',
        clientSecret: passwordFile(stack),
      }),
    }))));
  });

  test('authentication without an endpoint', () => {
    quoted(thrownMessage(() => build((stack) => ({ authentication: TrinoAuthentication.password({ passwordFile: passwordFile(stack) }) }))));
  });

  test('password authentication without a secret', () => {
    quoted(thrownMessage(() => TrinoAuthentication.password({} as any)));
  });

  test('access rules without authentication', () => {
    quoted(thrownMessage(() => build(() => ({ accessControl: { catalogs: [{ allow: CatalogAccess.ALL }] } }))));
  });

  test('an internet-facing endpoint without source CIDRs', () => {
    quoted(thrownMessage(() => build((stack) => ({ endpoint: endpoint(stack, { internetFacing: true }) }))));
  });

  test('an access rule naming a catalog that does not exist', () => {
    const b = build((stack) => ({ ...secure(stack), accessControl: { catalogs: [{ catalog: 'sales', allow: CatalogAccess.ALL }] } }));
    const errors = b.trino.node.validate();
    expect(errors).toHaveLength(1);
    quoted(errors[0]);
  });
});

test('the per-pod shutdown directory and configuration the doc names are the rendered ones', () => {
  const b = build(secure);
  expect(DOC).toContain(`\`${SHUTDOWN_DIR}\``);
  const worker = parseProperties(b.values.server.workerExtraConfig);
  expect(DOC).toContain(`\`access-control.config-files=${worker['access-control.config-files']}\``);
  expect(b.values.worker.gracefulShutdown).toBeUndefined();
  expect(b.values.worker.lifecycle.preStop.exec.command[2]).toContain(`$(cat ${SHUTDOWN_DIR}/user)`);
});

test("the samples' context placeholders", () => {
  for (const [key, value] of Object.entries(CONTEXT_DEFAULTS)) expect(DOC).toContain(`| \`${key}\` | \`${value}\` |`);
});

test('the README links the doc', () => {
  expect(fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8')).toContain('(docs/security.md)');
});
