// SPDX-License-Identifier: Apache-2.0
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { CustomCatalog, TrinoAuthentication, TrinoCluster, TrinoNetworkPolicyOptions } from '../../src';
import { isSecretPropertyName } from '../../src/security/private/secrets';
import { importedClusterStack } from '../util';
import { addManifest, compliantStack, findingPaths, trinoFindings } from './fixtures';

const CERT = 'arn:aws:acm:us-west-2:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const SECURITY_RULES = [
  'EndpointWithoutAuthentication', 'InternetFacingWithoutSourceCidrs', 'AuthenticationWithoutTls',
  'AllowInsecureOverHttp', 'LiteralSecret', 'EndpointWithoutNetworkPolicy',
];
const securityFindings = (app: any) => SECURITY_RULES.flatMap((r) => trinoFindings(app, r));

/** A TrinoCluster with the secure configuration: HTTPS endpoint, password authentication, the library's NetworkPolicies. */
function secureCluster(opts: { internetFacing?: boolean; networkPolicy?: TrinoNetworkPolicyOptions; catalogs?: boolean } = {}) {
  const { app, stack, cluster } = importedClusterStack();
  const passwords = new secretsmanager.Secret(stack, 'Passwords');
  const dbPassword = new secretsmanager.Secret(stack, 'DbPassword');
  const trino = new TrinoCluster(stack, 'Trino', {
    cluster,
    endpoint: {
      domainName: 'trino.example.com',
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', CERT),
      internetFacing: opts.internetFacing,
      sourceCidrs: opts.internetFacing ? ['203.0.113.0/24'] : undefined,
    },
    authentication: TrinoAuthentication.password({ passwordFile: passwords }),
    // an imported cluster has no VPC to take the load balancer's CIDR from
    networkPolicy: opts.networkPolicy ?? { loadBalancerCidrs: ['10.0.0.0/16'] },
  });
  if (opts.catalogs) {
    trino.addCatalog(new CustomCatalog({
      name: 'pg',
      connectorName: 'postgresql',
      properties: { 'connection-url': 'jdbc:postgresql://db:5432/app', 'connection-user': 'trino' },
      secretProperties: { 'connection-password': { secret: dbPassword, field: 'password' } },
    }));
  }
  return { app, stack, cluster, trino };
}

/** A release installed only with chart values (the escape hatch): an ALB Ingress and nothing else. */
function helmValuesOnly(values: { [key: string]: any }) {
  return compliantStack({ values });
}

const ALB_INGRESS = {
  enabled: true,
  className: 'alb',
  annotations: { 'alb.ingress.kubernetes.io/scheme': 'internal', 'alb.ingress.kubernetes.io/target-type': 'ip' },
  hosts: [{ host: 'trino.example.com', paths: [{ path: '/', pathType: 'Prefix' }] }],
};

describe('the secure TrinoCluster', () => {
  test('endpoint + password authentication + network policy passes all six rules', () => {
    expect(securityFindings(secureCluster().app)).toEqual([]);
  });

  test('internet-facing with source CIDRs, and a catalog password from Secrets Manager, passes too', () => {
    expect(securityFindings(secureCluster({ internetFacing: true, catalogs: true }).app)).toEqual([]);
  });

  test('with the library NetworkPolicies disabled: EndpointWithoutNetworkPolicy', () => {
    const { app } = secureCluster({ networkPolicy: { enabled: false } });
    expect(securityFindings(app)).toEqual(['Trino-EndpointWithoutNetworkPolicy[Value::networkPolicy.enabled]']);
    expect(findingPaths(app, 'Trino-EndpointWithoutNetworkPolicy[Value::networkPolicy.enabled]')).toEqual(['Stack/Trino/Chart/Resource/Default']);
  });

  test('a default TrinoCluster (no endpoint) has no security finding', () => {
    const { app, stack, cluster } = importedClusterStack();
    new TrinoCluster(stack, 'Trino', { cluster });
    expect(securityFindings(app)).toEqual([]);
  });

  test('a TrinoCluster exposed only through helmValues (the escape hatch) is judged on its final values', () => {
    const { app, stack, cluster } = importedClusterStack();
    new TrinoCluster(stack, 'Trino', {
      cluster,
      helmValues: {
        ingress: { ...ALB_INGRESS, annotations: { ...ALB_INGRESS.annotations, 'alb.ingress.kubernetes.io/scheme': 'internet-facing' } },
        server: { config: { authenticationType: 'PASSWORD' } },
        additionalConfigProperties: ['http-server.authentication.allow-insecure-over-http=true'],
        auth: { passwordAuth: 'alice:$2y$10$abcdefghijklmnopqrstuv' },
        env: [{ name: 'DB_PASSWORD', value: 'hunter2' }],
      },
    });
    expect(securityFindings(app)).toEqual([
      'Trino-InternetFacingWithoutSourceCidrs[Value::ingress.annotations]',
      'Trino-AuthenticationWithoutTls[Value::server.config.authenticationType]',
      'Trino-AllowInsecureOverHttp[Value::additionalConfigProperties]',
      'Trino-LiteralSecret[Env::DB_PASSWORD]',
      'Trino-LiteralSecret[Value::auth.passwordAuth]',
      'Trino-EndpointWithoutNetworkPolicy[Value::networkPolicy.enabled]',
    ]);
  });

  test('the same without authentication: EndpointWithoutAuthentication', () => {
    const { app, stack, cluster } = importedClusterStack();
    new TrinoCluster(stack, 'Trino', { cluster, helmValues: { ingress: ALB_INGRESS, networkPolicy: { enabled: true } } });
    expect(securityFindings(app)).toEqual(['Trino-EndpointWithoutAuthentication[Value::ingress.enabled]']);
  });
});

