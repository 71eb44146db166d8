// SPDX-License-Identifier: Apache-2.0
/**
 * `readChartValues` is what TrinoChecks knows of the chart at a user's synth, where no helm runs. Here its reading of
 * a values object is compared with what the real chart renders from the same values: names, pod labels, placement,
 * resources, heap, config.properties, service account, catalogs and the ScaledObject.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { helmTemplate, K8sObject } from '../../scripts/render/helm';
import { parsePropertiesText } from '../../scripts/render/properties';
import { renderTrino } from '../../scripts/render/render-stack';
import { FaultTolerantExchange, ScalerMetrics, TrinoCluster, TrinoKedaScaler } from '../../src';
import { readChartValues } from '../../src/config/chart';
import { TrinoRole } from '../../src/config/trino-config';
import { loadChartExamples } from '../conformance/schemas';
import { importedClusterStack } from '../util';

function libraryValues(kind: 'plain' | 'keda' | 'prometheus'): { release: string; namespace: string; values: any } {
  const { stack, cluster } = importedClusterStack();
  const exchange = new FaultTolerantExchange(stack, 'Exchange', {});
  const trino = new TrinoCluster(stack, 'Trino', { cluster, releaseName: 'analytics', namespace: 'sql', exchange });
  if (kind !== 'plain') {
    new TrinoKedaScaler(stack, 'Scaler', {
      trino,
      metrics: kind === 'prometheus' ? ScalerMetrics.prometheus({ serverAddress: 'http://prometheus:9090' }) : undefined,
    });
  }
  const r = renderTrino(Template.fromStack(stack).toJSON());
  return { release: r.release, namespace: r.namespace, values: r.values };
}

const CASES: Array<[string, () => { release: string; namespace: string; values: any }]> = [
  ['library values, fixed workers', () => libraryValues('plain')],
  ['library values, KEDA on /metrics', () => libraryValues('keda')],
  ['library values, KEDA on Prometheus', () => libraryValues('prometheus')],
  ['chart defaults', () => ({ release: 'trino', namespace: 'trino', values: {} })],
  ...loadChartExamples().map((e): [string, () => { release: string; namespace: string; values: any }] => [
    `chart CI values ${e.file}`,
    () => ({ release: 'tri', namespace: 'ci', values: e.values }),
  ]),
  [
    'hand-written placement and overrides',
    () => ({
      release: 'adhoc',
      namespace: 'x',
      values: {
        fullnameOverride: 'sql',
        commonLabels: { team: 'data' },
        worker: { labels: { tier: 'compute' }, nodeSelector: { pool: 'w' }, tolerations: [{ key: 'k', operator: 'Exists' }], jvm: { maxHeapSize: '10G' } },
        coordinator: { annotations: { a: 'b' }, resources: { limits: { memory: '8Gi' } } },
        server: { workers: 3 },
        serviceAccount: { create: true, annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/r' } },
      },
    }),
  ],
];

describe.each(CASES)('readChartValues agrees with the real chart: %s', (_name, make) => {
  const { release, namespace, values } = make();
  const read = readChartValues(release, namespace, values);
  const objects = helmTemplate(release, namespace, values).installed;
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

  test.each([TrinoRole.COORDINATOR, TrinoRole.WORKER])('%s Deployment, pods and config.properties', (role) => {
    const predicted = read[role];
    const deployment = find('Deployment', predicted.deployment) as K8sObject | undefined;
    expect(deployment !== undefined).toBe(predicted.rendered);
    if (!deployment) return;
    const pod = deployment.spec.template;
    expect(pod.metadata.labels).toMatchObject(predicted.podLabels);
    expect(pod.metadata.annotations ?? {}).toMatchObject(predicted.podAnnotations.value);
    expect(pod.spec.nodeSelector ?? {}).toEqual(predicted.nodeSelector.value);
    expect(pod.spec.affinity ?? {}).toEqual(predicted.affinity.value);
    expect(pod.spec.tolerations ?? []).toEqual(predicted.tolerations.value);
    expect(pod.spec.serviceAccountName).toBe(read.serviceAccount.name);
    const container = pod.spec.containers.find((c: any) => c.name === `trino-${role}`);
    expect(container.resources ?? {}).toEqual(predicted.resources.value);
    // the chart's own preStop when graceful shutdown is on, else `<role>.lifecycle` as given
    if (role === TrinoRole.WORKER && read.gracefulShutdown.value) {
      expect(container.lifecycle.preStop.exec.command.join(' ')).toContain('/v1/info/state');
    } else {
      expect(container.lifecycle ?? {}).toEqual(predicted.lifecycle.value ?? {});
    }

    const cm = find('ConfigMap', predicted.deployment)!;
    const jvm: string = cm.data['jvm.config'];
    if (predicted.maxHeapSize.value) expect(jvm).toContain(`-Xmx${predicted.maxHeapSize.value}`);
    else expect(jvm).not.toContain('-Xmx');
    const rendered = parsePropertiesText(cm.data['config.properties']);
    const predictedProps = Object.fromEntries(Object.entries(predicted.configProperties).map(([k, v]) => [k, v.value]));
    for (const [name, value] of Object.entries(predictedProps)) expect(`${name}=${rendered[name]}`).toBe(`${name}=${value}`);
  });

  test('catalogs', () => {
    const cm = find('ConfigMap', `${read.fullname}-catalog`);
    const files = Object.keys(cm?.data ?? {}).map((f) => f.replace(/\.properties$/, '')).sort();
    expect(files).toEqual(Object.keys(read.catalogs).sort());
  });

  test('the ScaledObject', () => {
    const so = objects.find((o) => o.kind === 'ScaledObject');
    expect(so !== undefined).toBe(read.keda !== undefined);
    if (!so || !read.keda) return;
    expect(so.metadata.name).toBe(read.keda.name);
    expect(so.spec.scaleTargetRef.name).toBe(read.worker.deployment);
    expect(so.spec.cooldownPeriod).toBe(read.keda.cooldownPeriod.value);
    expect(so.spec.minReplicaCount).toBe(read.keda.minReplicaCount.value);
    // triggers pass through Helm's `tpl`; readChartValues takes them literally (TrinoChecks judges what it can read)
    const templated = JSON.stringify(read.keda.triggers.value).includes('{{');
    if (!templated) expect(so.spec.triggers).toEqual(read.keda.triggers.value);
    else expect(so.spec.triggers.length).toBe(read.keda.triggers.value.length);
  });
});
