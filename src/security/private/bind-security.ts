// SPDX-License-Identifier: Apache-2.0
import { CfnOutput, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import { accessControlJson, accessControlProblems } from './access-control-json';
import { networkPolicies, releasePodLabels } from './network-policies';
import { ChartNames } from '../../config/chart';
import { TrinoConfig, TrinoRole } from '../../config/trino-config';
import { AccessControlRules } from '../access-control';
import { TrinoNetworkPolicyOptions } from '../network-policy';
import { TrinoAuthentication } from '../trino-authentication';
import { TrinoEndpointOptions } from '../trino-endpoint';

/** The default TLS policy of the HTTPS listener: TLS 1.3 and 1.2 only. @internal */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/**
 * The security model of a release, rendered into chart values by config/chart.ts.
 * @internal
 */
export interface SecurityModel {
  readonly authenticationType?: string;
  /** `password-authenticator.properties` / `group-provider.properties` of the coordinator */
  readonly coordinatorFiles: { [fileName: string]: string };
  readonly accessControl?: { json: () => string; refreshPeriod: Duration };
  readonly ingress?: { host: string; annotations: { [key: string]: string } };
  /** the Kubernetes Secret the CSI driver syncs the environment variables into */
  readonly kubernetesSecretName: string;
}

/** @internal */
export interface SecurityInput {
  readonly scope: Construct;
  readonly cluster: eks.ICluster;
  readonly namespace: string;
  readonly releaseName: string;
  readonly names: ChartNames;
  readonly config: TrinoConfig;
  readonly grantee: iam.IGrantable;
  readonly podIdentity: boolean;
  readonly endpoint?: TrinoEndpointOptions;
  readonly authentication?: TrinoAuthentication;
  readonly accessControl?: AccessControlRules;
  readonly networkPolicy?: TrinoNetworkPolicyOptions;
  readonly catalogNames: () => string[];
  /** what installs the Secrets Store CSI driver: the SecretProviderClass waits for it (the list may grow later) */
  readonly secretsStoreDependencies: IConstruct[];
}

/** @internal */
export interface SecurityResult {
  readonly sharedSecret?: secretsmanager.ISecret;
  /** manifests that must exist before the chart is installed */
  readonly manifests: eks.KubernetesManifest[];
  readonly networkPolicy: boolean;
  /** the labels the coordinator's NetworkPolicy admits as the release's own pods (the smoke test wears them), when on */
  readonly networkPolicyLabels?: { [key: string]: string };
  readonly endpointUrl?: string;
  /** the load balancer's DNS name, read from the Ingress status: must depend on the chart */
  readonly loadBalancerHostname?: eks.KubernetesObjectValue;
  /** the SecretProviderClass manifest, created on first use */
  readonly secretProviderClass: () => eks.KubernetesManifest;
  /** the SecretProviderClass manifest, if it was created */
  readonly existingSecretProviderClass: () => eks.KubernetesManifest | undefined;
}

/**
 * Validates the security props, contributes them to the model, and creates what they need: the shared secret, the
 * SecretProviderClass, the NetworkPolicies and the DNS record. Values are read lazily (catalogs and the scaler come
 * later).
 * @internal
 */
export function bindSecurity(input: SecurityInput): SecurityResult {
  const { scope, config } = input;
  const endpoint = input.endpoint;
  if (endpoint) validateEndpoint(endpoint);
  const auth = input.authentication?._bind(scope);
  if (auth?.requiresTls && !endpoint) {
    throw new Error(
      '`authentication`: OAuth 2.0 needs the TLS `endpoint`: the identity provider redirects browsers back to ' +
        'https://<domainName>/oauth2/callback, and Trino refuses OAuth 2.0 over plain HTTP. Set `endpoint` (domainName and certificate).',
    );
  }
  if (auth && !endpoint) {
    // Trino runs the configured authenticators only on secure requests (HTTPS, or X-Forwarded-Proto: https with
    // process-forwarded). Without either, allow-insecure-over-http stays true and plain HTTP takes any X-Trino-User
    // with no password (ServerSecurityModule, AuthenticationFilter): the password file would protect nothing.
    throw new Error(
      '`authentication` needs the TLS `endpoint`: without a TLS client hop Trino authenticates nobody (over plain HTTP ' +
        'it accepts any user name without a password, and the CLI refuses to send a password over http://). Set ' +
        '`endpoint` (domainName and certificate); in-cluster clients use https://<domainName> too.',
    );
  }
  if (input.accessControl && !input.authentication) {
    throw new Error(
      '`accessControl` needs `authentication`: without it every client chooses its own user name, so rules on users ' +
        'and groups would protect nothing.',
    );
  }

  const secrets = config.secrets;
  let sharedSecret: secretsmanager.ISecret | undefined;
  if (auth) {
    // Required on every node once authentication is on (InternalAuthenticationManager): it signs the coordinator's and
    // workers' internal requests. Generated by Secrets Manager at deploy time; the template holds only its ARN.
    sharedSecret = new secretsmanager.Secret(scope, 'InternalSharedSecret', {
      description: `internal-communication.shared-secret of the Trino release ${input.releaseName} (namespace ${input.namespace})`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
    const ref = secrets.addEnv('INTERNAL_SHARED_SECRET', { secret: sharedSecret }, 'authentication');
    config.setConfigProperty('internal-communication.shared-secret', ref, 'both', 'authentication');
    for (const [name, ref2] of Object.entries(auth.envSecrets)) secrets.addEnv(name, ref2, 'authentication');
    for (const [name, value] of Object.entries(auth.properties)) {
      const resolved = value.replace(/\$\{SECRET:([A-Z0-9_]+)\}/g, (_, v) => `\${ENV:TRINO_SECRET_${v}}`);
      config.setConfigProperty(name, resolved, TrinoRole.COORDINATOR, 'authentication');
    }
  }
  const coordinatorFiles: { [fileName: string]: string } = {};
  if (auth?.passwordFile) {
    const path = secrets.addFile(auth.passwordFile, auth.fileSecrets[auth.passwordFile], 'authentication');
    coordinatorFiles['password-authenticator.properties'] =
      `password-authenticator.name=file\nfile.password-file=${path}\nfile.refresh-period=${seconds(auth.refreshPeriod!)}\n`;
  }
  if (auth?.groupFile) {
    const path = secrets.addFile(auth.groupFile, auth.fileSecrets[auth.groupFile], 'authentication');
    coordinatorFiles['group-provider.properties'] =
      `group-provider.name=file\nfile.group-file=${path}\nfile.refresh-period=${seconds(auth.refreshPeriod!)}\n`;
  }

  if (endpoint) {
    // An ALB adds X-Forwarded-For/-Proto/-Port to every request; Trino's default (REJECT) answers 406 to them.
    config.setConfigProperty('http-server.process-forwarded', 'true', TrinoRole.COORDINATOR, 'endpoint');
  }

  // KEDA's metrics-api trigger reads /metrics over plain HTTP inside the cluster: with authentication on, that
  // request is identified as management.user (no credentials; only on management endpoints, only over HTTP).
  const managementUser = () => (auth ? config.keda?.managementUser : undefined);
  let accessControl: SecurityModel['accessControl'];
  if (auth) {
    const rules = input.accessControl ?? {};
    accessControl = { json: () => accessControlJson(rules, managementUser()), refreshPeriod: rules.refreshPeriod ?? Duration.minutes(1) };
    if (rules.refreshPeriod && !Token.isUnresolved(rules.refreshPeriod.toMilliseconds()) && rules.refreshPeriod.toMilliseconds() < 1000) {
      throw new Error(`\`accessControl.refreshPeriod\` must be at least 1 second, got: ${rules.refreshPeriod.toHumanString()}.`);
    }
    scope.node.addValidation({ validate: () => accessControlProblems(rules, input.catalogNames()) });
  }

  let ingress: SecurityModel['ingress'];
  if (endpoint) {
    const annotations: { [key: string]: string } = {
      'alb.ingress.kubernetes.io/scheme': endpoint.internetFacing ? 'internet-facing' : 'internal',
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS":443}]',
      'alb.ingress.kubernetes.io/certificate-arn': endpoint.certificate.certificateArn,
      'alb.ingress.kubernetes.io/ssl-policy': endpoint.sslPolicy ?? DEFAULT_SSL_POLICY,
      'alb.ingress.kubernetes.io/backend-protocol': 'HTTP',
      'alb.ingress.kubernetes.io/healthcheck-path': '/v1/info',
      'alb.ingress.kubernetes.io/load-balancer-attributes':
        `idle_timeout.timeout_seconds=${(endpoint.idleTimeout ?? Duration.minutes(5)).toSeconds()},` +
        'routing.http.drop_invalid_header_fields.enabled=true',
    };
    if (endpoint.sourceCidrs && endpoint.sourceCidrs.length > 0) {
      annotations['alb.ingress.kubernetes.io/inbound-cidrs'] = endpoint.sourceCidrs.join(',');
    }
    ingress = { host: endpoint.domainName, annotations };
  }

  const kubernetesSecretName = `${input.names.fullname}-secrets`;
  config.security = { authenticationType: auth?.type, coordinatorFiles, accessControl, ingress, kubernetesSecretName };

  const manifests: eks.KubernetesManifest[] = [];
  let spc: eks.KubernetesManifest | undefined;
  const secretProviderClass = () => {
    if (!spc) {
      const skeleton = secrets.secretProviderClass({
        name: kubernetesSecretName,
        namespace: input.namespace,
        kubernetesSecretName,
        region: Stack.of(scope).region,
        podIdentity: input.podIdentity,
      });
      // Lazy: catalogs added later may reference secrets too
      spc = new eks.KubernetesManifest(scope, 'SecretProviderClass', {
        cluster: input.cluster,
        manifest: [{ ...skeleton, spec: Lazy.any({ produce: () => secretProviderSpec(input, kubernetesSecretName) }) }],
      });
      for (const d of input.secretsStoreDependencies) spc.node.addDependency(d);
    }
    return spc;
  };
  if (auth) manifests.push(secretProviderClass());

  const wantPolicy = input.networkPolicy?.enabled ?? (endpoint !== undefined || auth !== undefined || input.networkPolicy !== undefined);
  if (wantPolicy) {
    const np = input.networkPolicy ?? {};
    const lbCidrs = np.loadBalancerCidrs ?? (endpoint ? loadBalancerCidrs(input.cluster, endpoint.internetFacing === true) : []);
    for (const [i, c] of lbCidrs.entries()) validateCidr(`networkPolicy.loadBalancerCidrs[${i}]`, c);
    for (const n of np.clientNamespaces ?? []) validateNamespace('networkPolicy.clientNamespaces', n);
    if (np.kedaNamespace) validateNamespace('networkPolicy.kedaNamespace', np.kedaNamespace);
    if (np.prometheusNamespace) validateNamespace('networkPolicy.prometheusNamespace', np.prometheusNamespace);
    const build = () =>
      networkPolicies({
        names: input.names,
        releaseName: input.releaseName,
        namespace: input.namespace,
        loadBalancerCidrs: lbCidrs,
        coordinatorHttpNamespaces: [
          ...(config.keda?.managementUser !== undefined ? [np.kedaNamespace ?? 'keda'] : []),
          ...(np.clientNamespaces ?? []),
        ],
        prometheusNamespace: config.prometheus ? np.prometheusNamespace ?? 'monitoring' : undefined,
        scrapeWorkers: config.prometheus?.scrapeWorkers === true,
      });
    const skeleton = networkPolicies({
      names: input.names,
      releaseName: input.releaseName,
      namespace: input.namespace,
      loadBalancerCidrs: [],
      coordinatorHttpNamespaces: [],
      scrapeWorkers: false,
    });
    manifests.push(
      new eks.KubernetesManifest(scope, 'NetworkPolicies', {
        cluster: input.cluster,
        manifest: skeleton.map((p, i) => ({ ...p, spec: Lazy.any({ produce: () => build()[i].spec }) })),
      }),
    );
  }

  let endpointUrl: string | undefined;
  let loadBalancerHostname: eks.KubernetesObjectValue | undefined;
  if (endpoint) {
    endpointUrl = `https://${endpoint.domainName}`;
    const hostname = new eks.KubernetesObjectValue(scope, 'EndpointLoadBalancer', {
      cluster: input.cluster,
      objectType: 'ingress',
      objectName: input.names.coordinator,
      objectNamespace: input.namespace,
      jsonPath: '.status.loadBalancer.ingress[0].hostname',
      timeout: Duration.minutes(10),
    });
    new CfnOutput(scope, 'EndpointLoadBalancerOutput', {
      description: `DNS name of the load balancer in front of ${endpointUrl}`,
      value: hostname.value,
    });
    new CfnOutput(scope, 'EndpointUrl', { description: 'Trino endpoint (HTTPS)', value: endpointUrl });
    if (endpoint.hostedZone) {
      new route53.CnameRecord(scope, 'EndpointRecord', {
        zone: endpoint.hostedZone,
        recordName: endpoint.domainName,
        domainName: hostname.value,
        ttl: Duration.minutes(5),
      });
    }
    loadBalancerHostname = hostname;
  }

  // the pods read every secret with their own IAM identity (the service account's role)
  if (sharedSecret) sharedSecret.grantRead(input.grantee);
  if (auth) {
    for (const ref of [...Object.values(auth.envSecrets), ...Object.values(auth.fileSecrets)]) ref.secret.grantRead(input.grantee);
  }
  return {
    sharedSecret,
    manifests,
    networkPolicy: wantPolicy,
    networkPolicyLabels: wantPolicy ? releasePodLabels(input.names) : undefined,
    endpointUrl,
    loadBalancerHostname,
    secretProviderClass,
    existingSecretProviderClass: () => spc,
  };
}

function secretProviderSpec(input: SecurityInput, kubernetesSecretName: string): any {
  return input.config.secrets.secretProviderClass({
    name: kubernetesSecretName,
    namespace: input.namespace,
    kubernetesSecretName,
    region: Stack.of(input.scope).region,
    podIdentity: input.podIdentity,
  }).spec;
}

function seconds(d: Duration): string {
  return `${d.toSeconds()}s`;
}

/**
 * Where the load balancer's traffic to the coordinator comes from. An internet-facing ALB lives in the public subnets
 * (the controller picks subnets tagged kubernetes.io/role/elb), where pods normally do not run: their CIDRs admit the
 * load balancer and no pod. An internal ALB lives in the private subnets, next to the pods, so the VPC CIDR is as
 * narrow as an address-based rule can be there (docs/security.md says what that admits).
 */
function loadBalancerCidrs(cluster: eks.ICluster, internetFacing: boolean): string[] {
  if (internetFacing) {
    try {
      const cidrs = cluster.vpc.publicSubnets.map((s) => s.ipv4CidrBlock);
      if (cidrs.length > 0) return cidrs;
    } catch {
      // an imported VPC without subnet CIDRs: fall back to the VPC's CIDR
    }
  }
  return vpcCidr(cluster);
}

function vpcCidr(cluster: eks.ICluster): string[] {
  let cidr: string;
  try {
    cidr = cluster.vpc.vpcCidrBlock;
  } catch {
    throw new Error(
      '`networkPolicy.loadBalancerCidrs` is required: the cluster was imported without its `vpc`, so the CIDR the load ' +
        "balancer reaches the coordinator from is unknown. Give the VPC's CIDR (or the load balancer subnets' CIDRs).",
    );
  }
  return [cidr];
}

function validateEndpoint(e: TrinoEndpointOptions) {
  if (!e.certificate) throw new Error('`endpoint.certificate` is required: the ACM certificate of `endpoint.domainName`.');
  if (!Token.isUnresolved(e.domainName) && !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(e.domainName ?? '')) {
    throw new Error(
      `Invalid \`endpoint.domainName\` ${JSON.stringify(e.domainName)}: use a lowercase fully qualified DNS name such as ` +
        "'trino.example.com' (no scheme, no wildcard).",
    );
  }
  const cidrs = e.sourceCidrs ?? [];
  cidrs.forEach((c, i) => validateCidr(`endpoint.sourceCidrs[${i}]`, c));
  if (e.internetFacing && cidrs.length === 0) {
    throw new Error(
      '`endpoint.internetFacing` is true but `endpoint.sourceCidrs` is empty: an internet-facing Trino endpoint would be ' +
        'open to 0.0.0.0/0. List the client networks (for example your office or VPN egress CIDRs).',
    );
  }
  if (e.internetFacing && cidrs.some((c) => c === '0.0.0.0/0')) {
    throw new Error(
      "`endpoint.sourceCidrs` contains '0.0.0.0/0' on an internet-facing endpoint: list the client networks instead.",
    );
  }
  if (e.sslPolicy !== undefined && !Token.isUnresolved(e.sslPolicy) && !/^ELBSecurityPolicy-[A-Za-z0-9-]+$/.test(e.sslPolicy)) {
    throw new Error(`Invalid \`endpoint.sslPolicy\` ${JSON.stringify(e.sslPolicy)}: use an ELB security policy name such as '${DEFAULT_SSL_POLICY}'.`);
  }
  if (e.idleTimeout && !Token.isUnresolved(e.idleTimeout.toMilliseconds())) {
    // milliseconds: toSeconds() throws its own message, naming no prop, on a fraction of a second
    const ms = e.idleTimeout.toMilliseconds();
    if (ms % 1000 !== 0 || ms < 1000 || ms > 4_000_000) {
      throw new Error(`\`endpoint.idleTimeout\` must be a whole number of seconds between 1 and 4000 (ALB limits), got: ${ms / 1000} s.`);
    }
  }
}

function validateCidr(prop: string, cidr: string) {
  if (Token.isUnresolved(cidr)) return;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32) {
    throw new Error(`Invalid \`${prop}\` ${JSON.stringify(cidr)}: use an IPv4 CIDR such as '10.0.0.0/16' or '203.0.113.7/32'.`);
  }
}

function validateNamespace(prop: string, ns: string) {
  if (Token.isUnresolved(ns)) return;
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(ns)) {
    throw new Error(`Invalid \`${prop}\` ${JSON.stringify(ns)}: use a Kubernetes namespace name (RFC 1123 label).`);
  }
}