describe('Trino-EndpointWithoutAuthentication', () => {
  test('not applicable: the coordinator stays in the cluster', () => {
    expect(trinoFindings(compliantStack().app, 'EndpointWithoutAuthentication')).toEqual([]);
  });

  test('non-compliant: an Ingress without authentication (helmValues only)', () => {
    const f = helmValuesOnly({ ingress: ALB_INGRESS });
    expect(trinoFindings(f.app, 'EndpointWithoutAuthentication')).toEqual(['Trino-EndpointWithoutAuthentication[Value::ingress.enabled]']);
    expect(findingPaths(f.app, 'Trino-EndpointWithoutAuthentication[Value::ingress.enabled]')).toEqual(['Stack/Trino/Resource/Default']);
  });

  test.each(['LoadBalancer', 'NodePort'])('non-compliant: service.type %s without authentication', (type) => {
    const f = helmValuesOnly({ service: { type } });
    expect(trinoFindings(f.app, 'EndpointWithoutAuthentication')).toEqual(['Trino-EndpointWithoutAuthentication[Value::service.type]']);
  });

  test('non-compliant: http-server.authentication.type=insecure is no authentication', () => {
    const f = helmValuesOnly({ service: { type: 'LoadBalancer' }, server: { coordinatorExtraConfig: 'http-server.authentication.type=insecure\n' } });
    expect(trinoFindings(f.app, 'EndpointWithoutAuthentication')).toEqual(['Trino-EndpointWithoutAuthentication[Value::service.type]']);
  });

  test('compliant: server.config.authenticationType, or the property in additionalConfigProperties', () => {
    expect(trinoFindings(helmValuesOnly({ ingress: ALB_INGRESS, server: { config: { authenticationType: 'PASSWORD' } } }).app,
      'EndpointWithoutAuthentication')).toEqual([]);
    expect(trinoFindings(helmValuesOnly({ ingress: ALB_INGRESS, additionalConfigProperties: ['http-server.authentication.type=OAUTH2'] }).app,
      'EndpointWithoutAuthentication')).toEqual([]);
  });
});

