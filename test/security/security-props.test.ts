// SPDX-License-Identifier: Apache-2.0
/**
 * The security props of TrinoCluster (issue 12) on the synthesized template: each default, each override, each bad
 * input with its message, and no secret value anywhere in the template.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  AccessControlRules,
  CatalogAccess,
  CustomCatalog,
  QueryAccess,
  ScalerMetrics,
  SecretsStoreCsiDriver,
  SystemInformationAccess,
  TablePrivilege,
  TrinoAuthentication,
  TrinoCluster,
  TrinoClusterProps,
  TrinoEndpointOptions,
  TrinoKedaScaler,
} from '../../src';
import { ENV, helmCharts, importCluster, importedClusterStack, manifests, parseProperties, realClusterStack, trinoValues } from '../util';

const CERT_ARN = 'arn:aws:acm:us-west-2:123456789012:certificate/0f6a5b1e-1111-2222-3333-444455556666';

interface Fixture {
  stack: Stack;
  cluster: eks.ICluster;
  cert: acm.ICertificate;
  passwordFile: secretsmanager.ISecret;
}

function fixture(): Fixture {
  const { stack, cluster } = importedClusterStack();
  return {
    stack,
    cluster,
    cert: acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_ARN),
    passwordFile: new secretsmanager.Secret(stack, 'PasswordFile'),
  };
}

function endpoint(f: Fixture, o: Partial<TrinoEndpointOptions> = {}): TrinoEndpointOptions {
  return { domainName: 'trino.example.com', certificate: f.cert, ...o };
}

/**
 * Synthesizes a cluster; `extra` adds a scaler or more after the cluster. The imported cluster has no `vpc`, so an
 * endpoint without `networkPolicy` gets the load balancer CIDR the NetworkPolicy needs (see 'imported cluster without vpc').
 */
function synth(props: (f: Fixture) => Partial<TrinoClusterProps>, extra?: (f: Fixture, trino: TrinoCluster) => void) {
  const f = fixture();
  const given = props(f);
  // authentication needs the TLS endpoint: tests about other things get the default one
  const p = given.authentication && !('endpoint' in given) ? { ...given, endpoint: endpoint(f) } : given;
  const networkPolicy = p.endpoint && !p.networkPolicy ? { loadBalancerCidrs: ['10.0.0.0/16'] } : p.networkPolicy?.loadBalancerCidrs || !p.endpoint ? p.networkPolicy : { ...p.networkPolicy, loadBalancerCidrs: ['10.0.0.0/16'] };
  const trino = new TrinoCluster(f.stack, 'Trino', { cluster: f.cluster, ...p, networkPolicy });
  extra?.(f, trino);
  const template = Template.fromStack(f.stack);
  return { f, trino, template, values: trinoValues(template), objects: manifests(template) };
}

const keda = (f: Fixture, trino: TrinoCluster) => {
  new TrinoKedaScaler(f.stack, 'Scaler', { trino });
};

/** Coordinator config.properties as the chart writes it: the shared lines, then the coordinator's own. */
function coordinatorConfig(values: any): { [k: string]: string } {
  return parseProperties([...(values.additionalConfigProperties ?? []), values.server.coordinatorExtraConfig ?? ''].join('\n'));
}
function workerConfig(values: any): { [k: string]: string } {
  return parseProperties([...(values.additionalConfigProperties ?? []), values.server.workerExtraConfig ?? ''].join('\n'));
}
const rulesJson = (values: any) => JSON.parse(values.accessControl.rules['rules.json']);
const policy = (objects: any[], role: string) => objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === `trino-${role}`);
const spcObjects = (objects: any[]) => objects.find((o) => o.kind === 'SecretProviderClass').spec.parameters.objects as string;

