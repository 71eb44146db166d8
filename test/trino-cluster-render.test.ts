// SPDX-License-Identifier: Apache-2.0
/**
 * TrinoCluster judged on what Kubernetes receives: the real chart 1.42.2 rendered by the real helm
 * (scripts/render), every object checked against the Kubernetes OpenAPI schema.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import { kubernetesSchemaErrors } from './conformance/kubernetes';
import { ENV, importCluster, importedClusterStack } from './util';
import { RenderedRelease, renderTrino, stackManifests } from '../scripts/render/render-stack';
import { CustomCatalog, ResourceGroups, TrinoCluster, TrinoClusterProps } from '../src';

function render(props: Partial<TrinoClusterProps> = {}): { r: RenderedRelease; template: any; trino: TrinoCluster } {
  const { stack, cluster } = importedClusterStack();
  const trino = new TrinoCluster(stack, 'Trino', { cluster, ...props });
  const template = Template.fromStack(stack).toJSON();
  return { r: renderTrino(template), template, trino };
}

/** The value HotSpot uses for a boolean -XX flag: the last occurrence wins. */
function lastFlag(jvmConfig: string, flag: string): string | undefined {
  const lines = jvmConfig.split('\n').map((l) => l.trim()).filter((l) => l === `-XX:+${flag}` || l === `-XX:-${flag}`);
  return lines[lines.length - 1];
}

describe('TrinoCluster, rendered by the real chart', () => {
  const { r, trino } = render();

  test('every object conforms to the Kubernetes OpenAPI schema', () => {
    expect(kubernetesSchemaErrors(r.objects)).toEqual([]);
  });

  test('coordinator and workers: one pod per worker node, Guaranteed QoS, service account, sizing', () => {
    const worker = r.deployment('worker');
    expect(worker.spec.replicas).toBe(1);
    const pod = worker.spec.template.spec;
    expect(pod.serviceAccountName).toBe(trino.serviceAccount.serviceAccountName);
    expect(pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
      { labelSelector: { matchLabels: r.names.podLabels('worker' as any) }, topologyKey: 'kubernetes.io/hostname' },
    ]);
    // the anti-affinity selects exactly the labels the chart puts on worker pods
    expect(worker.spec.template.metadata.labels).toMatchObject(r.names.podLabels('worker' as any));
    const c = r.trinoContainer('worker');
    expect(c.resources.requests).toEqual(c.resources.limits);
    expect(c.resources.limits.memory).toBe(`${trino.workerSizing.containerMemory.toMebibytes()}Mi`);
    expect(r.configFile('worker', 'jvm.config')).toContain(`-Xmx${trino.workerSizing.heap.toMebibytes()}M`);
    const coordinator = r.deployment('coordinator');
    expect(coordinator.spec.template.metadata.annotations['karpenter.sh/do-not-disrupt']).toBe('true');
    expect(r.properties('coordinator', 'config.properties')['node-scheduler.include-coordinator']).toBe('false');
  });

  test('no heap dumps onto the node: the last HeapDumpOnOutOfMemoryError flag turns them off on both roles', () => {
    for (const role of ['coordinator', 'worker'] as const) {
      const jvm = r.configFile(role, 'jvm.config')!;
      expect(jvm).toContain('-XX:+HeapDumpOnOutOfMemoryError'); // the chart's own line is still there
      expect(lastFlag(jvm, 'HeapDumpOnOutOfMemoryError')).toBe('-XX:-HeapDumpOnOutOfMemoryError');
      expect(lastFlag(jvm, 'ExitOnOutOfMemoryError')).toBe('-XX:+ExitOnOutOfMemoryError');
    }
  });

  test('node.properties and catalogs as Trino reads them', () => {
    expect(r.properties('worker', 'node.properties')).toMatchObject({ 'node.environment': 'production', 'node.data-dir': '/data/trino' });
    const catalogs = r.catalogs();
    expect(Object.keys(catalogs).sort()).toEqual(['hive', 'iceberg', 'tpcds', 'tpch']);
    expect(catalogs.iceberg).toMatchObject({ 'connector.name': 'iceberg', 'iceberg.catalog.type': 'glue', 'fs.native-s3.enabled': 'true' });
  });

  test('Services: the coordinator Service named serviceName, the worker Service', () => {
    expect(r.get('Service', trino.serviceName).spec.ports[0].port).toBe(8080);
    expect(r.get('Service', r.names.workerService).spec.selector).toMatchObject({ 'app.kubernetes.io/component': 'worker' });
  });
});