describe('Trino-InternetFacingWithoutSourceCidrs', () => {
  const internetFacing = (extra: { [k: string]: string }) => ({
    ingress: { ...ALB_INGRESS, annotations: { ...ALB_INGRESS.annotations, 'alb.ingress.kubernetes.io/scheme': 'internet-facing', ...extra } },
  });

  test('compliant: internal, or internet-facing with inbound CIDRs', () => {
    expect(trinoFindings(helmValuesOnly({ ingress: ALB_INGRESS }).app, 'InternetFacingWithoutSourceCidrs')).toEqual([]);
    const f = helmValuesOnly(internetFacing({ 'alb.ingress.kubernetes.io/inbound-cidrs': '203.0.113.0/24, 198.51.100.7/32' }));
    expect(trinoFindings(f.app, 'InternetFacingWithoutSourceCidrs')).toEqual([]);
  });

  test('non-compliant: an internet-facing Ingress without inbound-cidrs, or with 0.0.0.0/0', () => {
    expect(trinoFindings(helmValuesOnly(internetFacing({})).app, 'InternetFacingWithoutSourceCidrs'))
      .toEqual(['Trino-InternetFacingWithoutSourceCidrs[Value::ingress.annotations]']);
    expect(trinoFindings(helmValuesOnly(internetFacing({ 'alb.ingress.kubernetes.io/inbound-cidrs': '10.0.0.0/8,0.0.0.0/0' })).app,
      'InternetFacingWithoutSourceCidrs')).toEqual(['Trino-InternetFacingWithoutSourceCidrs[Value::ingress.annotations]']);
  });

  test('not judged: the ALB has its own security groups', () => {
    const f = helmValuesOnly(internetFacing({ 'alb.ingress.kubernetes.io/security-groups': 'sg-0123456789abcdef0' }));
    expect(trinoFindings(f.app, 'InternetFacingWithoutSourceCidrs')).toEqual([]);
  });

  test('non-compliant / compliant: the chart\'s LoadBalancer Service with the internet-facing scheme', () => {
    const scheme = { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' };
    expect(trinoFindings(helmValuesOnly({ service: { type: 'LoadBalancer', annotations: scheme } }).app, 'InternetFacingWithoutSourceCidrs'))
      .toEqual(['Trino-InternetFacingWithoutSourceCidrs[Value::service.annotations]']);
    const ranged = { ...scheme, 'service.beta.kubernetes.io/load-balancer-source-ranges': '203.0.113.0/24' };
    expect(trinoFindings(helmValuesOnly({ service: { type: 'LoadBalancer', annotations: ranged } }).app, 'InternetFacingWithoutSourceCidrs'))
      .toEqual([]);
  });

  test('a hand-written LoadBalancer Service on the coordinator: without loadBalancerSourceRanges, and with them', () => {
    const service = (name: string, spec: { [k: string]: any }) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: 'trino', annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' } },
      spec: {
        type: 'LoadBalancer',
        selector: { 'app.kubernetes.io/instance': 'trino', 'app.kubernetes.io/component': 'coordinator' },
        ports: [{ port: 8080 }],
        ...spec,
      },
    });
    const f = compliantStack();
    addManifest(f, 'Open', service('trino-open', {}));
    addManifest(f, 'Ranged', service('trino-ranged', { loadBalancerSourceRanges: ['203.0.113.0/24'] }));
    expect(trinoFindings(f.app, 'InternetFacingWithoutSourceCidrs')).toEqual(['Trino-InternetFacingWithoutSourceCidrs[Service::trino-open]']);
    expect(findingPaths(f.app, 'Trino-InternetFacingWithoutSourceCidrs[Service::trino-open]')).toEqual(['Stack/Open/Resource/Default']);
  });

});

describe('Trino-AuthenticationWithoutTls', () => {
  const httpsIngress = {
    ...ALB_INGRESS,
    annotations: {
      ...ALB_INGRESS.annotations,
      'alb.ingress.kubernetes.io/certificate-arn': CERT,
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]',
    },
  };
  const auth = { config: { authenticationType: 'PASSWORD' } };
  const forwarded = 'query-manager.required-workers=1\nhttp-server.process-forwarded=true\n';

  test('not applicable: no authentication', () => {
    expect(trinoFindings(helmValuesOnly({ ingress: ALB_INGRESS }).app, 'AuthenticationWithoutTls')).toEqual([]);
  });

  test('compliant: an HTTPS-only ALB with a certificate and process-forwarded', () => {
    const f = helmValuesOnly({ ingress: httpsIngress, server: { ...auth, coordinatorExtraConfig: forwarded } });
    expect(trinoFindings(f.app, 'AuthenticationWithoutTls')).toEqual([]);
  });

  test('compliant: the coordinator serves HTTPS itself', () => {
    const f = helmValuesOnly({ server: { config: { ...auth.config, https: { enabled: true, port: 8443, keystore: { path: '/k' } } } } });
    expect(trinoFindings(f.app, 'AuthenticationWithoutTls')).toEqual([]);
  });

  test('non-compliant: authentication with only plain HTTP (in-cluster, no HTTPS)', () => {
    const f = helmValuesOnly({ server: auth });
    expect(trinoFindings(f.app, 'AuthenticationWithoutTls')).toEqual(['Trino-AuthenticationWithoutTls[Value::server.config.authenticationType]']);
  });

  test('non-compliant: an HTTPS ALB, but the coordinator does not process forwarded headers', () => {
    const f = helmValuesOnly({ ingress: httpsIngress, server: auth });
    expect(trinoFindings(f.app, 'AuthenticationWithoutTls')).toEqual(['Trino-AuthenticationWithoutTls[Value::server.config.authenticationType]']);
  });

  test('non-compliant: an ALB that also listens on plain HTTP without redirect, or has no certificate', () => {
    const both = { ...httpsIngress, annotations: { ...httpsIngress.annotations, 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]' } };
    expect(trinoFindings(helmValuesOnly({ ingress: both, server: { ...auth, coordinatorExtraConfig: forwarded } }).app, 'AuthenticationWithoutTls'))
      .toEqual(['Trino-AuthenticationWithoutTls[Value::server.config.authenticationType]']);
    const redirected = { ...both, annotations: { ...both.annotations, 'alb.ingress.kubernetes.io/ssl-redirect': '443' } };
    expect(trinoFindings(helmValuesOnly({ ingress: redirected, server: { ...auth, coordinatorExtraConfig: forwarded } }).app, 'AuthenticationWithoutTls'))
      .toEqual([]);
    expect(trinoFindings(helmValuesOnly({ ingress: ALB_INGRESS, server: { ...auth, coordinatorExtraConfig: forwarded } }).app, 'AuthenticationWithoutTls'))
      .toEqual(['Trino-AuthenticationWithoutTls[Value::server.config.authenticationType]']);
  });
});