describe('endpoint', () => {
  test('defaults: internal ALB, HTTPS 443 with the certificate, TLS 1.3/1.2 policy, 5 min idle timeout, no source CIDRs, no DNS record', () => {
    const { template, values } = synth((f) => ({ endpoint: endpoint(f) }));
    expect(values.ingress).toEqual({
      enabled: true,
      className: 'alb',
      annotations: {
        'alb.ingress.kubernetes.io/scheme': 'internal',
        'alb.ingress.kubernetes.io/target-type': 'ip',
        'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]',
        'alb.ingress.kubernetes.io/certificate-arn': CERT_ARN,
        'alb.ingress.kubernetes.io/ssl-policy': 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        'alb.ingress.kubernetes.io/backend-protocol': 'HTTP',
        'alb.ingress.kubernetes.io/healthcheck-path': '/v1/info',
        'alb.ingress.kubernetes.io/load-balancer-attributes':
          'idle_timeout.timeout_seconds=300,routing.http.drop_invalid_header_fields.enabled=true',
      },
      hosts: [{ host: 'trino.example.com', paths: [{ path: '/', pathType: 'Prefix' }] }],
    });
    expect(coordinatorConfig(values)['http-server.process-forwarded']).toBe('true');
    expect(workerConfig(values)['http-server.process-forwarded']).toBeUndefined();
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
    template.hasOutput('*', { Value: 'https://trino.example.com' });
    template.hasResourceProperties('Custom::AWSCDK-EKS-KubernetesObjectValue', {
      ObjectType: 'ingress',
      ObjectName: 'trino-coordinator',
      JsonPath: '.status.loadBalancer.ingress[0].hostname',
    });
  });

  test('an endpoint alone turns no authentication on (and no shared secret)', () => {
    const { template, values } = synth((f) => ({ endpoint: endpoint(f) }));
    expect(values.server.config.authenticationType).toBeUndefined();
    expect(values.accessControl).toBeUndefined();
    template.resourceCountIs('AWS::SecretsManager::Secret', 1); // the fixture's password file only
  });

  test('overrides: internet-facing with source CIDRs, TLS policy, idle timeout', () => {
    const { values } = synth((f) => ({
      endpoint: endpoint(f, {
        internetFacing: true,
        sourceCidrs: ['203.0.113.0/24', '198.51.100.7/32'],
        sslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06',
        idleTimeout: Duration.minutes(30),
      }),
    }));
    expect(values.ingress.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/inbound-cidrs': '203.0.113.0/24,198.51.100.7/32',
      'alb.ingress.kubernetes.io/ssl-policy': 'ELBSecurityPolicy-TLS13-1-3-2021-06',
    });
    expect(values.ingress.annotations['alb.ingress.kubernetes.io/load-balancer-attributes']).toMatch(/^idle_timeout\.timeout_seconds=1800,/);
  });

  test('sourceCidrs on an internal endpoint restrict it too', () => {
    const { values } = synth((f) => ({ endpoint: endpoint(f, { sourceCidrs: ['10.1.0.0/16'] }) }));
    expect(values.ingress.annotations['alb.ingress.kubernetes.io/scheme']).toBe('internal');
    expect(values.ingress.annotations['alb.ingress.kubernetes.io/inbound-cidrs']).toBe('10.1.0.0/16');
  });

  test('hostedZone: a CNAME of the load balancer name read from the Ingress, after the chart', () => {
    const { template } = synth((f) => ({
      endpoint: endpoint(f, { hostedZone: route53.HostedZone.fromHostedZoneAttributes(f.stack, 'Zone', { hostedZoneId: 'Z0123456789ABC', zoneName: 'example.com' }) }),
    }));
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'trino.example.com.',
      Type: 'CNAME',
      HostedZoneId: 'Z0123456789ABC',
      TTL: '300',
      ResourceRecords: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^TrinoEndpointLoadBalancer'), 'Value'] }],
    });
    const value = Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesObjectValue'))[0] as any;
    expect(value.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^TrinoChart/)]));
  });

  test('loadBalancerController: the chart waits for it', () => {
    const { template } = synth((f) => {
      const controller = new Construct(f.stack, 'Controller');
      new eks.KubernetesManifest(controller, 'Webhook', { cluster: f.cluster, manifest: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }] });
      return { endpoint: endpoint(f, { loadBalancerController: controller }) };
    });
    const chart = helmCharts(template).find((c) => c.props.Chart === 'trino')!;
    const resource = template.toJSON().Resources[chart.id];
    expect(resource.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^ControllerWebhook/)]));
  });

  test.each<[string, Partial<TrinoEndpointOptions>, RegExp]>([
    ['internet-facing without sourceCidrs', { internetFacing: true }, /`endpoint.internetFacing` is true but `endpoint.sourceCidrs` is empty/],
    ['internet-facing with 0.0.0.0/0', { internetFacing: true, sourceCidrs: ['10.0.0.0/8', '0.0.0.0/0'] }, /`endpoint.sourceCidrs` contains '0.0.0.0\/0' on an internet-facing endpoint/],
    ['a domain name with a scheme', { domainName: 'https://trino.example.com' }, /Invalid `endpoint.domainName` "https:\/\/trino.example.com"/],
    ['a wildcard domain name', { domainName: '*.example.com' }, /Invalid `endpoint.domainName` "\*.example.com"/],
    ['an uppercase domain name', { domainName: 'Trino.Example.com' }, /Invalid `endpoint.domainName`/],
    ['a bad CIDR', { sourceCidrs: ['10.0.0.0/33'] }, /Invalid `endpoint.sourceCidrs\[0\]` "10.0.0.0\/33": use an IPv4 CIDR/],
    ['a CIDR without a prefix', { sourceCidrs: ['10.0.0.1'] }, /Invalid `endpoint.sourceCidrs\[0\]` "10.0.0.1"/],
    ['an octet over 255', { sourceCidrs: ['10.0.256.0/24'] }, /Invalid `endpoint.sourceCidrs\[0\]`/],
    ['a TLS policy that is not an ELB policy', { sslPolicy: 'TLSv1.2' }, /Invalid `endpoint.sslPolicy` "TLSv1.2": use an ELB security policy name/],
    ['an idle timeout over 4000 s', { idleTimeout: Duration.seconds(4001) }, /`endpoint.idleTimeout` must be a whole number of seconds between 1 and 4000 \(ALB limits\), got: 4001 s/],
    ['an idle timeout of 0 s', { idleTimeout: Duration.seconds(0) }, /`endpoint.idleTimeout` must be a whole number of seconds between 1 and 4000/],
    ['an idle timeout under 1 s', { idleTimeout: Duration.millis(500) }, /`endpoint.idleTimeout` must be a whole number of seconds between 1 and 4000 \(ALB limits\), got: 0.5 s/],
  ])('refuses %s', (_name, o, message) => {
    expect(() => synth((f) => ({ endpoint: endpoint(f, o) }))).toThrow(message);
  });
});

