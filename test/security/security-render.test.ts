// SPDX-License-Identifier: Apache-2.0
/**
 * Issue 12 item 5, "nothing breaks", judged on what Kubernetes receives: a TrinoCluster with the HTTPS endpoint,
 * authentication, access control, a catalog password from Secrets Manager and a TrinoKedaScaler reading the
 * coordinator's /metrics, rendered by the real chart 1.42.2 (scripts/render) with the manifests the stack applies
 * (SecretProviderClass, NetworkPolicies). Each test cites the Trino / KEDA / driver sources that back the behaviour
 * it relies on (trinodb/trino paths as in ../shared/schemas/trino/properties.json `codeFile` / `noteSources`).
 */
import * as childProcess from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { parse as parseYaml } from 'yaml';
import { K8sObject, RenderedRelease, renderTrino, stackManifests } from '../../scripts/render/render-stack';
import {
  CatalogAccess,
  CustomCatalog,
  SystemInformationAccess,
  TrinoAuthentication,
  TrinoCluster,
  TrinoClusterProps,
  TrinoKedaScaler,
} from '../../src';
import { SHUTDOWN_DIR } from '../../src/config/chart';
import { validateCrdObject } from '../conformance/crd';
import { kubernetesSchemaErrors } from '../conformance/kubernetes';
import { invalidTrinoPropertyValues, unknownTrinoProperties } from '../conformance/trino-properties';
import { importedClusterStack } from '../util';

type Auth = 'password' | 'cognito';

function render(auth: Auth, props: Partial<TrinoClusterProps> = {}) {
  const { stack, cluster } = importedClusterStack();
  const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-west-2:123456789012:certificate/0f6a5b1e-1111-2222-3333-444455556666');
  let authentication: TrinoAuthentication;
  if (auth === 'password') {
    authentication = TrinoAuthentication.password({
      passwordFile: new secretsmanager.Secret(stack, 'PasswordFile'),
      groupFile: new secretsmanager.Secret(stack, 'GroupFile'),
    });
  } else {
    const userPool = new cognito.UserPool(stack, 'Pool');
    const userPoolClient = userPool.addClient('Trino', {
      generateSecret: true,
      oAuth: { callbackUrls: ['https://trino.example.com/oauth2/callback'] },
    });
    authentication = TrinoAuthentication.cognito({ userPool, userPoolClient });
  }
  const db = new secretsmanager.Secret(stack, 'DbSecret');
  const trino = new TrinoCluster(stack, 'Trino', {
    cluster,
    endpoint: { domainName: 'trino.example.com', certificate },
    authentication,
    accessControl: {
      catalogs: [
        { group: 'analysts', catalog: 'hive|iceberg', allow: CatalogAccess.READ_ONLY },
        { user: 'etl', allow: CatalogAccess.ALL },
      ],
      systemInformation: [{ user: 'ops', allow: [SystemInformationAccess.READ] }],
    },
    networkPolicy: { loadBalancerCidrs: ['10.0.0.0/16'] },
    ...props,
  });
  trino.addCatalog(
    new CustomCatalog({
      name: 'pg',
      connectorName: 'postgresql',
      properties: { 'connection-url': 'jdbc:postgresql://db.example.internal:5432/app', 'connection-user': 'trino' },
      secretProperties: { 'connection-password': { secret: db, field: 'password' } },
    }),
  );
  new TrinoKedaScaler(stack, 'Scaler', { trino });
  const template = Template.fromStack(stack).toJSON();
  return { r: renderTrino(template), manifests: stackManifests(template), template, trino };
}

const matches = (selector: { [k: string]: string }, labels: { [k: string]: string }) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

/** Java `Matcher.matches()`: the whole name (FileBasedSystemAccessControl rules compile each field as a Pattern). */
const fullMatch = (regex: string | undefined, value: string) => regex === undefined || new RegExp(`^(?:${regex})$`).test(value);

