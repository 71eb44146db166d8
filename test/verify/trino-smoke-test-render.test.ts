// SPDX-License-Identifier: Apache-2.0
/**
 * TrinoSmokeTest judged against what the real chart 1.42.2 renders (scripts/render): the pod runs the image of the
 * Trino containers, reaches the coordinator Service on its port, checks exactly the catalogs of the catalog ConfigMap
 * and the retry policy of the coordinator's config.properties, is selected by none of the chart's Services,
 * PodDisruptionBudgets or anti-affinities (and is admitted by its NetworkPolicy when that is on), and conforms to
 * the Kubernetes schema.
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { K8sObject, RenderedRelease, renderTrino, stackManifests } from '../../scripts/render/render-stack';
import {
  FaultTolerantExchange,
  RetryPolicy,
  TrinoCluster,
  TrinoClusterProps,
  TrinoKedaScaler,
  TrinoSmokeTest,
  TrinoSmokeTestProps,
} from '../../src';
import { kubernetesSchemaErrors } from '../conformance/kubernetes';
import { importedClusterStack } from '../util';

interface Rendered {
  readonly r: RenderedRelease;
  readonly pod: K8sObject;
  readonly env: { [name: string]: any };
  readonly manifests: K8sObject[];
}

type ClusterProps = Partial<TrinoClusterProps> | ((stack: Stack) => Partial<TrinoClusterProps>);

function render(cluster: ClusterProps = {}, smoke: Partial<TrinoSmokeTestProps> = {}, scaler = true): Rendered {
  const { stack, cluster: eksCluster } = importedClusterStack();
  const props = typeof cluster === 'function' ? cluster(stack) : cluster;
  const trino = new TrinoCluster(stack, 'Trino', { cluster: eksCluster, minWorkers: 0, ...props });
  if (scaler) new TrinoKedaScaler(stack, 'Scaler', { trino });
  new TrinoSmokeTest(stack, 'SmokeTest', { trino, ...smoke });
  return fromStack(stack);
}

function fromStack(stack: Stack): Rendered {
  const template = Template.fromStack(stack).toJSON();
  const manifests = stackManifests(template);
  const pod = manifests.find((o) => o.kind === 'Pod')!;
  const env = Object.fromEntries(pod.spec.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
  return { r: renderTrino(template), pod, env, manifests };
}

const matches = (selector: { [k: string]: string } | undefined, labels: { [k: string]: string }) =>
  selector !== undefined && Object.entries(selector).every(([k, v]) => labels[k] === v);

const serverOf = (env: { [name: string]: any }) => new URL(env.TRINO_SERVER);

describe('the seed configuration: KEDA from zero, fault-tolerant execution, four catalogs', () => {
  const { r, pod, env, manifests } = render((stack) => ({
    exchange: new FaultTolerantExchange(stack, 'Exchange', { retryPolicy: RetryPolicy.TASK }),
  }));

  test('the pod and every rendered object conform to the Kubernetes schema', () => {
    expect(kubernetesSchemaErrors([pod, ...r.objects])).toEqual([]);
  });

  test('the same image as the coordinator and workers: the CLI is the server\'s release', () => {
    const image = pod.spec.containers[0].image;
    expect(image).toBe(r.trinoContainer('coordinator').image);
    expect(image).toBe(r.trinoContainer('worker').image);
    expect(pod.spec.containers[0].imagePullPolicy).toBe(r.trinoContainer('coordinator').imagePullPolicy);
  });

  test('TRINO_SERVER is the rendered coordinator Service, on its http port', () => {
    const url = serverOf(env);
    const svc = r.get('Service', url.hostname.split('.')[0]);
    expect(url.hostname).toBe(`${svc.metadata.name}.${svc.metadata.namespace}.svc.cluster.local`);
    expect(Number(url.port)).toBe(svc.spec.ports.find((p: any) => p.name === 'http').port);
    expect(pod.metadata.namespace).toBe(svc.metadata.namespace);
    // the Service selects the coordinator pods
    expect(matches(svc.spec.selector, r.deployment('coordinator').spec.template.metadata.labels)).toBe(true);
  });

  test('the catalogs it expects are the files of the catalog ConfigMap; the write checks are its Glue catalogs', () => {
    const catalogs = r.catalogs();
    expect(env.EXPECT_CATALOGS.split(' ').sort()).toEqual(Object.keys(catalogs).sort());
    const glue = Object.entries(catalogs)
      .filter(([, p]) => p['hive.metastore'] === 'glue' || p['iceberg.catalog.type'] === 'glue')
      .map(([name]) => name);
    expect(env.WRITE_CATALOGS.split(' ').sort()).toEqual(glue.sort());
    expect(catalogs[env.TPCH_CATALOG]['connector.name']).toBe('tpch');
  });

  test('the retry policy it expects is the coordinator\'s, with an exchange manager', () => {
    expect(env.RETRY_POLICY).toBe(r.properties('coordinator', 'config.properties')['retry-policy']);
    expect(r.properties('coordinator', 'exchange-manager.properties')['exchange-manager.name']).toBe('filesystem');
  });

  test('no Service, PodDisruptionBudget or worker anti-affinity of the release selects the smoke-test pod', () => {
    const labels = pod.metadata.labels;
    for (const svc of r.all('Service')) expect({ svc: svc.metadata.name, selected: matches(svc.spec.selector, labels) }).toEqual({ svc: svc.metadata.name, selected: false });
    const budgets = manifests.filter((o) => o.kind === 'PodDisruptionBudget');
    expect(budgets.length).toBe(2);
    for (const b of budgets) expect(matches(b.spec.selector.matchLabels, labels)).toBe(false);
    const anti = r.deployment('worker').spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution;
    for (const term of anti) expect(matches(term.labelSelector.matchLabels, labels)).toBe(false);
    const so = r.get('ScaledObject', r.names.worker);
    expect(so.spec.scaleTargetRef.name).not.toBe(pod.metadata.name);
  });
});

test('another release, image and Service port: the pod follows the render', () => {
  const { r, pod, env } = render({
    releaseName: 'analytics',
    imageRepository: '123456789012.dkr.ecr.us-west-2.amazonaws.com/trino',
    trinoVersion: '479',
    helmValues: { service: { port: 8081 }, imagePullSecrets: [{ name: 'ecr' }] },
  });
  expect(pod.spec.containers[0].image).toBe(r.trinoContainer('coordinator').image);
  expect(pod.spec.containers[0].image).toBe('123456789012.dkr.ecr.us-west-2.amazonaws.com/trino:479');
  expect(pod.spec.imagePullSecrets).toEqual(r.deployment('coordinator').spec.template.spec.imagePullSecrets);
  const url = serverOf(env);
  const svc = r.get('Service', 'analytics-trino');
  expect(url.hostname).toBe(`analytics-trino.${svc.metadata.namespace}.svc.cluster.local`);
  expect(Number(url.port)).toBe(svc.spec.ports.find((p: any) => p.name === 'http').port);
  expect(pod.metadata.name).toMatch(/^analytics-trino-smoke-[0-9a-f]{10}$/);
});

test('an image by registry and digest through helmValues: the pod runs that digest too', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  const { r, pod } = render({ helmValues: { image: { registry: 'registry.example.com', digest } } });
  expect(pod.spec.containers[0].image).toBe(`registry.example.com/trinodb/trino@${digest}`);
  expect(pod.spec.containers[0].image).toBe(r.trinoContainer('coordinator').image);
});

test('the chart\'s NetworkPolicy on: it admits the smoke-test pod, which still matches no Service', () => {
  const { r, pod } = render({ helmValues: { networkPolicy: { enabled: true } } });
  const policy = r.get('NetworkPolicy', r.names.fullname);
  expect(matches(policy.spec.podSelector.matchLabels, r.deployment('coordinator').spec.template.metadata.labels)).toBe(true);
  const from = policy.spec.ingress[0].from[0];
  expect(matches(from.podSelector.matchLabels, pod.metadata.labels)).toBe(true);
  expect(from.namespaceSelector.matchLabels['kubernetes.io/metadata.name']).toBe(pod.metadata.namespace);
  for (const svc of r.all('Service')) expect(matches(svc.spec.selector, pod.metadata.labels)).toBe(false);
  expect(kubernetesSchemaErrors([pod, policy])).toEqual([]);
});

test('password authentication over HTTPS: the pod uses the rendered https port and the Secret', () => {
  const { r, pod, env } = render(
    {
      helmValues: {
        server: { config: { authenticationType: 'PASSWORD', https: { enabled: true, keystore: { path: '/etc/trino/tls/keystore.pem' } } } },
        auth: { passwordAuthSecret: 'trino-passwords' },
      },
    },
    { credentials: { secretName: 'trino-smoke' } },
  );
  const url = serverOf(env);
  expect(url.protocol).toBe('https:');
  expect(Number(url.port)).toBe(r.get('Service', r.names.fullname).spec.ports.find((p: any) => p.name === 'https').port);
  expect(env.TRINO_PASSWORD).toEqual({ secretKeyRef: { name: 'trino-smoke', key: 'password' } });
  expect(kubernetesSchemaErrors([pod])).toEqual([]);
});

test('minWorkers 0 without an autoscaler (the synth error\'s case): the chart renders no worker Deployment', () => {
  // rendered without the smoke test, which refuses this cluster at synth
  const { stack, cluster } = importedClusterStack();
  new TrinoCluster(stack, 'Trino', { cluster, minWorkers: 0 });
  const r = renderTrino(Template.fromStack(stack).toJSON());
  expect(r.findWorkerDeployment()).toBeUndefined();
  expect(r.all('ScaledObject')).toEqual([]);
});