describe('authentication', () => {
  test('password, defaults: PASSWORD on the coordinator, the file from Secrets Manager re-read every minute, no groups', () => {
    const { values, template, objects } = synth((f) => ({ authentication: TrinoAuthentication.password({ passwordFile: f.passwordFile }) }));
    expect(values.server.config.authenticationType).toBe('PASSWORD');
    expect(values.coordinator.additionalConfigFiles).toEqual({
      'password-authenticator.properties':
        'password-authenticator.name=file\nfile.password-file=/var/run/secrets/trino/password.db\nfile.refresh-period=60s\n',
    });
    expect(spcObjects(objects)).toContain('objectAlias: "password.db"');
    // the service account's role reads the password file and the shared secret, nothing broader
    for (const secret of ['^PasswordFile', '^TrinoInternalSharedSecret']) {
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: { Ref: Match.stringLikeRegexp(secret) } }),
          ]),
        },
        Roles: [{ Ref: Match.stringLikeRegexp('^TrinoServiceAccountRole') }],
      });
    }
  });

  test('password, overrides: a group file and a refresh period', () => {
    const { values, objects } = synth((f) => ({
      authentication: TrinoAuthentication.password({
        passwordFile: f.passwordFile,
        groupFile: new secretsmanager.Secret(f.stack, 'GroupFile'),
        refreshPeriod: Duration.minutes(5),
      }),
    }));
    expect(values.coordinator.additionalConfigFiles['password-authenticator.properties']).toContain('file.refresh-period=300s');
    expect(values.coordinator.additionalConfigFiles['group-provider.properties']).toBe(
      'group-provider.name=file\nfile.group-file=/var/run/secrets/trino/group.db\nfile.refresh-period=300s\n',
    );
    expect(spcObjects(objects)).toContain('objectAlias: "group.db"');
  });

  test('authentication generates the shared secret in Secrets Manager: generated there, only its ARN in the template', () => {
    const { trino, template, values } = synth((f) => ({ authentication: TrinoAuthentication.password({ passwordFile: f.passwordFile }) }));
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Description: 'internal-communication.shared-secret of the Trino release trino (namespace trino)',
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
      SecretString: Match.absent(),
    });
    expect(trino.sharedSecret).toBeDefined();
    expect(parseProperties((values.additionalConfigProperties ?? []).join('\n'))['internal-communication.shared-secret']).toBe(
      '${ENV:TRINO_SECRET_INTERNAL_SHARED_SECRET}',
    );
    expect(values.env).toEqual([
      { name: 'TRINO_SECRET_INTERNAL_SHARED_SECRET', valueFrom: { secretKeyRef: { name: 'trino-secrets', key: 'TRINO_SECRET_INTERNAL_SHARED_SECRET' } } },
    ]);
  });

  test('oauth2, defaults: OAUTH2 for clients and the Web UI, scopes openid, the token\'s sub, the client secret as an environment variable', () => {
    const { values, objects } = synth((f) => ({
      endpoint: endpoint(f),
      authentication: TrinoAuthentication.oauth2({
        issuer: 'https://idp.example.com/realms/data',
        clientId: 'trino',
        clientSecret: new secretsmanager.Secret(f.stack, 'ClientSecret'),
      }),
    }));
    expect(values.server.config.authenticationType).toBe('OAUTH2');
    const c = coordinatorConfig(values);
    expect(c).toMatchObject({
      'web-ui.authentication.type': 'oauth2',
      'http-server.authentication.oauth2.issuer': 'https://idp.example.com/realms/data',
      'http-server.authentication.oauth2.client-id': 'trino',
      'http-server.authentication.oauth2.client-secret': '${ENV:TRINO_SECRET_OAUTH2_CLIENT_SECRET}',
      'http-server.authentication.oauth2.scopes': 'openid',
    });
    expect(c['http-server.authentication.oauth2.principal-field']).toBeUndefined();
    expect(c['http-server.authentication.oauth2.groups-field']).toBeUndefined();
    expect(values.coordinator.additionalConfigFiles).toBeUndefined();
    expect(spcObjects(objects)).toMatch(/objectAlias: "TRINO_SECRET_OAUTH2_CLIENT_SECRET"/);
  });

  test('oauth2, overrides: scopes, principal claim, a JSON field of the client secret; no groups claim (not a Trino 480 property)', () => {
    const { values, objects } = synth((f) => ({
      endpoint: endpoint(f),
      authentication: TrinoAuthentication.oauth2({
        issuer: 'https://idp.example.com',
        clientId: 'trino',
        clientSecret: new secretsmanager.Secret(f.stack, 'ClientSecret'),
        clientSecretField: 'client_secret',
        scopes: ['openid', 'email', 'groups'],
        principalField: 'preferred_username',
      }),
    }));
    expect(coordinatorConfig(values)).toMatchObject({
      'http-server.authentication.oauth2.scopes': 'openid,email,groups',
      'http-server.authentication.oauth2.principal-field': 'preferred_username',
    });
    // renamed deprecated.http-server.authentication.oauth2.groups-field before 480 (then removed): not in the 480 names
    expect(Object.keys(coordinatorConfig(values)).filter((k) => k.includes('groups-field'))).toEqual([]);
    expect(spcObjects(objects)).toContain('- path: client_secret\n      objectAlias: "TRINO_SECRET_OAUTH2_CLIENT_SECRET"');
  });

  test('cognito, defaults: the pool as issuer, email as principal, no groups claim, the client secret copied by a GetAtt at deploy time', () => {
    const { values, template } = synth((f) => {
      const userPool = new cognito.UserPool(f.stack, 'Pool');
      const userPoolClient = userPool.addClient('Trino', { generateSecret: true });
      return { endpoint: endpoint(f), authentication: TrinoAuthentication.cognito({ userPool, userPoolClient }) };
    });
    const c = coordinatorConfig(values);
    // the pool id is a Ref (written <LogicalId> by parseCfnJson)
    expect(c['http-server.authentication.oauth2.issuer']).toMatch(/^https:\/\/cognito-idp\.us-west-2\.amazonaws\.com\/<Pool[0-9A-F]+>$/);
    expect(c).toMatchObject({
      'http-server.authentication.oauth2.scopes': 'openid,email',
      'http-server.authentication.oauth2.principal-field': 'email',
      'http-server.authentication.oauth2.client-secret': '${ENV:TRINO_SECRET_OAUTH2_CLIENT_SECRET}',
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      SecretString: { 'Fn::GetAtt': [Match.stringLikeRegexp('DescribeCognitoUserPoolClient'), 'UserPoolClient.ClientSecret'] },
    });
  });

  test('cognito, overrides: principal claim and scopes', () => {
    const { values } = synth((f) => {
      const userPool = new cognito.UserPool(f.stack, 'Pool');
      const userPoolClient = userPool.addClient('Trino', { generateSecret: true });
      return {
        endpoint: endpoint(f),
        authentication: TrinoAuthentication.cognito({ userPool, userPoolClient, principalField: 'cognito:username', scopes: ['openid', 'profile'] }),
      };
    });
    expect(coordinatorConfig(values)).toMatchObject({
      'http-server.authentication.oauth2.principal-field': 'cognito:username',
      'http-server.authentication.oauth2.scopes': 'openid,profile',
    });
  });

  const oauth2 = (stack: Stack, o: any = {}) =>
    TrinoAuthentication.oauth2({ issuer: 'https://idp.example.com', clientId: 'trino', clientSecret: new secretsmanager.Secret(stack, 'S'), ...o });

  test('OAuth 2.0 without the endpoint is refused', () => {
    expect(() => synth((f) => ({ authentication: oauth2(f.stack), endpoint: undefined }))).toThrow(/`authentication`: OAuth 2.0 needs the TLS `endpoint`/);
  });

  test('password authentication without the endpoint is refused (plain HTTP would take any user name without a password)', () => {
    expect(() => synth((f) => ({ authentication: TrinoAuthentication.password({ passwordFile: f.passwordFile }), endpoint: undefined }))).toThrow(
      /`authentication` needs the TLS `endpoint`: without a TLS client hop Trino authenticates nobody/,
    );
  });

  test('password without passwordFile is refused', () => {
    expect(() => TrinoAuthentication.password({} as any)).toThrow(/TrinoAuthentication.password: `passwordFile` is required/);
  });

  test('a refresh period under a second is refused', () => {
    const s = new Stack();
    expect(() => TrinoAuthentication.password({ passwordFile: new secretsmanager.Secret(s, 'P'), refreshPeriod: Duration.millis(10) })).toThrow(
      /`refreshPeriod` must be at least 1 second/,
    );
  });

  test.each<[string, any, RegExp]>([
    ['an http issuer', { issuer: 'http://idp.example.com' }, /Invalid `issuer` "http:\/\/idp.example.com": use the https:\/\/ URL/],
    ['a client id with a space', { clientId: 'my client' }, /Invalid `clientId` "my client"/],
    ['a bad principal claim', { principalField: 'e mail' }, /Invalid `principalField` "e mail": use a token claim name/],
    ['empty scopes', { scopes: [] }, /`scopes` must not be empty/],
    ['a scope with a space', { scopes: ['openid', 'a b'] }, /Invalid scope "a b" in `scopes`: a scope is printable ASCII without spaces/],
    ['a scope with a comma', { scopes: ['openid,email'] }, /Invalid scope "openid,email" in `scopes`: Trino separates scopes with ','/],
    ['no clientSecret', { clientSecret: undefined }, /TrinoAuthentication.oauth2: `clientSecret` is required/],
  ])('oauth2 refuses %s', (_n, o, message) => {
    expect(() => oauth2(new Stack(), o)).toThrow(message);
  });

  test.each<[string, any, RegExp]>([
    ['a bad principal claim', { principalField: 'a/b' }, /Invalid `principalField` "a\/b"/],
    ['a scope with a quote', { scopes: ['openid', 'x"y'] }, /Invalid scope "x\\"y" in `scopes`/],
  ])('cognito refuses %s', (_n, o, message) => {
    const s = new Stack();
    const userPool = new cognito.UserPool(s, 'Pool');
    const userPoolClient = userPool.addClient('C', { generateSecret: true });
    expect(() => TrinoAuthentication.cognito({ userPool, userPoolClient, ...o })).toThrow(message);
  });
});