/**
 * The first rule of a section that matches a user and groups, as Trino's file-based access control picks it
 * (lib/trino-plugin-toolkit/src/main/java/io/trino/plugin/base/security/FileBasedSystemAccessControl.java: rules in
 * order, first match decides; CatalogAccessControlRule / SystemInformationRule `match`).
 */
function firstRule(rules: any[] | undefined, user: string, groups: string[] = [], catalog?: string): any {
  return (rules ?? []).find(
    (r) =>
      fullMatch(r.user, user) &&
      (r.group === undefined || groups.some((g) => fullMatch(r.group, g))) &&
      (catalog === undefined || fullMatch(r.catalog, catalog)),
  );
}

/**
 * JSON fields of each rules-file section, from the @JsonCreator parameters of the rule classes in
 * lib/trino-plugin-toolkit/src/main/java/io/trino/plugin/base/security/ (CatalogAccessControlRule.java,
 * CatalogSchemaAccessControlRule.java, CatalogTableAccessControlRule.java, SystemInformationRule.java). Trino parses
 * the file with FAIL_ON_UNKNOWN_PROPERTIES (lib/trino-plugin-toolkit/src/main/java/io/trino/plugin/base/util/JsonUtils.java),
 * so any other field stops the coordinator.
 */
const RULE_FIELDS: { [section: string]: string[] } = {
  catalogs: ['user', 'role', 'group', 'catalog', 'allow'],
  schemas: ['user', 'role', 'group', 'catalog', 'schema', 'owner'],
  tables: ['user', 'role', 'group', 'catalog', 'schema', 'table', 'privileges', 'columns', 'filter', 'filter_environment'],
  // QueryAccessRule.java (same package): JSON keys user, role, group, queryOwner, allow
  queries: ['user', 'role', 'group', 'queryOwner', 'allow'],
  system_information: ['user', 'role', 'allow'],
};

function rulesFileErrors(json: any): string[] {
  const errors: string[] = [];
  for (const [section, rules] of Object.entries<any[]>(json)) {
    const fields = RULE_FIELDS[section];
    if (!fields) {
      errors.push(`${section}: not a section the library writes`);
      continue;
    }
    rules.forEach((r, i) => {
      for (const k of Object.keys(r)) if (!fields.includes(k)) errors.push(`${section}[${i}].${k}: unknown field`);
    });
  }
  return errors;
}

/** The rules file the access-control.properties of a role points at, parsed from the rendered ConfigMap. */
function rulesFile(r: RenderedRelease, role: 'coordinator' | 'worker'): any {
  const configFile = r.properties(role, 'access-control.properties')['security.config-file'];
  const [dir, file] = [configFile.slice(0, configFile.lastIndexOf('/')), configFile.slice(configFile.lastIndexOf('/') + 1)];
  const pod = r.deployment(role).spec.template.spec;
  const mount = r.trinoContainer(role).volumeMounts.find((m: any) => m.mountPath === dir);
  const volume = pod.volumes.find((v: any) => v.name === mount.name);
  return JSON.parse(r.get('ConfigMap', volume.configMap.name).data[file]);
}

/** Runs a rendered init container command (the shutdown user) with its volume in a temporary directory. */
function runShutdownInit(command: string[]): { dir: string; user: string; rules: any; accessControl: { [k: string]: string } } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trino-shutdown-'));
  const [shell, flag, script] = command;
  const res = childProcess.spawnSync(shell, [flag, script.split(SHUTDOWN_DIR).join(dir)], { encoding: 'utf-8' });
  expect([res.status, res.stderr]).toEqual([0, '']);
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf-8');
  const accessControl = Object.fromEntries(read('access-control.properties').trim().split('\n').map((l) => l.split('=') as [string, string]));
  accessControl['security.config-file'] = accessControl['security.config-file'].split(dir).join(SHUTDOWN_DIR);
  return { dir, user: read('user'), rules: JSON.parse(read('rules.json')), accessControl };
}