describe('release names', () => {
  test.each([
    ['trino', 'trino'],
    ['tri', 'trino'],
    ['analytics', 'analytics-trino'],
    ['a'.repeat(50), `${'a'.repeat(50)}-trino`],
  ])('release %s renders valid names (full name %s)', (release, fullname) => {
    const { r, trino } = render({ releaseName: release });
    expect(trino.serviceName).toBe(fullname);
    expect(r.get('Service', fullname)).toBeDefined();
    expect(r.get('Deployment', trino.workerDeploymentName)).toBeDefined();
    expect(r.get('Service', `${fullname}-worker`)).toBeDefined();
    expect(kubernetesSchemaErrors(r.objects)).toEqual([]);
    for (const svc of r.all('Service')) expect(svc.metadata.name.length).toBeLessThanOrEqual(63);
  });

  test.each([51, 53])('a release name of %d characters is refused: the worker Service would pass 63', (n) => {
    const { stack, cluster } = importedClusterStack();
    expect(() => new TrinoCluster(stack, 'Trino', { cluster, releaseName: 'a'.repeat(n) })).toThrow(
      new RegExp(`Invalid \`releaseName\` '${'a'.repeat(n)}' \\(${n} characters\\): the chart names the worker Service .*Use at most 50 characters`),
    );
  });
});

describe('two TrinoClusters on one EKS cluster', () => {
  test('the same release name in one namespace is refused', () => {
    const { stack, cluster } = importedClusterStack();
    new TrinoCluster(stack, 'A', { cluster });
    expect(() => new TrinoCluster(stack, 'B', { cluster, createNamespace: false })).toThrow(
      /`releaseName` 'trino' is already used in namespace 'trino' of the same EKS cluster as TrinoCluster 'Stack\/A'/,
    );
  });

  test('release names that render the same names are refused', () => {
    const { stack, cluster } = importedClusterStack();
    new TrinoCluster(stack, 'A', { cluster });
    expect(() => new TrinoCluster(stack, 'B', { cluster, releaseName: 'tri', createNamespace: false })).toThrow(
      /`releaseName` 'tri' renders the same names as release 'trino' .*Service and ServiceAccount 'trino'/,
    );
  });

  test('a second Namespace manifest is refused; without it the namespace comes from the first', () => {
    const { stack, cluster } = importedClusterStack();
    const a = new TrinoCluster(stack, 'A', { cluster });
    expect(() => new TrinoCluster(stack, 'B', { cluster, releaseName: 'adhoc' })).toThrow(
      /`createNamespace`: namespace 'trino' is already created by TrinoCluster 'Stack\/A'/,
    );
    const b = new TrinoCluster(stack, 'C', { cluster, releaseName: 'adhoc', createNamespace: false });
    expect(b.serviceAccount.node.dependencies).toContain(a._namespaceManifest);
    const namespaces = stackManifests(Template.fromStack(stack).toJSON()).filter((o) => o.kind === 'Namespace');
    expect(namespaces).toHaveLength(1);
  });

  test('the same cluster name imported in two stacks counts as one cluster', () => {
    const app = new App();
    const one = importedClusterStack();
    new TrinoCluster(one.stack, 'A', { cluster: one.cluster });
    const other = new Stack(app, 'Other', { env: ENV });
    const again = importCluster(other, 'Cluster', 'analytics');
    // different apps do not see each other; the same app does
    expect(() => new TrinoCluster(other, 'B', { cluster: again })).not.toThrow();
    const sameApp = new Stack(one.app, 'Second', { env: ENV });
    const imported = importCluster(sameApp, 'Cluster', 'analytics');
    expect(() => new TrinoCluster(sameApp, 'B', { cluster: imported, createNamespace: false })).toThrow(/already used/);
  });

  test('different namespaces or different clusters are independent', () => {
    const { stack, cluster } = importedClusterStack();
    new TrinoCluster(stack, 'A', { cluster });
    expect(() => new TrinoCluster(stack, 'B', { cluster, namespace: 'adhoc' })).not.toThrow();
    const other = importCluster(stack, 'Other', 'reporting');
    expect(() => new TrinoCluster(stack, 'C', { cluster: other })).not.toThrow();
  });
});