describe('access control', () => {
  const auth = (f: Fixture) => TrinoAuthentication.password({ passwordFile: f.passwordFile });
  /** A secure TrinoCluster with these rules fails synth (node validation) with the message. */
  const expectRefusedAtSynth = (accessControl: AccessControlRules, message: RegExp) => {
    const f = fixture();
    const networkPolicy = { loadBalancerCidrs: ['10.0.0.0/16'] };
    new TrinoCluster(f.stack, 'Trino', { cluster: f.cluster, endpoint: endpoint(f), authentication: auth(f), accessControl, networkPolicy });
    expect(() => Template.fromStack(f.stack)).toThrow(message);
  };

  test('the default with authentication and a TrinoKedaScaler: the KEDA user reads system information only, everyone else every catalog', () => {
    const { values } = synth((f) => ({ authentication: auth(f) }), keda);
    expect(values.accessControl).toMatchObject({ type: 'configmap', refreshPeriod: '60s', configFile: 'rules.json' });
    expect(rulesJson(values)).toEqual({
      catalogs: [{ user: 'keda', allow: 'none' }, { allow: 'all' }],
      queries: [{ allow: ['execute'] }],
      system_information: [{ user: 'keda', allow: ['read'] }],
    });
    expect(coordinatorConfig(values)['management.user']).toBe('keda');
    expect(workerConfig(values)['management.user']).toBeUndefined();
  });

  test('the default with authentication and no scaler: every catalog, no system information, own queries only', () => {
    const { values } = synth((f) => ({ authentication: auth(f) }));
    expect(rulesJson(values)).toEqual({ queries: [{ allow: ['execute'] }] });
    expect(coordinatorConfig(values)['management.user']).toBeUndefined();
  });

  test('without authentication: no access control and no management user, even with a scaler', () => {
    const { values } = synth(() => ({}), keda);
    expect(values.accessControl).toBeUndefined();
    expect(coordinatorConfig(values)['management.user']).toBeUndefined();
  });

  test('a Prometheus scaler reads no coordinator endpoint: no management user, no KEDA rule', () => {
    const { values } = synth(
      (f) => ({ authentication: auth(f) }),
      (f, trino) => {
        new TrinoKedaScaler(f.stack, 'Scaler', { trino, metrics: ScalerMetrics.prometheus({ serverAddress: 'http://prometheus.monitoring.svc:9090' }) });
      },
    );
    expect(coordinatorConfig(values)['management.user']).toBeUndefined();
    expect(rulesJson(values)).toEqual({ queries: [{ allow: ['execute'] }] });
  });

  test('query rules, override: who runs queries and sees and kills whose', () => {
    const { values } = synth((f) => ({
      authentication: auth(f),
      accessControl: {
        queries: [
          { group: 'admins', allow: [QueryAccess.EXECUTE, QueryAccess.VIEW, QueryAccess.KILL] },
          { user: 'bi', queryOwner: 'etl', allow: [QueryAccess.VIEW] },
          { user: 'guest', allow: [] },
          { allow: [QueryAccess.EXECUTE] },
        ],
      },
    }));
    expect(rulesJson(values).queries).toEqual([
      { group: 'admins', allow: ['execute', 'view', 'kill'] },
      { user: 'bi', queryOwner: 'etl', allow: ['view'] },
      { user: 'guest', allow: [] },
      { allow: ['execute'] },
    ]);
  });

  test.each<[string, AccessControlRules, RegExp]>([
    ['an unknown query access', { queries: [{ allow: ['run' as any] }] }, /`accessControl.queries\[0\].allow` has "run", not one of execute, view, kill/],
    ['an invalid query owner pattern', { queries: [{ queryOwner: '[', allow: [] }] }, /`accessControl.queries\[0\].queryOwner` "\[" is not a valid regular expression/],
  ])('refuses %s in query rules at synth', (_n, accessControl, message) => {
    expectRefusedAtSynth(accessControl, message);
  });

  test('typed rules render in order after the management user\'s, with the refresh period; a user name is matched exactly', () => {
    const rules: AccessControlRules = {
      catalogs: [{ group: 'analysts', catalog: 'hive', allow: CatalogAccess.READ_ONLY }],
      schemas: [{ user: 'etl', catalog: 'iceberg', schema: 'raw_.*', owner: true }],
      tables: [
        { group: 'analysts', catalog: 'hive', schema: 'sales', table: 'orders', privileges: [TablePrivilege.SELECT], filter: "region = 'eu'" },
        { privileges: [] },
      ],
      systemInformation: [{ user: 'ops', allow: [SystemInformationAccess.READ, SystemInformationAccess.WRITE] }],
      refreshPeriod: Duration.seconds(30),
    };
    const { values } = synth(
      (f) => ({ authentication: auth(f), accessControl: rules }),
      (f, trino) => {
        new TrinoKedaScaler(f.stack, 'Scaler', { trino, metrics: ScalerMetrics.coordinatorMetricsApi({ user: 'keda.scaler' }) });
      },
    );
    expect(values.accessControl.refreshPeriod).toBe('30s');
    expect(rulesJson(values)).toEqual({
      catalogs: [{ user: 'keda\\.scaler', allow: 'none' }, { group: 'analysts', catalog: 'hive', allow: 'read-only' }],
      queries: [{ allow: ['execute'] }],
      schemas: [{ user: 'etl', catalog: 'iceberg', schema: 'raw_.*', owner: true }],
      tables: [
        { group: 'analysts', catalog: 'hive', schema: 'sales', table: 'orders', privileges: ['SELECT'], filter: "region = 'eu'" },
        { privileges: [] },
      ],
      system_information: [{ user: 'keda\\.scaler', allow: ['read'] }, { user: 'ops', allow: ['read', 'write'] }],
    });
    expect(coordinatorConfig(values)['management.user']).toBe('keda.scaler');
  });

  test('a rule may name system or a regular expression matching a catalog of the cluster', () => {
    expect(() =>
      synth((f) => ({ authentication: auth(f), accessControl: { catalogs: [{ catalog: 'system', allow: CatalogAccess.ALL }, { catalog: 'tp(ch|cds)', allow: CatalogAccess.NONE }] } })),
    ).not.toThrow();
  });

  test('a catalog added after construction counts', () => {
    expect(() =>
      synth(
        (f) => ({ authentication: auth(f), accessControl: { catalogs: [{ catalog: 'pg', allow: CatalogAccess.ALL }] } }),
        (_f, trino) => trino.addCatalog(new CustomCatalog({ name: 'pg', connectorName: 'postgresql' })),
      ),
    ).not.toThrow();
  });

  test.each<[string, AccessControlRules, RegExp]>([
    ['a catalog that does not exist', { catalogs: [{ catalog: 'sales', allow: CatalogAccess.ALL }] }, /`accessControl.catalogs\[0\].catalog` 'sales' matches no catalog of the cluster; catalogs: tpch, tpcds, hive, iceberg, system\./],
    ['a schema rule on a catalog that does not exist', { schemas: [{ catalog: 'pg', owner: true }] }, /`accessControl.schemas\[0\].catalog` 'pg' matches no catalog/],
    ['a table rule on a catalog that does not exist', { tables: [{ catalog: 'x.*y', privileges: [] }] }, /`accessControl.tables\[0\].catalog` 'x.\*y' matches no catalog/],
    ['an invalid regular expression', { catalogs: [{ user: '(', allow: CatalogAccess.ALL }] }, /`accessControl.catalogs\[0\].user` "\(" is not a valid regular expression/],
    ['an empty pattern', { tables: [{ table: '', privileges: [] }] }, /`accessControl.tables\[0\].table` is empty/],
    ['an unknown catalog access', { catalogs: [{ allow: 'read' as any }] }, /`accessControl.catalogs\[0\].allow` "read" is not one of all, read-only, none/],
    ['an unknown table privilege', { tables: [{ privileges: ['SELECT', 'READ'] as any }] }, /`accessControl.tables\[0\].privileges` has "READ"/],
    ['a group in a system information rule', { systemInformation: [{ group: 'ops', allow: [SystemInformationAccess.READ] } as any] }, /`accessControl.systemInformation\[0\].group` is not supported/],
  ])('refuses %s at synth (node validation)', (_n, accessControl, message) => {
    expectRefusedAtSynth(accessControl, message);
  });

  test('a refresh period under a second is refused', () => {
    expect(() => synth((f) => ({ authentication: auth(f), accessControl: { refreshPeriod: Duration.millis(100) } }))).toThrow(
      /`accessControl.refreshPeriod` must be at least 1 second/,
    );
  });

  test('access control without authentication is refused', () => {
    expect(() => synth(() => ({ accessControl: { catalogs: [{ allow: CatalogAccess.ALL }] } }))).toThrow(
      /`accessControl` needs `authentication`: without it every client chooses its own user name/,
    );
  });
});