/** Runs a rendered preStop against a stand-in for the worker's HTTP server; returns the request it received. */
async function runPreStop(command: string[], dir: string): Promise<{ [k: string]: string }> {
  let received: { [k: string]: string } = {};
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received = { method: req.method!, url: req.url!, user: String(req.headers['x-trino-user']), body, type: String(req.headers['content-type']) };
      res.writeHead(200).end('"SHUTTING_DOWN"');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as any).port;
  const [shell, flag, script] = command;
  // the same script, pointed at the stand-in, without waiting for a JVM that is not there
  const local = script.split(SHUTDOWN_DIR).join(dir).replace('localhost:8080', `127.0.0.1:${port}`).replace('tail --pid=1 -f /dev/null', 'true');
  expect(local).not.toBe(script);
  await new Promise<void>((resolve, reject) =>
    childProcess.execFile(shell, [flag, local], (err) => (err ? reject(err) : resolve())),
  );
  server.close();
  return received;
}

/** The port number a probe's or container's named port resolves to. */
function portNumber(container: any, port: number | string): number {
  return typeof port === 'number' ? port : container.ports.find((p: any) => p.name === port).containerPort;
}

describe.each<Auth>(['password', 'cognito'])('secure cluster (%s), rendered by the real chart', (auth) => {
  const { r, manifests, template, trino } = render(auth);
  const spc = manifests.find((o) => o.kind === 'SecretProviderClass')!;
  const policies = manifests.filter((o) => o.kind === 'NetworkPolicy');
  const policyOf = (role: 'coordinator' | 'worker') => {
    const labels = r.deployment(role).spec.template.metadata.labels;
    const mine = policies.filter((p) => matches(p.spec.podSelector.matchLabels, labels));
    expect(mine).toHaveLength(1);
    return mine[0];
  };

  test('every rendered object and every applied manifest conforms to its schema or CRD (SecretProviderClass, NetworkPolicy, Ingress)', () => {
    expect(spc).toBeDefined();
    expect(policies).toHaveLength(2);
    expect(r.all('Ingress')).toHaveLength(1);
    expect(kubernetesSchemaErrors([...r.objects, ...manifests])).toEqual([]);
    expect(validateCrdObject(spc)).toEqual([]);
  });

  test('the security properties files are Trino 480 names and values', () => {
    const files: Array<[string, 'coordinator' | 'worker', string]> = [
      ['config', 'coordinator', 'config.properties'],
      ['config', 'worker', 'config.properties'],
      ['access-control', 'coordinator', 'access-control.properties'],
    ];
    if (auth === 'password') {
      files.push(['password-authenticator', 'coordinator', 'password-authenticator.properties']);
      files.push(['group-provider', 'coordinator', 'group-provider.properties']);
    } else {
      expect(r.configFile('coordinator', 'password-authenticator.properties')).toBeUndefined();
    }
    for (const [kind, role, file] of files) {
      const props = r.properties(role, file);
      expect([file, role, unknownTrinoProperties(kind, props)]).toEqual([file, role, []]);
      expect([file, role, invalidTrinoPropertyValues(kind, props)]).toEqual([file, role, []]);
    }
    const coordinator = r.properties('coordinator', 'config.properties');
    expect(coordinator['http-server.authentication.type']).toBe(auth === 'password' ? 'PASSWORD' : 'OAUTH2');
    expect(coordinator['http-server.process-forwarded']).toBe('true');
    // never turned back on: plain HTTP stays without authentication (ServerSecurityModule binds its default to false
    // with authentication behind process-forwarded; core/trino-main/src/main/java/io/trino/server/security/ServerSecurityModule.java)
    expect(coordinator['http-server.authentication.allow-insecure-over-http']).toBeUndefined();
    if (auth === 'password') {
      expect(r.properties('coordinator', 'password-authenticator.properties')).toEqual({
        'password-authenticator.name': 'file',
        'file.password-file': '/var/run/secrets/trino/password.db',
        'file.refresh-period': '60s',
      });
    } else {
      expect(coordinator['web-ui.authentication.type']).toBe('oauth2');
      expect(coordinator['http-server.authentication.oauth2.client-secret']).toMatch(/^\$\{ENV:TRINO_SECRET_[A-Z0-9_]+\}$/);
    }
    // the rules file parses as Trino's FileBasedSystemAccessControlRules would
    expect(rulesFileErrors(rulesFile(r, 'coordinator'))).toEqual([]);
  });

  test('coordinator-only properties (web-ui.*, OAuth 2.0, authentication type, forwarded headers) are not in the worker config', () => {
    const worker = r.properties('worker', 'config.properties');
    const coordinatorOnly = Object.keys(worker).filter(
      (k) => k.startsWith('web-ui.') || k.startsWith('http-server.authentication.') || k === 'http-server.process-forwarded' || k.startsWith('management.user'),
    );
    expect(coordinatorOnly).toEqual([]);
    expect(r.configFile('worker', 'password-authenticator.properties')).toBeUndefined();
    expect(r.configFile('worker', 'group-provider.properties')).toBeUndefined();
  });

  // (a) KEDA reads the three coordinator metrics as the management user, which may read system information only.
  // - KEDA v2.18 pkg/scalers/metrics_api_scaler.go: with authMode apiKey and method header, the request carries the
  //   header named keyParamName with apiKey as value (pkg/scalers/authentication/authentication_types.go).
  // - core/trino-main/src/main/java/io/trino/server/security/ResourceSecurityDynamicFeature.java
  //   (ManagementAuthenticationFilter): on a MANAGEMENT_READ resource (airlift /metrics, bound as management read in
  //   ServerSecurityModule.java) a request that is not secure is identified as management.user without credentials,
  //   unless management.user.https-enabled; ManagementAuthorizationFilter then calls checkCanReadSystemInformation.
  // - core/trino-main/src/main/java/io/trino/server/HttpRequestSessionContextFactory.java: an X-Trino-User different
  //   from the authenticated user needs impersonation (denied without impersonation rules), so the header must equal it.
  test('(a) KEDA: plain HTTP to the coordinator Service as management.user, which reads system information and no catalog', () => {
    const coordinator = r.properties('coordinator', 'config.properties');
    const managementUser = coordinator['management.user'];
    expect(managementUser).toBe('keda');
    expect(coordinator['management.user.https-enabled']).toBeUndefined();
    const svc = r.get('Service', trino.serviceName);
    const triggers = r.get('ScaledObject', trino.workerDeploymentName).spec.triggers;
    expect(triggers.map((t: any) => t.name).sort()).toEqual(['queued-queries', 'required-workers', 'running-queries']);
    for (const t of triggers) {
      expect(t.type).toBe('metrics-api');
      const url = new URL(t.metadata.url);
      expect(url.protocol).toBe('http:');
      expect(url.hostname).toBe(`${svc.metadata.name}.${svc.metadata.namespace}.svc.cluster.local`);
      expect(Number(url.port)).toBe(8080);
      expect(url.pathname).toBe('/metrics');
      expect(svc.spec.ports.find((p: any) => p.port === 8080).targetPort).toBe('http');
      expect(t.metadata).toMatchObject({ authMode: 'apiKey', method: 'header', keyParamName: 'X-Trino-User', apiKey: managementUser });
    }
    // rules.json as the coordinator reads it: first match wins; the management user reads system information only
    const rules = rulesFile(r, 'coordinator');
    expect(firstRule(rules.system_information, managementUser).allow).toEqual(['read']);
    for (const catalog of ['hive', 'iceberg', 'tpch', 'tpcds', 'pg', 'system']) {
      expect(firstRule(rules.catalogs, managementUser, [], catalog).allow).toBe('none');
    }
    // the user's own rules still apply to everyone else
    expect(firstRule(rules.catalogs, 'ann', ['analysts'], 'hive').allow).toBe('read-only');
    expect(firstRule(rules.system_information, 'ops').allow).toEqual(['read']);
    expect(firstRule(rules.system_information, 'ann')).toBeUndefined(); // no rule: denied
    // the KEDA operator's namespace reaches the coordinator's port 8080
    const coordinatorPolicy = policyOf('coordinator');
    const kedaRule = coordinatorPolicy.spec.ingress.find((i: any) =>
      i.from.some((f: any) => f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'keda' && !f.podSelector));
    expect(kedaRule.ports).toEqual([{ protocol: 'TCP', port: 8080 }]);
  });

  // (b) Worker graceful shutdown: the preStop PUTs "SHUTTING_DOWN" to the worker's own /v1/info/state
  // (MANAGEMENT_WRITE, core/trino-main/src/main/java/io/trino/server/ServerInfoResource.java) over plain HTTP. The worker
  // has no http-server.authentication.type, so the insecure authenticator takes X-Trino-User as the user
  // (core/trino-main/src/main/java/io/trino/server/security/AuthenticationFilter.java, InsecureAuthenticator.java;
  // allow-insecure-over-http stays true without authentication, ServerSecurityModule.java); a management.user would
  // replace that identity (ResourceSecurityDynamicFeature.java). checkCanWriteSystemInformation is answered by the
  // rules file the worker's access-control.config-files names (SystemInformationRule.java, first match wins), written
  // per pod by the init container with a user name drawn from /dev/urandom that only the pod's own containers can read.
  test('(b) worker graceful shutdown: only the pod itself can shut its worker down; nothing outside the release reaches it', async () => {
    const pod = r.deployment('worker').spec.template.spec;
    const container = r.trinoContainer('worker');
    // the chart's own graceful shutdown (user admin, one rules file for all workers) is off: ours replaces it
    expect(container.lifecycle.preStop.exec.command.join(' ')).not.toContain('X-Trino-User: admin');
    const worker = r.properties('worker', 'config.properties');
    expect(worker['http-server.http.port']).toBe('8080');
    expect(worker['http-server.authentication.type']).toBeUndefined();
    expect(worker['management.user']).toBeUndefined(); // it would replace the preStop's X-Trino-User
    expect(worker['http-server.process-forwarded']).toBeUndefined();
    expect(worker['shutdown.grace-period']).toMatch(/^\d+s$/);
    expect(worker['access-control.config-files']).toBe(`${SHUTDOWN_DIR}/access-control.properties`);
    expect(unknownTrinoProperties('config', worker)).toEqual([]);
    expect(r.configFile('worker', 'access-control.properties')).toBeUndefined();
    // the per-pod files live in a memory volume that only this pod's init container writes and its Trino reads
    const [init] = pod.initContainers;
    const volume = pod.volumes.find((v: any) => v.name === init.volumeMounts[0].name);
    expect(volume.emptyDir.medium).toBe('Memory');
    expect(container.volumeMounts).toContainEqual({ name: volume.name, mountPath: SHUTDOWN_DIR, readOnly: true });
    expect(init.image).toBe(container.image);
    // Run the rendered init script twice (two pods) and the rendered preStop against a stand-in worker.
    const pods = [runShutdownInit(init.command), runShutdownInit(init.command)];
    expect(pods[0].user).not.toBe(pods[1].user);
    for (const p of pods) {
      expect(p.user).toMatch(/^shutdown-[0-9a-f]{32}$/);
      expect(unknownTrinoProperties('access-control', p.accessControl)).toEqual([]);
      expect(p.accessControl).toEqual({ 'access-control.name': 'file', 'security.config-file': `${SHUTDOWN_DIR}/rules.json` });
      // first match wins: only this pod's name may write system information (PUT /v1/info/state is MANAGEMENT_WRITE,
      // core/trino-main/src/main/java/io/trino/server/ServerInfoResource.java); no other section: all else allowed
      expect(p.rules).toEqual({ system_information: [{ user: p.user, allow: ['write'] }] });
      expect(rulesFileErrors(p.rules)).toEqual([]);
      expect(firstRule(p.rules.system_information, 'admin')).toBeUndefined();
      expect(firstRule(p.rules.system_information, pods.find((o) => o !== p)!.user)).toBeUndefined();
    }
    try {
      const request = await runPreStop(container.lifecycle.preStop.exec.command, pods[0].dir);
      expect(request).toEqual({ method: 'PUT', url: '/v1/info/state', user: pods[0].user, body: '"SHUTTING_DOWN"', type: 'application/json' });
    } finally {
      for (const p of pods) fs.rmSync(p.dir, { recursive: true, force: true });
    }
    // NetworkPolicy: the worker admits only this release's coordinator and workers (loopback is not filtered)
    const policy = policyOf('worker');
    expect(policy.metadata.namespace).toBe(r.namespace);
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    const releaseLabels = { 'app.kubernetes.io/name': 'trino', 'app.kubernetes.io/instance': r.release };
    for (const rule of policy.spec.ingress) {
      expect(rule.from?.length).toBeGreaterThan(0); // a rule without `from` admits every source
      for (const peer of rule.from) {
        expect(peer.ipBlock).toBeUndefined();
        expect(peer.namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': r.namespace } });
        expect(peer.podSelector.matchLabels).toEqual(releaseLabels);
        expect(peer.podSelector.matchExpressions).toEqual([{ key: 'app.kubernetes.io/component', operator: 'In', values: ['coordinator', 'worker'] }]);
      }
    }
    for (const role of ['coordinator', 'worker'] as const) {
      expect(matches(releaseLabels, r.deployment(role).spec.template.metadata.labels)).toBe(true);
    }
    expect(matches(releaseLabels, { 'app.kubernetes.io/name': 'trino', 'app.kubernetes.io/instance': 'other' })).toBe(false);
  });

  // (c) Workers join: with authentication on, every node needs internal-communication.shared-secret and signs /
  // verifies X-Trino-Internal-Bearer JWTs with it (core/trino-main/src/main/java/io/trino/server/security/
  // InternalAuthenticationManager.java; startup fails without it). Trino resolves ${ENV:X} in property values
  // (airlift configuration, EnvironmentVariableSecretProvider). The driver syncs secretObjects into the Kubernetes
  // Secret while a pod mounts the volume (kubernetes-sigs/secrets-store-csi-driver
  // docs/book/src/topics/sync-as-kubernetes-secret.md); objectName of secretObjects.data is a mounted file name.
  test('(c) workers join: one shared secret, from one synced Secret key, synced from the generated Secrets Manager secret', () => {
    const refs = (['coordinator', 'worker'] as const).map((role) => r.properties(role, 'config.properties')['internal-communication.shared-secret']);
    expect(refs[0]).toBe(refs[1]);
    const variable = /^\$\{ENV:([A-Z0-9_]+)\}$/.exec(refs[0])![1];
    const sources = (['coordinator', 'worker'] as const).map((role) => {
      const env = r.trinoContainer(role).env.find((e: any) => e.name === variable);
      const pod = r.deployment(role).spec.template.spec;
      const csi = pod.volumes.find((v: any) => v.csi?.driver === 'secrets-store.csi.k8s.io');
      expect(csi.csi.volumeAttributes.secretProviderClass).toBe(spc.metadata.name);
      expect(r.trinoContainer(role).volumeMounts.some((m: any) => m.name === csi.name && m.readOnly === true)).toBe(true);
      return env.valueFrom.secretKeyRef;
    });
    expect(sources[0]).toEqual(sources[1]);
    expect(spc.metadata.namespace).toBe(r.namespace);
    const synced = spc.spec.secretObjects.find((s: any) => s.secretName === sources[0].name);
    const item = synced.data.find((d: any) => d.key === sources[0].key);
    // the mounted object of that name is the generated secret, by ARN
    const objects: any[] = parseYaml(spc.spec.parameters.objects);
    const entry = objects.find((o) => o.objectAlias === item.objectName);
    const sharedId = Object.entries<any>(template.Resources).find(
      ([, res]) => res.Type === 'AWS::SecretsManager::Secret' && /^internal-communication\.shared-secret/.test(res.Properties.Description ?? ''),
    )![0];
    expect(entry.objectName).toBe(`arn:aws:secretsmanager:us-west-2:123456789012:secret:${sharedId}-AbCdEf`);
    expect(entry.jmesPath).toBeUndefined(); // the whole secret string is the shared secret
    expect(template.Resources[sharedId].Properties.GenerateSecretString).toBeDefined();
  });

  // The objects list of the AWS provider (aws/secrets-store-csi-driver-provider-aws README.md, "SecretProviderClass
  // options"): objectName (a name or full ARN), objectType, objectAlias, jmesPath [{path, objectAlias}]; each mounted
  // file name (alias) once.
  test('the provider objects are full ARNs with the documented keys; every synced key is a mounted file', () => {
    const objects: any[] = parseYaml(spc.spec.parameters.objects);
    const files: string[] = [];
    for (const o of objects) {
      expect(Object.keys(o).every((k) => ['objectName', 'objectType', 'objectAlias', 'jmesPath'].includes(k))).toBe(true);
      expect(o.objectName).toMatch(/^arn:aws:secretsmanager:us-west-2:123456789012:secret:[A-Za-z0-9]+-AbCdEf$/);
      expect(o.objectType).toBe('secretsmanager');
      files.push(o.objectAlias);
      for (const j of o.jmesPath ?? []) {
        expect(Object.keys(j).sort()).toEqual(['objectAlias', 'path']);
        files.push(j.objectAlias);
      }
    }
    expect(new Set(files).size).toBe(files.length);
    for (const s of spc.spec.secretObjects) for (const d of s.data) expect(files).toContain(d.objectName);
    expect(spc.spec.parameters.region).toBe('us-west-2');
    expect(spc.spec.parameters.usePodIdentity).toBeUndefined(); // IRSA, the cluster's default identity
    if (auth === 'password') expect(files).toEqual(expect.arrayContaining(['password.db', 'group.db']));
  });

  test('a catalog password comes from its JSON field through the synced Secret, never as a value', () => {
    const pg = r.catalogs().pg;
    const variable = /^\$\{ENV:([A-Z0-9_]+)\}$/.exec(pg['connection-password'])![1];
    const env = r.trinoContainer('worker').env.find((e: any) => e.name === variable);
    expect(env.valueFrom.secretKeyRef.name).toBe(spc.spec.secretObjects[0].secretName);
    const objects: any[] = parseYaml(spc.spec.parameters.objects);
    const dbId = Object.keys(template.Resources).find((id) => id.startsWith('DbSecret'))!;
    const db = objects.find((o) => o.objectName.includes(`:secret:${dbId}-`));
    expect(db.jmesPath).toEqual([{ path: 'password', objectAlias: env.valueFrom.secretKeyRef.key }]);
  });

  // (d) Probes: liveness httpGet /v1/info, readiness and startup exec /usr/lib/trino/bin/health-check, which calls
  // http://localhost:<http-server.http.port>/v1/info unless http-server.http.enabled=false (trinodb/trino
  // core/docker/bin/health-check). GET /v1/info is @ResourceSecurity(PUBLIC)
  // (core/trino-main/src/main/java/io/trino/server/ServerInfoResource.java): no authenticator runs on it.
  test('(d) probes reach only the public /v1/info over HTTP on both roles, and so does the load balancer health check', () => {
    for (const role of ['coordinator', 'worker'] as const) {
      const c = r.trinoContainer(role);
      const config = r.properties(role, 'config.properties');
      expect(config['http-server.http.enabled']).toBeUndefined();
      expect(config['http-server.https.enabled']).toBeUndefined();
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        const p = c[probe];
        expect(p).toBeDefined();
        if (p.httpGet) {
          expect(p.httpGet.path).toBe('/v1/info');
          expect(p.httpGet.scheme ?? 'HTTP').toBe('HTTP');
          expect(portNumber(c, p.httpGet.port)).toBe(Number(config['http-server.http.port']));
        } else {
          expect(p.exec.command).toEqual(['/usr/lib/trino/bin/health-check']);
        }
      }
    }
    const ingress = r.all('Ingress')[0];
    expect(ingress.metadata.annotations['alb.ingress.kubernetes.io/healthcheck-path']).toBe('/v1/info');
    expect(ingress.metadata.annotations['alb.ingress.kubernetes.io/backend-protocol']).toBe('HTTP');
  });

  test('the load balancer reaches the coordinator only: the Ingress routes to the coordinator Service, the coordinator policy admits its CIDR on 8080', () => {
    const ingress = r.all('Ingress')[0];
    expect(ingress.spec.ingressClassName).toBe('alb');
    expect(ingress.spec.rules).toEqual([
      { host: 'trino.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: trino.serviceName, port: { number: 8080 } } } }] } },
    ]);
    expect(matches(r.get('Service', trino.serviceName).spec.selector, r.deployment('coordinator').spec.template.metadata.labels)).toBe(true);
    const lb = policyOf('coordinator').spec.ingress.find((i: any) => i.from.some((f: any) => f.ipBlock));
    expect(lb).toEqual({ from: expect.arrayContaining([{ ipBlock: { cidr: '10.0.0.0/16' } }]), ports: [{ protocol: 'TCP', port: 8080 }] });
    expect(policyOf('worker').spec.ingress.some((i: any) => i.from.some((f: any) => f.ipBlock))).toBe(false);
  });

  test('no secret value in the Helm values or any manifest: only ${ENV:…} references, ARNs and Secret names', () => {
    const text = JSON.stringify([r.values, manifests]);
    expect(text).not.toContain('SecretString');
    for (const cm of r.all('ConfigMap')) {
      for (const [file, body] of Object.entries<string>(cm.data ?? {})) {
        if (!file.endsWith('.properties')) continue;
        for (const line of body.split('\n')) {
          if (/(password|secret)\s*=/.test(line)) expect([file, line]).toEqual([file, expect.stringMatching(/=\$\{ENV:TRINO_SECRET_[A-Z0-9_]+\}$/)]);
        }
      }
    }
  });
});

test('system information rules match users and roles only: a group there is refused (Trino would not parse the rules file)', () => {
  // SystemInformationRule.java has no `group` (lib/trino-plugin-toolkit/src/main/java/io/trino/plugin/base/security/)
  // and JsonUtils.java enables FAIL_ON_UNKNOWN_PROPERTIES: such a file stops the coordinator.
  expect(() =>
    render('password', { accessControl: { systemInformation: [{ group: 'ops', allow: [SystemInformationAccess.READ] } as any] } }),
  ).toThrow(/accessControl\.systemInformation\[0\]\.group/);
});

test('without a TrinoKedaScaler reading /metrics, no management user and no KEDA namespace on the coordinator', () => {
  const { stack, cluster } = importedClusterStack();
  new TrinoCluster(stack, 'Trino', {
    cluster,
    endpoint: {
      domainName: 'trino.example.com',
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-west-2:123456789012:certificate/0f6a5b1e-1111-2222-3333-444455556666'),
    },
    authentication: TrinoAuthentication.password({ passwordFile: new secretsmanager.Secret(stack, 'PasswordFile') }),
    networkPolicy: { loadBalancerCidrs: ['10.0.0.0/16'] },
  });
  const template = Template.fromStack(stack).toJSON();
  const r = renderTrino(template);
  expect(r.properties('coordinator', 'config.properties')['management.user']).toBeUndefined();
  // the documented default with authentication: every catalog to everyone, no system information to anyone, every
  // user runs queries and sees and kills only their own
  expect(rulesFile(r, 'coordinator')).toEqual({ queries: [{ allow: ['execute'] }] });
  const policies = stackManifests(template).filter((o: K8sObject) => o.kind === 'NetworkPolicy');
  expect(JSON.stringify(policies)).not.toContain('"keda"');
  expect(kubernetesSchemaErrors([...r.objects, ...stackManifests(template)])).toEqual([]);
});
