// SPDX-License-Identifier: Apache-2.0
import { renderScaledObject, TRINO_CHART } from '../../src/config/chart';
import { validateCrdObject } from '../conformance/crd';
import { loadChartExamples } from '../conformance/schemas';

const TRIGGER = {
  type: 'prometheus',
  name: 'required-workers',
  metadata: { serverAddress: 'http://prometheus:9090', query: 'max(up)', threshold: '1' },
};

describe('renderScaledObject: what the chart template renders from server.keda', () => {
  test('nothing when server.keda is off or unset', () => {
    expect(renderScaledObject({}, 'trino', 'trino')).toBeUndefined();
    expect(renderScaledObject({ server: { keda: { enabled: false, triggers: [TRIGGER] } } }, 'trino', 'trino')).toBeUndefined();
  });

  test('chart defaults for the keys the values leave out', () => {
    const so = renderScaledObject({ server: { keda: { enabled: true, triggers: [TRIGGER] } } }, 'analytics', 'sql')!;
    expect(so).toEqual({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: {
        name: 'analytics-trino-worker',
        namespace: 'sql',
        labels: {
          'helm.sh/chart': `trino-${TRINO_CHART.version}`,
          'app.kubernetes.io/name': 'trino',
          'app.kubernetes.io/instance': 'analytics',
          'app.kubernetes.io/version': TRINO_CHART.appVersion,
          'app.kubernetes.io/managed-by': 'Helm',
        },
      },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'analytics-trino-worker' },
        pollingInterval: 30,
        cooldownPeriod: 300,
        initialCooldownPeriod: 0,
        minReplicaCount: 0,
        maxReplicaCount: 5,
        triggers: [TRIGGER],
      },
    });
    expect(validateCrdObject(so)).toEqual([]);
  });

  test('fallback and advanced when not empty, commonLabels, worker name override', () => {
    const so = renderScaledObject(
      {
        commonLabels: { team: 'data' },
        workerNameOverride: 'sql-workers',
        server: {
          keda: {
            enabled: true,
            minReplicaCount: 1,
            fallback: { failureThreshold: 3, replicas: 2 },
            advanced: { restoreToOriginalReplicaCount: true },
            triggers: [TRIGGER],
          },
        },
      },
      'trino',
      'trino',
    )!;
    expect(so.metadata.name).toBe('sql-workers');
    expect(so.spec.scaleTargetRef.name).toBe('sql-workers');
    expect(so.metadata.labels.team).toBe('data');
    expect(so.spec.fallback).toEqual({ failureThreshold: 3, replicas: 2 });
    expect(so.spec.advanced).toEqual({ restoreToOriginalReplicaCount: true });
    expect(validateCrdObject(so)).toEqual([]);
  });

  test('empty fallback and advanced are left out, as `with` does', () => {
    const so = renderScaledObject({ server: { keda: { enabled: true, fallback: {}, advanced: {}, triggers: [TRIGGER] } } }, 'trino', 'trino')!;
    expect(so.spec.fallback).toBeUndefined();
    expect(so.spec.advanced).toBeUndefined();
  });

  test('annotations given as a YAML string block', () => {
    const so = renderScaledObject(
      { server: { keda: { enabled: true, annotations: 'autoscaling.keda.sh/paused: "true"\n', triggers: [TRIGGER] } } },
      'trino',
      'trino',
    )!;
    expect(so.metadata.annotations).toEqual({ 'autoscaling.keda.sh/paused': 'true' });
  });

  test('the chart test values render the ScaledObject for the release', () => {
    const example = loadChartExamples().find((e) => e.file.endsWith('test-values.yaml'))!;
    const so = renderScaledObject(example.values, 'trino', 'trino')!;
    expect(so.metadata.name).toBe('trino-worker');
    expect(so.spec).toMatchObject({ pollingInterval: 5, minReplicaCount: 0, maxReplicaCount: 2, cooldownPeriod: 300 });
  });

  test.each<[string, any, string]>([
    ['no trigger', { enabled: true, triggers: [] }, 'At least one element in `.Values.server.keda.triggers` is required!'],
    ['triggers unset', { enabled: true }, 'At least one element in `.Values.server.keda.triggers` is required!'],
    ['annotations as a map', { enabled: true, annotations: { a: 'b' }, triggers: [TRIGGER] },
      '`server.keda.annotations` must be a YAML string block: the chart inserts it as text, a map does not render.'],
  ])('fails like the chart on %s', (_name, keda, message) => {
    expect(() => renderScaledObject({ server: { keda } }, 'trino', 'trino')).toThrow(message);
  });

  test('fails like the chart when its HPA is on too', () => {
    expect(() =>
      renderScaledObject({ server: { keda: { enabled: true, triggers: [TRIGGER] }, autoscaling: { enabled: true } } }, 'trino', 'trino'),
    ).toThrow(/conflicts with the worker Horizontal Pod Autoscaling \(`server.autoscaling`\)/);
  });
});