describe('network policy', () => {
  const auth = (f: Fixture) => TrinoAuthentication.password({ passwordFile: f.passwordFile });

  test('off by default without endpoint and authentication', () => {
    const { objects } = synth(() => ({}));
    expect(objects.filter((o) => o.kind === 'NetworkPolicy')).toEqual([]);
  });

  test('on by default with authentication: the coordinator admits the release\'s pods (and KEDA when it reads /metrics), workers only its coordinator and workers', () => {
    const { objects } = synth((f) => ({ authentication: auth(f), networkPolicy: { loadBalancerCidrs: [] } }), keda);
    const own = {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'trino', 'app.kubernetes.io/instance': 'trino' } },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'trino' } },
    };
    expect(policy(objects, 'coordinator').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'trino', 'app.kubernetes.io/instance': 'trino', 'app.kubernetes.io/component': 'coordinator' } },
      policyTypes: ['Ingress'],
      ingress: [
        { from: [own] },
        { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'keda' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
      ],
    });
    expect(policy(objects, 'worker').spec.ingress).toEqual([
      {
        from: [
          {
            podSelector: {
              matchLabels: own.podSelector.matchLabels,
              matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: ['coordinator', 'worker'] }],
            },
            namespaceSelector: own.namespaceSelector,
          },
        ],
      },
    ]);
  });

  test('an internet-facing endpoint admits the load balancer from the public subnets only, not the pods\' private subnets', () => {
    const { stack, cluster } = realClusterStack();
    new TrinoCluster(stack, 'Trino', {
      cluster,
      endpoint: {
        domainName: 'trino.example.com',
        certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_ARN),
        internetFacing: true,
        sourceCidrs: ['203.0.113.0/24'],
      },
    });
    const objects = manifests(Template.fromStack(stack));
    const lb = policy(objects, 'coordinator').spec.ingress.find((i: any) => i.from.some((p: any) => p.ipBlock));
    const cidrs = lb.from.filter((p: any) => p.ipBlock).map((p: any) => p.ipBlock.cidr);
    expect(cidrs).toEqual(cluster.vpc.publicSubnets.map((sn) => sn.ipv4CidrBlock));
    const privateCidrs = cluster.vpc.privateSubnets.map((sn) => sn.ipv4CidrBlock);
    expect(cidrs.filter((c: string) => privateCidrs.includes(c))).toEqual([]);
  });

  test('on by default with an endpoint: the load balancer from the VPC CIDR of a cluster with its VPC', () => {
    const { stack, cluster } = realClusterStack();
    new TrinoCluster(stack, 'Trino', { cluster, endpoint: { domainName: 'trino.example.com', certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_ARN) } });
    const objects = manifests(Template.fromStack(stack));
    const lb = policy(objects, 'coordinator').spec.ingress.find((i: any) => i.from.some((p: any) => p.ipBlock));
    expect(lb.ports).toEqual([{ protocol: 'TCP', port: 8080 }]);
    expect(lb.from[0].ipBlock.cidr).toMatch(/^<ClusterDefaultVpc[0-9A-F]+\.CidrBlock>$/);
  });

  test('overrides: client namespaces, KEDA namespace, load balancer CIDRs; disabled', () => {
    const { objects } = synth(
      (f) => ({
        endpoint: endpoint(f),
        authentication: auth(f),
        networkPolicy: { clientNamespaces: ['notebooks', 'bi'], kedaNamespace: 'keda-system', loadBalancerCidrs: ['10.0.1.0/24', '10.0.2.0/24'] },
      }),
      keda,
    );
    expect(policy(objects, 'coordinator').spec.ingress[1]).toEqual({
      from: [
        { ipBlock: { cidr: '10.0.1.0/24' } },
        { ipBlock: { cidr: '10.0.2.0/24' } },
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'keda-system' } } },
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'notebooks' } } },
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'bi' } } },
      ],
      ports: [{ protocol: 'TCP', port: 8080 }],
    });
    const off = synth((f) => ({ endpoint: endpoint(f), authentication: auth(f), networkPolicy: { enabled: false } }));
    expect(off.objects.filter((o) => o.kind === 'NetworkPolicy')).toEqual([]);
  });

  test('explicit options without endpoint or authentication turn the policies on', () => {
    const { objects } = synth(() => ({ networkPolicy: { clientNamespaces: ['bi'] } }));
    expect(objects.filter((o) => o.kind === 'NetworkPolicy')).toHaveLength(2);
  });

  test.each([false, true])('Prometheus (scrapeWorkers %s): its namespace on the JMX exporter port of the coordinator, and of workers when scraped', (scrapeWorkers) => {
    const { objects } = synth(
      (f) => ({ authentication: auth(f), networkPolicy: { prometheusNamespace: 'observability' } }),
      (f, trino) => {
        new TrinoKedaScaler(f.stack, 'Scaler', { trino, metrics: ScalerMetrics.prometheus({ serverAddress: 'http://prom.observability.svc:9090', scrapeWorkers }) });
      },
    );
    const prom = { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } } }], ports: [{ protocol: 'TCP', port: expect.any(Number) }] };
    expect(policy(objects, 'coordinator').spec.ingress).toContainEqual(prom);
    expect(policy(objects, 'worker').spec.ingress.some((i: any) => i.ports)).toBe(scrapeWorkers);
    // no KEDA rule: the Prometheus scaler does not call the coordinator
    expect(JSON.stringify(policy(objects, 'coordinator'))).not.toContain('"keda"');
  });

  test.each<[string, any, RegExp]>([
    ['a bad client namespace', { clientNamespaces: ['Bad_NS'] }, /Invalid `networkPolicy.clientNamespaces` "Bad_NS": use a Kubernetes namespace name/],
    ['a bad KEDA namespace', { kedaNamespace: '-keda' }, /Invalid `networkPolicy.kedaNamespace` "-keda"/],
    ['a bad Prometheus namespace', { prometheusNamespace: 'a'.repeat(64) }, /Invalid `networkPolicy.prometheusNamespace`/],
    ['a bad load balancer CIDR', { loadBalancerCidrs: ['10.0.0.0'] }, /Invalid `networkPolicy.loadBalancerCidrs\[0\]` "10.0.0.0"/],
  ])('refuses %s', (_n, networkPolicy, message) => {
    expect(() => synth((f) => ({ authentication: auth(f), networkPolicy }))).toThrow(message);
  });

});

