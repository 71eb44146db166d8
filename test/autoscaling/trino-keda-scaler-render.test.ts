// SPDX-License-Identifier: Apache-2.0
/**
 * TrinoKedaScaler judged on what Kubernetes receives: the chart's ScaledObject, the worker Deployment KEDA scales,
 * the JMX exporter sidecar and ServiceMonitor on the Prometheus path, and the PodDisruptionBudgets the scaler
 * applies, all against the real chart 1.42.2 render.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { RenderedRelease, renderTrino, stackManifests } from '../../scripts/render/render-stack';
import { ScalerMetrics, TrinoCluster, TrinoClusterProps, TrinoKedaScaler, TrinoKedaScalerProps } from '../../src';
import { kubernetesSchemaErrors } from '../conformance/kubernetes';
import { importedClusterStack } from '../util';

const PROMETHEUS = 'http://prometheus-operated.monitoring.svc:9090';

function render(scaler: Partial<TrinoKedaScalerProps> = {}, cluster: Partial<TrinoClusterProps> = {}) {
  const { stack, cluster: eksCluster } = importedClusterStack();
  const trino = new TrinoCluster(stack, 'Trino', { cluster: eksCluster, ...cluster });
  new TrinoKedaScaler(stack, 'Scaler', { trino, ...scaler });
  const template = Template.fromStack(stack).toJSON();
  return { r: renderTrino(template), manifests: stackManifests(template), trino };
}

const matches = (selector: { [k: string]: string }, labels: { [k: string]: string }) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

describe.each([
  ['minWorkers 0', { minWorkers: 0 }],
  ['minWorkers 2', { minWorkers: 2 }],
])('KEDA, %s', (_name, props) => {
  const { r, manifests, trino } = render(props);

  test('every rendered object and every PodDisruptionBudget conforms to its schema or CRD', () => {
    expect(kubernetesSchemaErrors([...r.objects, ...manifests.filter((o) => o.kind === 'PodDisruptionBudget')])).toEqual([]);
  });

  test('the worker Deployment has no replicas: KEDA owns the count, helm upgrades never reset it', () => {
    const worker = r.deployment('worker');
    expect(worker.spec).not.toHaveProperty('replicas');
    const so = r.get('ScaledObject', trino.workerDeploymentName);
    expect(so.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: worker.metadata.name });
    expect(so.spec.minReplicaCount).toBe(props.minWorkers);
  });

  test('first install: KEDA brings a new ScaledObject to minReplicaCount at its first successful poll', () => {
    // Kubernetes starts a Deployment without replicas at 1. A ScaledObject that was never active, once its
    // initialCooldownPeriod has passed since creation, is scaled to minReplicaCount by KEDA's scale executor
    // (kedacore/keda pkg/scaling/executor/scale_scaledobjects.go, scaleToZeroOrIdle). With 0, that is KEDA's first
    // poll that reads the coordinator, so `helm --wait` does not wait for Spot capacity (docs/operations.md).
    const so = r.get('ScaledObject', trino.workerDeploymentName);
    expect(so.spec.initialCooldownPeriod).toBe(0);
    expect(so.spec.fallback).toBeUndefined();
  });

  test('graceful shutdown: preStop, grace period and the access control the preStop needs', () => {
    const pod = r.deployment('worker').spec.template.spec;
    const container = r.trinoContainer('worker');
    expect(container.lifecycle.preStop.exec.command.join(' ')).toContain('http://localhost:8080/v1/info/state');
    const grace = Number(r.properties('worker', 'config.properties')['shutdown.grace-period'].replace(/s$/, ''));
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(2 * grace);
    expect(r.properties('worker', 'access-control.properties')['access-control.name']).toBe('file');
  });

  test('the PodDisruptionBudgets select exactly the rendered pods of their role', () => {
    const budgets = manifests.filter((o) => o.kind === 'PodDisruptionBudget');
    expect(budgets.length).toBe(2);
    for (const role of ['coordinator', 'worker'] as const) {
      const labels = r.deployment(role).spec.template.metadata.labels;
      const mine = budgets.filter((b) => matches(b.spec.selector.matchLabels, labels));
      expect(mine).toHaveLength(1);
      expect(mine[0].metadata.namespace).toBe(r.namespace);
    }
  });

  test('the metrics-api triggers read the rendered coordinator Service', () => {
    const svc = r.get('Service', trino.serviceName);
    for (const t of r.get('ScaledObject', trino.workerDeploymentName).spec.triggers) {
      const url = new URL(t.metadata.url);
      expect(url.hostname).toBe(`${svc.metadata.name}.${svc.metadata.namespace}.svc.cluster.local`);
      expect(Number(url.port)).toBe(svc.spec.ports.find((p: any) => p.name === 'http').port);
    }
  });
});

describe('Prometheus metrics', () => {
  test.each([false, true])('scrapeWorkers %s: pinned exporter sidecar, its Service port, a valid ServiceMonitor', (scrapeWorkers) => {
    const { r, trino } = render({ metrics: ScalerMetrics.prometheus({ serverAddress: PROMETHEUS, scrapeWorkers }) });
    expect(kubernetesSchemaErrors(r.objects)).toEqual([]);
    const sidecar = (role: 'coordinator' | 'worker') =>
      r.deployment(role).spec.template.spec.containers.find((c: any) => c.name === 'jmx-exporter');
    expect(sidecar('coordinator')).toMatchObject({
      image: ScalerMetrics.DEFAULT_JMX_EXPORTER_IMAGE,
      imagePullPolicy: 'IfNotPresent',
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '100m', memory: '256Mi' } },
    });
    expect(sidecar('worker') !== undefined).toBe(scrapeWorkers);
    expect(r.get('Service', trino.serviceName).spec.ports.map((p: any) => p.name)).toContain('jmx-exporter');
    const monitors = r.all('ServiceMonitor');
    expect(monitors.length).toBe(scrapeWorkers ? 2 : 1);
    const coordinatorMonitor = monitors.find((m) => matches(m.spec.selector.matchLabels, r.get('Service', trino.serviceName).metadata.labels));
    expect(coordinatorMonitor?.spec.endpoints[0].port).toBe('jmx-exporter');
  });

  test('a chosen exporter image is rendered', () => {
    const image = 'registry.example.com/jmx-exporter@sha256:' + 'a'.repeat(64);
    const { r } = render({ metrics: ScalerMetrics.prometheus({ serverAddress: PROMETHEUS, jmxExporterImage: image }) });
    expect(r.deployment('coordinator').spec.template.spec.containers.map((c: any) => c.image)).toContain(image);
  });

  test.each(['bitnamilegacy/jmx-exporter', 'bitnamilegacy/jmx-exporter:latest', 'x@sha256:123'])('refuses an unpinned image %s', (image) => {
    expect(() => ScalerMetrics.prometheus({ serverAddress: PROMETHEUS, jmxExporterImage: image })).toThrow(
      new RegExp(`Invalid \`jmxExporterImage\` '${image.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}': pin the image`),
    );
  });
});

describe('images', () => {
  /** Images the library lets the chart install, with where their linux/arm64 and linux/amd64 builds come from. */
  const MULTI_ARCH = [
    // trinodb/trino is built and pushed for amd64, arm64 and ppc64le (trinodb/trino core/docker/build.sh, ARCHITECTURES)
    /^trinodb\/trino:\d+$/,
    // Bitnami builds its containers for linux/amd64 and linux/arm64 (bitnami/containers README); the registry's
    // manifest list cannot be read offline, so a new exporter image is added here only after checking it there
    /^bitnamilegacy\/jmx-exporter:1\.4\.0$/,
  ];
  const pinned = (image: string) => /@sha256:[0-9a-f]{64}$/.test(image) || /:[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(image.split('/').pop()!) && !image.endsWith(':latest');

  test.each<[string, RenderedRelease]>([
    ['metrics-api', render().r],
    ['prometheus, workers scraped', render({ metrics: ScalerMetrics.prometheus({ serverAddress: PROMETHEUS, scrapeWorkers: true }) }).r],
  ])('%s: every installed image is pinned and multi-architecture; helm-test-only images are never installed', (_n, r) => {
    const { installed, tests } = r.images();
    expect(installed.length).toBeGreaterThan(0);
    for (const image of installed) {
      expect(pinned(image)).toBe(true);
      expect(MULTI_ARCH.some((re) => re.test(image))).toBe(true);
    }
    // the chart's `helm test` pods (bitnamilegacy/kubectl:latest, python:3-slim, …) run only on `helm test`, which
    // the CDK kubectl provider never runs: they are kept apart and not checked
    expect(r.tests.every((o) => o.metadata.annotations['helm.sh/hook'] === 'test')).toBe(true);
    expect(tests.some((image) => !pinned(image))).toBe(true);
  });
});