describe('catalog values', () => {
  test('a custom catalog renders as its own file', () => {
    const { r } = render({
      catalogs: [new CustomCatalog({ name: 'pg', connectorName: 'postgresql', properties: { 'connection-url': 'jdbc:postgresql://db:5432/x' } })],
    });
    expect(r.catalogs()).toEqual({ pg: { 'connector.name': 'postgresql', 'connection-url': 'jdbc:postgresql://db:5432/x' } });
  });

  test.each([
    [{ 'connection-password': '{{ .Values.secret }}' }, /property 'connection-password' must not contain '\{\{'.*the chart renders catalog files as Helm templates/],
    [{ 'connection-url': 'jdbc:x\nconnection-user=admin' }, /property 'connection-url' must be a single line.*a line break would add properties/],
    [{ 'bad key': 'x' }, /invalid property name "bad key"/],
    [{ 'a=b': 'x' }, /invalid property name "a=b"/],
  ])('CustomCatalog refuses %j', (properties, message) => {
    expect(() => new CustomCatalog({ name: 'pg', connectorName: 'postgresql', properties })).toThrow(message);
  });

  test('additionalConfigProperties with a line break is refused', () => {
    const { stack, cluster } = importedClusterStack();
    expect(() => new TrinoCluster(stack, 'T', { cluster, additionalConfigProperties: { 'query.max-run-time': '1h\nretry-policy=TASK' } })).toThrow(
      /`additionalConfigProperties` property 'query.max-run-time' must be a single line/,
    );
  });
});

describe('other bad input', () => {
  const make = (props: Partial<TrinoClusterProps>) => () => {
    const { stack, cluster } = importedClusterStack();
    new TrinoCluster(stack, 'T', { cluster, ...props });
  };
  test.each<[string, Partial<TrinoClusterProps>, RegExp]>([
    ['an identityType that is not an eks.IdentityType', { identityType: 'KIAM' as any }, /Invalid `identityType` "KIAM": use one of IRSA, POD_IDENTITY/],
    ['an image tag with spaces', { trinoVersion: '480 latest' }, /Invalid `trinoVersion` "480 latest": it is the image tag/],
    ['an empty image repository', { imageRepository: '' }, /Invalid `imageRepository` "": use an image repository/],
    ['an image repository with a tag', { imageRepository: 'trinodb/trino:480' }, /Invalid `imageRepository` "trinodb\/trino:480"/],
    ['a chart repository that is not a URL', { chartRepository: 'trinodb.github.io/charts' }, /Invalid `chartRepository` "trinodb.github.io\/charts": use the URL of a Helm repository/],
    ['a chart repository of another scheme', { chartRepository: 'ftp://mirror/charts' }, /Invalid `chartRepository`/],
  ])('%s', (_what, props, message) => {
    expect(make(props)).toThrow(message);
  });

  test.each<[string, Partial<TrinoClusterProps>]>([
    ['an ECR repository', { imageRepository: '123456789012.dkr.ecr.us-west-2.amazonaws.com/mirror/trino' }],
    ['a registry with a port', { imageRepository: 'registry.local:5000/trino' }],
    ['an OCI chart repository', { chartRepository: 'oci://123456789012.dkr.ecr.us-west-2.amazonaws.com/charts' }],
    ['a tag with dots and dashes', { trinoVersion: '480-custom.1' }],
  ])('accepts %s', (_what, props) => {
    expect(make(props)).not.toThrow();
  });

  test('duplicate resource group names among siblings', () => {
    expect(() =>
      ResourceGroups.of({
        rootGroups: [
          { name: 'adhoc', hardConcurrencyLimit: 10, maxQueued: 100 },
          { name: 'adhoc', hardConcurrencyLimit: 5, maxQueued: 10 },
        ],
        selectors: [{ group: 'adhoc' }],
      }),
    ).toThrow(/Duplicate resource group `name` 'adhoc' among the root groups/);
    expect(() =>
      ResourceGroups.of({
        rootGroups: [
          {
            name: 'global',
            hardConcurrencyLimit: 10,
            maxQueued: 100,
            subGroups: [
              { name: 'etl', hardConcurrencyLimit: 1, maxQueued: 1 },
              { name: 'etl', hardConcurrencyLimit: 1, maxQueued: 1 },
            ],
          },
        ],
        selectors: [{ group: 'global.etl' }],
      }),
    ).toThrow(/Duplicate resource group `name` 'etl' under 'global'/);
  });
});