describe('imported cluster without vpc', () => {
  test('an endpoint with the default NetworkPolicy and no loadBalancerCidrs is refused; with them it synthesizes', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { env: ENV });
    const cluster = importCluster(stack, 'Cluster', 'analytics');
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_ARN);
    let vpcKnown = true;
    try {
      void cluster.vpc.vpcCidrBlock;
    } catch {
      vpcKnown = false;
    }
    expect(vpcKnown).toBe(false);
    expect(() => new TrinoCluster(stack, 'Trino', { cluster, endpoint: { domainName: 'trino.example.com', certificate } })).toThrow(
      /`networkPolicy.loadBalancerCidrs` is required: the cluster was imported without its `vpc`/,
    );
    const stack2 = new Stack(new App(), 'Stack2', { env: ENV });
    const cluster2 = importCluster(stack2, 'Cluster', 'analytics');
    new TrinoCluster(stack2, 'Trino', {
      cluster: cluster2,
      endpoint: { domainName: 'trino.example.com', certificate: acm.Certificate.fromCertificateArn(stack2, 'Cert', CERT_ARN) },
      networkPolicy: { loadBalancerCidrs: ['10.0.0.0/16'] },
    });
    expect(policy(manifests(Template.fromStack(stack2)), 'coordinator').spec.ingress[1].from).toEqual([{ ipBlock: { cidr: '10.0.0.0/16' } }]);
  });
});