describe('Trino-AllowInsecureOverHttp', () => {
  test('compliant: not set, or false', () => {
    expect(trinoFindings(compliantStack().app, 'AllowInsecureOverHttp')).toEqual([]);
    const f = helmValuesOnly({ server: { workerExtraConfig: 'http-server.authentication.allow-insecure-over-http=false\n' } });
    expect(trinoFindings(f.app, 'AllowInsecureOverHttp')).toEqual([]);
  });

  test('non-compliant: true on the coordinator, or on the workers', () => {
    const f = helmValuesOnly({
      server: {
        coordinatorExtraConfig: 'query-manager.required-workers=1\nhttp-server.authentication.allow-insecure-over-http=TRUE\n',
        workerExtraConfig: 'http-server.authentication.allow-insecure-over-http=true\n',
      },
    });
    expect(trinoFindings(f.app, 'AllowInsecureOverHttp')).toEqual([
      'Trino-AllowInsecureOverHttp[Value::server.coordinatorExtraConfig]',
      'Trino-AllowInsecureOverHttp[Value::server.workerExtraConfig]',
    ]);
  });

  test('the last line wins: true then false is compliant', () => {
    const f = helmValuesOnly({
      additionalConfigProperties: ['retry-policy=TASK', 'http-server.authentication.allow-insecure-over-http=true'],
      server: {
        workerExtraConfig: 'http-server.authentication.allow-insecure-over-http=false\n',
        coordinatorExtraConfig: 'query-manager.required-workers=1\nhttp-server.authentication.allow-insecure-over-http=false\n',
      },
    });
    expect(trinoFindings(f.app, 'AllowInsecureOverHttp')).toEqual([]);
  });
});

describe('Trino-LiteralSecret', () => {
  test('compliant: ${ENV:...} references, file paths and names of secrets', () => {
    const f = helmValuesOnly({
      additionalConfigProperties: ['retry-policy=TASK', 'internal-communication.shared-secret=${ENV:SHARED_SECRET}'],
      catalogs: { pg: 'connector.name=postgresql\nconnection-user=trino\nconnection-password=${ENV:PG_PASSWORD}\n' },
      coordinator: { additionalConfigFiles: { 'password-authenticator.properties': 'password-authenticator.name=file\nfile.password-file=/s/password.db\n' } },
      env: [{ name: 'PG_PASSWORD', valueFrom: { secretKeyRef: { name: 'pg', key: 'password' } } }, { name: 'TZ', value: 'UTC' }],
      auth: { passwordAuthSecret: 'trino-passwords' },
    });
    expect(trinoFindings(f.app, 'LiteralSecret')).toEqual([]);
  });

  test('non-compliant: literal secrets in catalogs, config properties, config files, auth and env (helmValues only)', () => {
    const f = helmValuesOnly({
      additionalConfigProperties: ['retry-policy=TASK', 'internal-communication.shared-secret=abc123'],
      catalogs: { pg: 'connector.name=postgresql\nconnection-password=hunter2\n' },
      additionalCatalogs: { s3: 'connector.name=hive\nhive.s3.aws-secret-key=wJalrXUtnFEMI\n' },
      worker: { additionalConfigFiles: { 'extra.properties': 'oauth.client-secret=xyz\n' } },
      auth: { passwordAuth: 'alice:$2y$10$abcdefghijklmnopqrstuv', groups: 'admins:alice' },
      env: [{ name: 'AWS_SECRET_ACCESS_KEY', value: 'wJalrXUtnFEMI' }],
    });
    expect(trinoFindings(f.app, 'LiteralSecret')).toEqual([
      'Trino-LiteralSecret[Env::AWS_SECRET_ACCESS_KEY]',
      'Trino-LiteralSecret[Property::additionalCatalogs.s3/hive.s3.aws-secret-key]',
      'Trino-LiteralSecret[Property::additionalConfigProperties/internal-communication.shared-secret]',
      'Trino-LiteralSecret[Property::catalogs.pg/connection-password]',
      'Trino-LiteralSecret[Property::worker.additionalConfigFiles.extra.properties/oauth.client-secret]',
      'Trino-LiteralSecret[Value::auth.groups]',
      'Trino-LiteralSecret[Value::auth.passwordAuth]',
    ]);
  });

  test('non-compliant: a Secrets Manager dynamic reference ends up in the Helm values', () => {
    const f = compliantStack({
      valuesFrom: (stack) => {
        const s = new secretsmanager.Secret(stack, 'Pg');
        return { catalogs: { pg: `connector.name=postgresql\nconnection-password=${s.secretValueFromJson('password').unsafeUnwrap()}\n` } };
      },
    });
    expect(trinoFindings(f.app, 'LiteralSecret')).toEqual(['Trino-LiteralSecret[Property::catalogs.pg/connection-password]']);
  });

  test('names that configure secrets are not secrets', () => {
    for (const n of ['password-authenticator.name', 'http-server.authentication.oauth2.token-url', 'http-server.authentication.oauth2.refresh-tokens',
      'hive.s3.use-instance-credentials', 'http-server.authentication.password.user-mapping.pattern', 'file.password-file']) {
      expect([n, isSecretPropertyName(n)]).toEqual([n, false]);
    }
    for (const n of ['connection-password', 'internal-communication.shared-secret', 'hive.s3.aws-secret-key', 'iceberg.rest-catalog.oauth2.token']) {
      expect([n, isSecretPropertyName(n)]).toEqual([n, true]);
    }
  });
});