describe('identity', () => {
  const serviceAccountManifest = (template: any): any => stackManifests(template).find((o) => o.kind === 'ServiceAccount');

  test('IRSA: the service account carries the role annotation; the pods use it', () => {
    const { r, template, trino } = render();
    const sa = serviceAccountManifest(template);
    expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toMatch(/^arn:aws:iam::123456789012:role\//);
    for (const role of ['coordinator', 'worker'] as const) {
      expect(r.deployment(role).spec.template.spec.serviceAccountName).toBe(trino.serviceAccount.serviceAccountName);
    }
  });

  test('Pod Identity: no IRSA annotation, an association for the same service account, a role that trusts only EKS pods', () => {
    const { r, template, trino } = render({ identityType: eks.IdentityType.POD_IDENTITY });
    const sa = serviceAccountManifest(template);
    expect(sa.metadata.annotations).toBeUndefined();
    expect(sa.metadata).toMatchObject({ name: trino.serviceAccount.serviceAccountName, namespace: 'trino' });
    // the prune label aws-cdk-lib's manifest would have carried
    const res = Object.values<any>(template.Resources).find((x) => x.Type === 'Custom::AWSCDK-EKS-KubernetesResource' && JSON.stringify(x.Properties.Manifest).includes('ServiceAccount'));
    expect(Object.keys(sa.metadata.labels)).toContain(res.Properties.PruneLabel);
    const assoc = Object.values<any>(template.Resources).filter((x) => x.Type === 'AWS::EKS::PodIdentityAssociation');
    expect(assoc).toHaveLength(1);
    expect(assoc[0].Properties).toMatchObject({ Namespace: 'trino', ServiceAccount: trino.serviceAccount.serviceAccountName });
    const roles = Object.values<any>(template.Resources).filter((x) => x.Type === 'AWS::IAM::Role');
    const trust = JSON.stringify(roles.map((x) => x.Properties.AssumeRolePolicyDocument));
    expect(trust).toContain('pods.eks.amazonaws.com');
    expect(trust).not.toContain('sts:AssumeRoleWithWebIdentity');
    expect(r.deployment('worker').spec.template.spec.serviceAccountName).toBe(trino.serviceAccount.serviceAccountName);
    expect(kubernetesSchemaErrors([sa])).toEqual([]);
  });
});

describe('fixed worker count (no autoscaler)', () => {
  test('minWorkers > 0 renders that many replicas', () => {
    expect(render({ minWorkers: 3, maxWorkers: 5 }).r.deployment('worker').spec.replicas).toBe(3);
  });
  test('minWorkers 0 renders no worker Deployment', () => {
    const { r } = render({ minWorkers: 0 });
    expect(r.findWorkerDeployment()).toBeUndefined();
    expect(r.deployment('coordinator')).toBeDefined();
  });
});