describe('secrets in catalogs and properties', () => {
  test('a JSON field that is not a plain identifier is a quoted JMESPath identifier (the provider needs \'"db-password"\')', () => {
    const { objects } = synth(
      () => ({}),
      (f, trino) =>
        trino.addCatalog(
          new CustomCatalog({
            name: 'pg',
            connectorName: 'postgresql',
            secretProperties: { 'connection-password': { secret: new secretsmanager.Secret(f.stack, 'Db'), field: 'db-password' } },
          }),
        ),
    );
    expect(spcObjects(objects)).toContain('- path: \'"db-password"\'\n      objectAlias: "TRINO_SECRET_CATALOG_PG_CONNECTION_PASSWORD"');
  });

  test('a catalog with secret properties given in `catalogs` (before the chart exists): the chart still waits for the SecretProviderClass', () => {
    const { template } = synth((f) => ({
      catalogs: [
        new CustomCatalog({
          name: 'pg',
          connectorName: 'postgresql',
          secretProperties: { 'connection-password': { secret: new secretsmanager.Secret(f.stack, 'Db'), field: 'password' } },
        }),
      ],
    }));
    const resources = template.toJSON().Resources;
    const [spcId] = Object.entries<any>(resources).find(
      ([, r]) => r.Type === 'Custom::AWSCDK-EKS-KubernetesResource' && JSON.stringify(r.Properties.Manifest).includes('SecretProviderClass'),
    )!;
    const [, chart] = Object.entries<any>(resources).find(([, r]) => r.Type === eks.HelmChart.RESOURCE_TYPE && r.Properties.Chart === 'trino')!;
    expect(chart.DependsOn).toContain(spcId);
    expect(resources[spcId].DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^TrinoNamespace/)]));
  });

  test('CustomCatalog secretProperties: an environment variable from the synced Secret, read access, a SecretProviderClass without authentication', () => {
    const { values, objects, template } = synth(
      () => ({}),
      (f, trino) =>
        trino.addCatalog(
          new CustomCatalog({
            name: 'sales_db',
            connectorName: 'postgresql',
            properties: { 'connection-url': 'jdbc:postgresql://db:5432/sales', 'connection-user': 'trino' },
            secretProperties: {
              'connection-password': { secret: new secretsmanager.Secret(f.stack, 'DbSecret'), field: 'password' },
            },
          }),
        ),
    );
    const catalog = parseProperties(values.catalogs.sales_db);
    expect(catalog['connection-password']).toBe('${ENV:TRINO_SECRET_CATALOG_SALES_DB_CONNECTION_PASSWORD}');
    expect(values.env).toEqual([
      {
        name: 'TRINO_SECRET_CATALOG_SALES_DB_CONNECTION_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'trino-secrets', key: 'TRINO_SECRET_CATALOG_SALES_DB_CONNECTION_PASSWORD' } },
      },
    ]);
    for (const role of ['coordinator', 'worker']) {
      expect(values[role].additionalVolumes).toContainEqual({
        name: 'trino-secrets',
        csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'trino-secrets' } },
      });
      expect(values[role].additionalVolumeMounts).toContainEqual({ name: 'trino-secrets', mountPath: '/var/run/secrets/trino', readOnly: true });
    }
    expect(spcObjects(objects)).toContain('- path: password\n      objectAlias: "TRINO_SECRET_CATALOG_SALES_DB_CONNECTION_PASSWORD"');
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: { Ref: Match.stringLikeRegexp('^DbSecret') } })]) },
    });
    // the chart waits for the SecretProviderClass
    const chart = helmCharts(template).find((c) => c.props.Chart === 'trino')!;
    expect(template.toJSON().Resources[chart.id].DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^TrinoSecretProviderClass/)]));
  });

  test('a secret property without a field reads the whole secret string', () => {
    const { objects } = synth(
      () => ({}),
      (f, trino) =>
        trino.addCatalog(new CustomCatalog({ name: 'pg', connectorName: 'postgresql', secretProperties: { 'connection-password': { secret: new secretsmanager.Secret(f.stack, 'Db') } } })),
    );
    expect(spcObjects(objects)).toMatch(/objectAlias: "TRINO_SECRET_CATALOG_PG_CONNECTION_PASSWORD"\n$/);
  });

  test.each<[string, () => any, RegExp]>([
    [
      'a literal password in CustomCatalog properties',
      () => new CustomCatalog({ name: 'pg', connectorName: 'postgresql', properties: { 'connection-password': 'hunter2' } }),
      /`properties` 'connection-password' of catalog 'pg' holds a literal secret: .* Move it to `secretProperties`/,
    ],
    [
      'a property in both properties and secretProperties',
      () => new CustomCatalog({ name: 'pg', connectorName: 'postgresql', properties: { 'connection-password': '${ENV:X}' }, secretProperties: { 'connection-password': { secret: new secretsmanager.Secret(new Stack(), 'S') } } }),
      /sets 'connection-password' in both `properties` and `secretProperties`/,
    ],
    [
      'a nested JSON field',
      () => new CustomCatalog({ name: 'pg', connectorName: 'postgresql', secretProperties: { 'connection-password': { secret: new secretsmanager.Secret(new Stack(), 'S'), field: 'a.b' } } }),
      /Invalid `secretProperties` 'connection-password' field "a.b"/,
    ],
  ])('refuses %s', (_n, make, message) => {
    expect(make).toThrow(message);
  });

  test('an ${ENV:…} reference in CustomCatalog properties is accepted', () => {
    expect(() => new CustomCatalog({ name: 'pg', connectorName: 'postgresql', properties: { 'connection-password': '${ENV:PG_PASSWORD}' } })).not.toThrow();
  });

  test('a literal secret in additionalConfigProperties is refused; a reference is accepted', () => {
    expect(() => synth(() => ({ additionalConfigProperties: { 'http-server.authentication.oauth2.refresh-tokens.secret-key': 'c2VjcmV0' } }))).toThrow(
      /`additionalConfigProperties` 'http-server.authentication.oauth2.refresh-tokens.secret-key' holds a literal secret/,
    );
    expect(() => synth(() => ({ additionalConfigProperties: { 'http-server.authentication.oauth2.refresh-tokens.secret-key': '${ENV:JWE_KEY}' } }))).not.toThrow();
  });

  test.each(['http-server.authentication.type', 'internal-communication.shared-secret', 'management.user', 'http-server.process-forwarded', 'web-ui.authentication.type'])(
    'additionalConfigProperties cannot set %s (managed by the security props)',
    (name) => {
      expect(() => synth(() => ({ additionalConfigProperties: { [name]: '${ENV:X}' } }))).toThrow(new RegExp(`cannot set '${name.replace(/\./g, '\\.')}': it is managed by`));
    },
  );
});