describe('Trino-EndpointWithoutNetworkPolicy', () => {
  test('not applicable: no endpoint', () => {
    expect(trinoFindings(compliantStack().app, 'EndpointWithoutNetworkPolicy')).toEqual([]);
  });

  test('non-compliant: an Ingress and no NetworkPolicy (helmValues only)', () => {
    const f = helmValuesOnly({ ingress: ALB_INGRESS });
    expect(trinoFindings(f.app, 'EndpointWithoutNetworkPolicy')).toEqual(['Trino-EndpointWithoutNetworkPolicy[Value::networkPolicy.enabled]']);
  });

  test('compliant: the chart\'s networkPolicy', () => {
    const f = helmValuesOnly({ ingress: ALB_INGRESS, networkPolicy: { enabled: true } });
    expect(trinoFindings(f.app, 'EndpointWithoutNetworkPolicy')).toEqual([]);
  });

  const policy = (namespace: string, podSelector: any, policyTypes?: string[]) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'coordinator', namespace },
    spec: { podSelector, ...(policyTypes ? { policyTypes } : {}), ingress: [] },
  });

  test('compliant: a NetworkPolicy manifest selecting the coordinator in the release namespace', () => {
    const f = helmValuesOnly({ ingress: ALB_INGRESS });
    addManifest(f, 'Np', policy('trino', { matchLabels: { 'app.kubernetes.io/instance': 'trino', 'app.kubernetes.io/component': 'coordinator' } }));
    expect(trinoFindings(f.app, 'EndpointWithoutNetworkPolicy')).toEqual([]);
  });

  test('non-compliant: a NetworkPolicy in another namespace, on the workers only, or for egress only', () => {
    const f = helmValuesOnly({ ingress: ALB_INGRESS });
    addManifest(f, 'Np',
      policy('other', {}),
      policy('trino', { matchLabels: { 'app.kubernetes.io/component': 'worker' } }),
      policy('trino', {}, ['Egress']));
    expect(trinoFindings(f.app, 'EndpointWithoutNetworkPolicy')).toEqual(['Trino-EndpointWithoutNetworkPolicy[Value::networkPolicy.enabled]']);
  });

  test('a NetworkPolicy on another cluster does not count', () => {
    const f = helmValuesOnly({ ingress: ALB_INGRESS });
    const other = eks.Cluster.fromClusterAttributes(f.stack, 'Other', {
      clusterName: 'other',
      kubectlRoleArn: 'arn:aws:iam::123456789012:role/kubectl',
      kubectlLambdaRole: undefined,
    } as any);
    new eks.KubernetesManifest(f.stack, 'OtherNp', { cluster: other, manifest: [policy('trino', {})] });
    expect(trinoFindings(f.app, 'EndpointWithoutNetworkPolicy')).toEqual(['Trino-EndpointWithoutNetworkPolicy[Value::networkPolicy.enabled]']);
  });
});