describe('no secret value in the template', () => {
  test('with every secret path on, secrets appear only as Refs/ARNs: no SecretString but the Cognito GetAtt, none in Helm values or manifests', () => {
    const { template, values, objects } = synth(
      (f) => {
        const userPool = new cognito.UserPool(f.stack, 'Pool');
        const userPoolClient = userPool.addClient('Trino', { generateSecret: true });
        return { endpoint: endpoint(f), authentication: TrinoAuthentication.cognito({ userPool, userPoolClient }) };
      },
      (f, trino) => {
        keda(f, trino);
        trino.addCatalog(new CustomCatalog({ name: 'pg', connectorName: 'postgresql', secretProperties: { 'connection-password': { secret: new secretsmanager.Secret(f.stack, 'Db'), field: 'password' } } }));
      },
    );
    const secrets = template.findResources('AWS::SecretsManager::Secret');
    for (const [id, s] of Object.entries<any>(secrets)) {
      if (s.Properties?.SecretString !== undefined) {
        expect([id, s.Properties.SecretString]).toEqual([id, { 'Fn::GetAtt': [expect.stringMatching(/DescribeCognitoUserPoolClient/), 'UserPoolClient.ClientSecret'] }]);
      }
    }
    expect(Object.keys(secrets).length).toBe(4); // fixture password file, shared secret, Cognito copy, Db
    const text = JSON.stringify([values, objects]);
    expect(text).not.toContain('SecretString');
    expect(text).not.toMatch(/ClientSecret'?\]/); // the GetAtt of the client secret never reaches the chart
    // every secret of the SecretProviderClass is a Ref (its ARN)
    const spc = template.toJSON().Resources;
    const spcResource = Object.values<any>(spc).find((r) => r.Type === 'Custom::AWSCDK-EKS-KubernetesResource' && JSON.stringify(r.Properties.Manifest).includes('SecretProviderClass'));
    const refs = JSON.stringify(spcResource.Properties.Manifest).match(/"Ref":"([A-Za-z0-9]+)"/g) ?? [];
    const referenced = refs.map((m) => m.slice(7, -1)).filter((id) => id in secrets);
    expect(new Set(referenced).size).toBe(3); // shared secret, Cognito copy, Db (the fixture's password file is unused)
  });
});

describe('SecretsStoreCsiDriver', () => {
  test('defaults: the AWS provider chart with its driver dependency, Secret sync and rotation every 2 minutes', () => {
    const { stack, cluster } = importedClusterStack();
    new SecretsStoreCsiDriver(stack, 'Csi', { cluster });
    const template = Template.fromStack(stack);
    template.hasResourceProperties(eks.HelmChart.RESOURCE_TYPE, {
      Chart: 'secrets-store-csi-driver-provider-aws',
      Repository: 'https://aws.github.io/secrets-store-csi-driver-provider-aws',
      Version: SecretsStoreCsiDriver.DEFAULT_CHART_VERSION,
      Namespace: 'kube-system',
      Wait: true,
    });
    const charts = helmCharts(template);
    expect(charts).toHaveLength(1);
    // the provider chart installs the driver (its `secrets-store-csi-driver` dependency) with the tokenRequests the
    // provider needs since 3.0.0 (aws/secrets-store-csi-driver-provider-aws charts/.../values.yaml)
    expect(charts[0].values).toEqual({
      'secrets-store-csi-driver': { install: true, syncSecret: { enabled: true }, enableSecretRotation: true, rotationPollInterval: '120s' },
    });
  });

  test('overrides: rotation poll interval and chart version', () => {
    const { stack, cluster } = importedClusterStack();
    new SecretsStoreCsiDriver(stack, 'Csi', { cluster, rotationPollInterval: Duration.hours(1), chartVersion: '3.0.0' });
    const charts = helmCharts(Template.fromStack(stack));
    expect(charts[0].props.Version).toBe('3.0.0');
    expect(charts[0].values['secrets-store-csi-driver'].rotationPollInterval).toBe('3600s');
  });

  test('a rotation poll interval under 10 seconds is refused', () => {
    const { stack, cluster } = importedClusterStack();
    expect(() => new SecretsStoreCsiDriver(stack, 'Csi', { cluster, rotationPollInterval: Duration.seconds(5) })).toThrow(
      /`rotationPollInterval` must be at least 10 seconds \(each poll calls Secrets Manager\), got: 5 seconds/,
    );
  });
});
