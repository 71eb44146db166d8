// SPDX-License-Identifier: Apache-2.0
import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import { Construct } from 'constructs';
import { RenderedRelease, renderTrino } from '../../scripts/render/render-stack';
import { ScalerMetrics, TrinoCluster, TrinoClusterProps, TrinoKedaScaler, TrinoKedaScalerProps } from '../../src';
import { readChartValues } from '../../src/config/chart';
import { chartKeyTypeErrors, unknownChartKeys } from '../conformance/chart-values';
import { expectValidCrdObject, validateCrdObject } from '../conformance/crd';
import { loadPrometheusTriggerMetadata } from '../conformance/schemas';
import { invalidTrinoPropertyValues, unknownTrinoProperties } from '../conformance/trino-properties';
import { importedClusterStack, manifests, parseProperties, trinoValues } from '../util';

const PROMETHEUS = 'http://prometheus-operated.monitoring.svc:9090';

interface Synth {
  readonly stack: Stack;
  readonly trino: TrinoCluster;
  readonly scaler: TrinoKedaScaler;
  readonly template: Template;
  readonly values: any;
  /** the ScaledObject the real chart renders */
  readonly scaledObject: any;
  readonly objects: any[];
  /** the chart as rendered by helm */
  readonly rendered: RenderedRelease;
}

function synth(
  scalerProps: Partial<TrinoKedaScalerProps> = {},
  clusterProps: Partial<TrinoClusterProps> = {},
  extra?: (stack: Stack, cluster: eks.ICluster) => Partial<TrinoKedaScalerProps>,
): Synth {
  const { stack, cluster } = importedClusterStack();
  const trino = new TrinoCluster(stack, 'Trino', { cluster, ...clusterProps });
  const more = extra ? extra(stack, cluster) : {};
  const scaler = new TrinoKedaScaler(stack, 'Scaler', { trino, ...scalerProps, ...more });
  const template = Template.fromStack(stack);
  const values = trinoValues(template);
  const rendered = renderTrino(template.toJSON());
  return {
    stack,
    trino,
    scaler,
    template,
    values,
    scaledObject: rendered.get('ScaledObject', trino.workerDeploymentName),
    objects: manifests(template),
    rendered,
  };
}

/** Resource logical ids of a template, by the path of the construct that made them. */
function logicalIdOf(template: Template, type: string, pathPart: string): string {
  const found = Object.entries(template.toJSON().Resources).filter(
    ([, r]: [string, any]) => r.Type === type && JSON.stringify(r.Metadata ?? {}).includes(pathPart),
  );
  if (found.length === 1) return found[0][0];
  const byId = Object.keys(template.findResources(type)).filter((id) => id.includes(pathPart));
  if (byId.length !== 1) throw new Error(`expected one ${type} for ${pathPart}, found ${byId.length}`);
  return byId[0];
}

const coordinatorConfig = (values: any) => ({
  ...parseProperties((values.additionalConfigProperties ?? []).join('\n')),
  ...parseProperties(values.server.coordinatorExtraConfig ?? ''),
});
const workerConfig = (values: any) => ({
  ...parseProperties((values.additionalConfigProperties ?? []).join('\n')),
  ...parseProperties(values.server.workerExtraConfig ?? ''),
});

describe('ScaledObject rendered by the chart (server.keda)', () => {
  const { values, scaledObject, trino } = synth();

  test('the chart renders it: server.keda is on and the chart HPA is off', () => {
    expect(values.server.keda.enabled).toBe(true);
    expect(values.server.autoscaling?.enabled).not.toBe(true);
    expect(scaledObject.kind).toBe('ScaledObject');
  });

  test('no replica fight: the worker Deployment is rendered without a fixed replicas count', () => {
    const chart = readChartValues(trino.releaseName, trino.namespace, values);
    expect(chart.worker.rendered).toBe(true);
    // the chart's worker Deployment writes `replicas` only when neither server.keda nor server.autoscaling is on
    expect(chart.keda).toBeDefined();
  });

  test('defaults: 0 to the cluster maxWorkers, 30 s polling, 300 s cooldown', () => {
    expect(scaledObject.spec).toMatchObject({
      minReplicaCount: 0,
      maxReplicaCount: trino.maxWorkers,
      pollingInterval: 30,
      cooldownPeriod: 300,
    });
    expect(trino.maxWorkers).toBe(10);
  });

  test('conforms to the KEDA 2.20 CRD (schema, CEL rules, webhook checks)', () => {
    expect(validateCrdObject(scaledObject)).toEqual([]);
  });

  test('every trigger metadata value is a string', () => {
    for (const t of scaledObject.spec.triggers) {
      for (const v of Object.values(t.metadata)) expect(typeof v).toBe('string');
    }
  });

  test('three AverageValue triggers: queued (5 per worker), running (10 per worker), required workers (1 per worker)', () => {
    expect(scaledObject.spec.triggers.map((t: any) => [t.name, t.metricType, t.metadata.targetValue])).toEqual([
      ['queued-queries', 'AverageValue', '5'],
      ['running-queries', 'AverageValue', '10'],
      ['required-workers', 'AverageValue', '1'],
    ]);
  });

  test('activates on the first unit of load (activation target 0)', () => {
    for (const t of scaledObject.spec.triggers) expect(t.metadata.activationTargetValue).toBe('0');
  });

  test('HPA behaviour: immediate scale-up, scale-down after the cooldown, one worker per minute', () => {
    expect(scaledObject.spec.advanced).toEqual({
      horizontalPodAutoscalerConfig: {
        behavior: {
          scaleUp: { stabilizationWindowSeconds: 0 },
          scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] },
        },
      },
    });
  });

  test('the chart values use only keys the chart knows, with the right types', () => {
    expect(unknownChartKeys(values)).toEqual([]);
    expect(chartKeyTypeErrors(values)).toEqual([]);
  });
});

describe('scale target: the worker Deployment the chart renders for the release', () => {
  test.each([
    ['trino', 'trino-worker'],
    ['analytics', 'analytics-trino-worker'],
    ['trino-prod', 'trino-prod-trino-worker'],
    ['tri', 'trino-worker'],
  ])('release %s targets Deployment %s', (releaseName, deployment) => {
    const { scaledObject, trino, scaler, values } = synth({}, { releaseName });
    expect(scaledObject.metadata.name).toBe(deployment);
    expect(scaledObject.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment });
    expect(readChartValues(releaseName, trino.namespace, values).worker.deployment).toBe(deployment);
    expect(trino.workerDeploymentName).toBe(deployment);
    expect(scaler.scaledObjectName).toBe(deployment);
    expectValidCrdObject(scaledObject);
  });
});

describe('bounds, timing, thresholds and behaviour overrides', () => {
  const { scaledObject } = synth({
    minWorkers: 1,
    maxWorkers: 6,
    pollingInterval: Duration.seconds(15),
    cooldownPeriod: Duration.minutes(10),
    queuedQueriesPerWorker: 2,
    runningQueriesPerWorker: 2.5,
    scaleUpStabilizationWindow: Duration.seconds(30),
    scaleDownStabilizationWindow: Duration.minutes(15),
    scaleDownStep: 2,
    scaleDownPeriod: Duration.minutes(5),
  });

  test('bounds and timing', () => {
    expect(scaledObject.spec).toMatchObject({ minReplicaCount: 1, maxReplicaCount: 6, pollingInterval: 15, cooldownPeriod: 600 });
  });

  test('thresholds', () => {
    expect(scaledObject.spec.triggers.map((t: any) => t.metadata.targetValue)).toEqual(['2', '2.5', '1']);
  });

  test('behaviour', () => {
    expect(scaledObject.spec.advanced.horizontalPodAutoscalerConfig.behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 30 },
      scaleDown: { stabilizationWindowSeconds: 900, policies: [{ type: 'Pods', value: 2, periodSeconds: 300 }] },
    });
  });

  test('still conforms to the CRD', () => {
    expectValidCrdObject(scaledObject);
  });

  test('the scale-down stabilization window follows a custom cooldown by default', () => {
    const { scaledObject: so } = synth({ cooldownPeriod: Duration.minutes(8) });
    expect(so.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds).toBe(480);
  });
});

/**
 * Keys the KEDA 2.20.2 metrics-api scaler reads from trigger metadata: the `keda:"name=..."` tags of
 * metricsAPIScalerMetadata (pkg/scalers/metrics_api_scaler.go) and of authentication.Config / APIKeyAuth
 * (pkg/scalers/authentication/authentication_types.go) whose order includes triggerMetadata.
 */
const METRICS_API_METADATA_KEYS = [
  'targetValue', 'activationTargetValue', 'url', 'format', 'valueLocation', 'unsafeSsl',
  'aggregateFromKubeServiceEndpoints', 'aggregationType', 'timeout',
  'authModes', 'authMode', 'apiKey', 'method', 'keyParamName',
];

describe('metrics: the coordinator OpenMetrics endpoint through metrics-api (default)', () => {
  const { scaledObject, values } = synth();
  const triggers = scaledObject.spec.triggers;

  test('each trigger reads one metric of the coordinator Service', () => {
    expect(triggers.map((t: any) => [t.type, t.metadata.url, t.metadata.valueLocation])).toEqual([
      [
        'metrics-api',
        'http://trino.trino.svc.cluster.local:8080/metrics?name%5B%5D=trino_execution_name_QueryManager_QueuedQueries',
        'trino_execution_name_QueryManager_QueuedQueries',
      ],
      [
        'metrics-api',
        'http://trino.trino.svc.cluster.local:8080/metrics?name%5B%5D=trino_execution_name_QueryManager_RunningQueries',
        'trino_execution_name_QueryManager_RunningQueries',
      ],
      [
        'metrics-api',
        'http://trino.trino.svc.cluster.local:8080/metrics?name%5B%5D=trino_execution_name_ClusterSizeMonitor_RequiredWorkers',
        'trino_execution_name_ClusterSizeMonitor_RequiredWorkers',
      ],
    ]);
  });

  test('parses the OpenMetrics text and sends X-Trino-User from metadata, with no TriggerAuthentication', () => {
    for (const t of triggers) {
      expect(t.metadata).toMatchObject({
        format: 'prometheus',
        authMode: 'apiKey',
        method: 'header',
        keyParamName: 'X-Trino-User',
        apiKey: 'keda',
      });
      expect(t.authenticationRef).toBeUndefined();
    }
  });

  test('uses only metadata keys the KEDA 2.20 metrics-api scaler reads', () => {
    for (const t of triggers) {
      expect(Object.keys(t.metadata).filter((k) => !METRICS_API_METADATA_KEYS.includes(k))).toEqual([]);
    }
  });

  test('the URL follows the release name and namespace', () => {
    const { scaledObject: so } = synth({}, { releaseName: 'analytics', namespace: 'sql' });
    expect(so.spec.triggers[0].metadata.url).toBe(
      'http://analytics-trino.sql.svc.cluster.local:8080/metrics?name%5B%5D=trino_execution_name_QueryManager_QueuedQueries',
    );
  });

  test('no JMX exporter, no ServiceMonitor', () => {
    expect(values.jmx).toBeUndefined();
    expect(values.serviceMonitor).toBeUndefined();
  });

  test('the Trino user can be set', () => {
    const { scaledObject: so } = synth({ metrics: ScalerMetrics.coordinatorMetricsApi({ user: 'autoscaler' }) });
    expect(so.spec.triggers.map((t: any) => t.metadata.apiKey)).toEqual(['autoscaler', 'autoscaler', 'autoscaler']);
    expect(ScalerMetrics.coordinatorMetricsApi().triggerType).toBe('metrics-api');
  });

  test.each(['', 'two words', 'x\ny'])('fails on Trino user %j', (user) => {
    expect(() => ScalerMetrics.coordinatorMetricsApi({ user })).toThrow(
      `Invalid \`user\` '${user}': use letters, digits, '.', '_', '@' or '-', starting with a letter or digit (it is sent as the X-Trino-User header).`,
    );
  });
});

/** `name{a="x",b="y"}` matchers of a PromQL selector inside a query. */
function matchers(query: string): { metric: string; labels: { [k: string]: string } } {
  const m = /([A-Za-z_:][A-Za-z0-9_:]*)\{([^}]*)\}/.exec(query);
  if (!m) throw new Error(`no selector in ${query}`);
  const labels: { [k: string]: string } = {};
  for (const part of m[2].split(',')) {
    const lm = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"([^"]*)"\s*$/.exec(part);
    if (!lm) throw new Error(`not an equality matcher: ${part}`);
    labels[lm[1]] = lm[2];
  }
  return { metric: m[1], labels };
}

describe('metrics: Prometheus scraping the chart JMX exporter through its ServiceMonitor', () => {
  const metrics = () => ScalerMetrics.prometheus({ serverAddress: PROMETHEUS });

  test('trigger metadata conforms to prometheus-trigger-metadata.json (KEDA 2.20)', () => {
    const { scaledObject } = synth({ metrics: metrics() });
    const known = new Map<string, any>();
    for (const e of loadPrometheusTriggerMetadata().metadata) known.set(e.name, e);
    for (const t of scaledObject.spec.triggers) {
      expect(t.type).toBe('prometheus');
      for (const [k, v] of Object.entries(t.metadata)) {
        expect(known.has(k)).toBe(true);
        expect(typeof v).toBe('string');
      }
      for (const e of known.values()) if (e.required) expect(t.metadata[e.name]).toBeDefined();
    }
    expect(validateCrdObject(scaledObject)).toEqual([]);
  });

  test.each([
    ['trino', 'trino', 'trino'],
    ['analytics', 'sql', 'analytics-trino'],
    ['trino-prod', 'trino', 'trino-prod-trino'],
  ])('release %s in namespace %s: queries select service="%s", the coordinator Service the ServiceMonitor scrapes', (
    releaseName, namespace, service,
  ) => {
    const { scaledObject, values } = synth({ metrics: metrics() }, { releaseName, namespace });
    // the chart's coordinator ServiceMonitor selects the coordinator Service, named trino.fullname; Prometheus
    // Operator labels each scraped series with that Service (`service`) and its namespace (`namespace`)
    const chart = readChartValues(releaseName, namespace, values);
    expect(chart.fullname).toBe(service);
    for (const t of scaledObject.spec.triggers) {
      expect(matchers(t.metadata.query).labels).toEqual({ namespace, service });
    }
  });

  test('queries the jmx_exporter names of the MBeans the exporter is told to include', () => {
    const { scaledObject, values } = synth({ metrics: metrics() });
    const config: string = values.jmx.coordinator.exporter.configProperties;
    expect(scaledObject.spec.triggers.map((t: any) => t.metadata.query)).toEqual([
      'max(trino_execution_QueryManager_QueuedQueries{namespace="trino",service="trino"})',
      'max(trino_execution_QueryManager_RunningQueries{namespace="trino",service="trino"})',
      'max(trino_execution_ClusterSizeMonitor_RequiredWorkers{namespace="trino",service="trino"})',
    ]);
    // jmx_exporter's default name: <domain, dots as _>_<first key value>_<attribute>
    expect(config).toContain('"trino.execution:name=QueryManager"');
    expect(config).toContain('"trino.execution:name=ClusterSizeMonitor"');
    expect(config).toContain('lowercaseOutputName: false');
  });

  test('server address, thresholds and activation', () => {
    const { scaledObject } = synth({ metrics: metrics() });
    expect(scaledObject.spec.triggers.map((t: any) => t.metadata)).toEqual([
      expect.objectContaining({ serverAddress: PROMETHEUS, threshold: '5', activationThreshold: '0', ignoreNullValues: 'false' }),
      expect.objectContaining({ serverAddress: PROMETHEUS, threshold: '10', activationThreshold: '0' }),
      expect.objectContaining({ serverAddress: PROMETHEUS, threshold: '1', activationThreshold: '0' }),
    ]);
  });

  test('JMX exporter and ServiceMonitor on the coordinator only, by default', () => {
    const { values } = synth({ metrics: metrics() });
    expect(values.jmx.enabled).toBeUndefined();
    expect(values.jmx.coordinator).toMatchObject({
      enabled: true,
      exporter: {
        enabled: true,
        resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '100m', memory: '256Mi' } },
      },
    });
    expect(values.serviceMonitor).toEqual({
      labels: { prometheus: 'kube-prometheus' },
      interval: '15s',
      coordinator: { enabled: true },
    });
    expect(unknownChartKeys(values)).toEqual([]);
    expect(chartKeyTypeErrors(values)).toEqual([]);
  });

  test('ServiceMonitor labels, scrape interval and worker scraping can be set', () => {
    const { values } = synth({
      metrics: ScalerMetrics.prometheus({
        serverAddress: PROMETHEUS,
        serviceMonitorLabels: { release: 'kube-prometheus-stack' },
        scrapeInterval: Duration.seconds(5),
        scrapeWorkers: true,
      }),
    });
    expect(values.jmx).toMatchObject({ enabled: true, exporter: { enabled: true } });
    expect(values.serviceMonitor).toEqual({ enabled: true, labels: { release: 'kube-prometheus-stack' }, interval: '5s' });
    expect(unknownChartKeys(values)).toEqual([]);
  });

  test('the Trino chart depends on the Prometheus operator', () => {
    const { template } = synth({}, {}, (stack, cluster) => ({
      metrics: ScalerMetrics.prometheus({
        serverAddress: PROMETHEUS,
        dependency: new eks.HelmChart(stack, 'PromStack', { cluster, chart: 'kube-prometheus-stack', repository: 'https://x' }),
      }),
    }));
    const chartId = logicalIdOf(template, 'Custom::AWSCDK-EKS-HelmChart', 'TrinoChart');
    const promId = logicalIdOf(template, 'Custom::AWSCDK-EKS-HelmChart', 'PromStack');
    expect(template.toJSON().Resources[chartId].DependsOn).toContain(promId);
  });

  test.each(['prometheus:9090', 'ftp://prometheus:9090', '', 'http://', 'http://prometheus:9090/?q=1', 'prometheus-operated.monitoring'])(
    'fails on serverAddress %j',
    (serverAddress) => {
      expect(() => ScalerMetrics.prometheus({ serverAddress })).toThrow(
        `Invalid \`serverAddress\` '${serverAddress}': use an http:// or https:// URL of the Prometheus server, for example 'http://prometheus-operated.monitoring.svc:9090'.`,
      );
    },
  );

  test('accepts https and a path prefix, without a trailing slash', () => {
    const { scaledObject } = synth({ metrics: ScalerMetrics.prometheus({ serverAddress: 'https://amp.example.com/prom/' }) });
    expect(scaledObject.spec.triggers[0].metadata.serverAddress).toBe('https://amp.example.com/prom');
  });

  test('fails on a scrape interval that is not whole seconds', () => {
    expect(() => ScalerMetrics.prometheus({ serverAddress: PROMETHEUS, scrapeInterval: Duration.millis(500) })).toThrow(
      '`scrapeInterval` must be a whole number of seconds, at least 1, got: 500 millis.',
    );
  });
});

describe('scale to zero', () => {
  test('minWorkers 0: the coordinator waits for a worker (required-workers 1, max wait 10 minutes)', () => {
    const { values } = synth();
    const coordinator = coordinatorConfig(values);
    expect(coordinator['query-manager.required-workers']).toBe('1');
    expect(coordinator['query-manager.required-workers-max-wait']).toBe('10m');
    expect(values.server.workers).toBe(0);
  });

  test('the properties go to the coordinator only', () => {
    const { values } = synth();
    expect(workerConfig(values)['query-manager.required-workers']).toBeUndefined();
    expect(workerConfig(values)['query-manager.required-workers-max-wait']).toBeUndefined();
  });

  test.each([1, 3])('minWorkers %d: neither property is set', (minWorkers) => {
    const { values } = synth({ minWorkers });
    const all = JSON.stringify(values);
    expect(all).not.toContain('query-manager.required-workers');
    expect(values.server.workers).toBe(minWorkers);
  });

  test.each([
    [Duration.minutes(15), '15m'],
    [Duration.seconds(90), '90s'],
  ])('requiredWorkersMaxWait %s renders as %s', (requiredWorkersMaxWait, text) => {
    const { values } = synth({ requiredWorkersMaxWait });
    expect(coordinatorConfig(values)['query-manager.required-workers-max-wait']).toBe(text);
  });

  test('every config property is a valid Trino 480 property and value', () => {
    const { values } = synth();
    for (const props of [coordinatorConfig(values), workerConfig(values)]) {
      expect(unknownTrinoProperties('config', props)).toEqual([]);
      expect(invalidTrinoPropertyValues('config', props)).toEqual([]);
    }
  });

  test('the required-workers trigger is what wakes a cluster at zero', () => {
    const { scaledObject } = synth();
    const required = scaledObject.spec.triggers.find((t: any) => t.name === 'required-workers');
    expect(required.metadata).toMatchObject({ targetValue: '1', activationTargetValue: '0' });
  });
});

describe('graceful scale-down', () => {
  test('default: Trino graceful shutdown with a 2 minute grace, 2 x 2 min + 10 min termination grace', () => {
    const { values } = synth();
    expect(values.worker.gracefulShutdown).toEqual({ enabled: true, gracePeriodSeconds: 120 });
    expect(values.worker.terminationGracePeriodSeconds).toBe(840);
    expect(values.worker.lifecycle).toBeUndefined();
  });

  test.each([
    [Duration.seconds(30), Duration.seconds(0), 60],
    [Duration.minutes(1), Duration.minutes(30), 1920],
    [Duration.minutes(5), Duration.minutes(2), 720],
  ])('grace %s, drain %s: termination grace %d s, at least twice the grace as the chart demands', (
    shutdownGracePeriod, taskDrainTimeout, termination,
  ) => {
    const { values } = synth({ shutdownGracePeriod, taskDrainTimeout });
    const grace = values.worker.gracefulShutdown.gracePeriodSeconds;
    expect(grace).toBe(shutdownGracePeriod.toSeconds());
    expect(values.worker.terminationGracePeriodSeconds).toBe(termination);
    expect(values.worker.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(2 * grace);
  });

  test('both roles get shutdown.grace-period from the chart', () => {
    const { values, trino } = synth();
    const chart = readChartValues(trino.releaseName, trino.namespace, values);
    expect(chart.worker.configProperties['shutdown.grace-period'].value).toBe('120s');
    expect(chart.coordinator.configProperties['shutdown.grace-period'].value).toBe('120s');
  });
});

describe('PodDisruptionBudgets', () => {
  const pdbs = (objects: any[]) => objects.filter((o) => o.kind === 'PodDisruptionBudget');

  test.each([
    ['trino', 'trino', 'trino'],
    ['analytics', 'sql', 'analytics-trino'],
  ])('release %s: one worker at a time, coordinator blocked, selecting the chart pod labels', (releaseName, namespace, fullname) => {
    const { objects, values } = synth({}, { releaseName, namespace });
    const chart = readChartValues(releaseName, namespace, values);
    const [worker, coordinator] = pdbs(objects);
    expect(worker).toMatchObject({
      apiVersion: 'policy/v1',
      metadata: { name: `${fullname}-worker`, namespace },
      spec: {
        maxUnavailable: 1,
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
        selector: {
          matchLabels: {
            'app.kubernetes.io/name': 'trino',
            'app.kubernetes.io/instance': releaseName,
            'app.kubernetes.io/component': 'worker',
          },
        },
      },
    });
    expect(coordinator).toMatchObject({
      metadata: { name: `${fullname}-coordinator`, namespace },
      spec: { maxUnavailable: 0, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    });
    // the selectors match the labels the chart puts on the pods of each role
    expect(chart.worker.podLabels).toMatchObject(worker.spec.selector.matchLabels);
    expect(chart.coordinator.podLabels).toMatchObject(coordinator.spec.selector.matchLabels);
    expect(coordinator.spec.selector.matchLabels['app.kubernetes.io/component']).toBe('coordinator');
  });

  test('blockCoordinatorEviction false: no coordinator budget', () => {
    const { objects } = synth({ blockCoordinatorEviction: false });
    expect(pdbs(objects).map((p) => p.metadata.name)).toEqual(['trino-worker']);
  });

  test('applied after the namespace exists', () => {
    const { template } = synth();
    const pdbId = logicalIdOf(template, 'Custom::AWSCDK-EKS-KubernetesResource', 'ScalerDisruptionBudgets');
    const nsId = logicalIdOf(template, 'Custom::AWSCDK-EKS-KubernetesResource', 'TrinoNamespace');
    expect(template.toJSON().Resources[pdbId].DependsOn).toContain(nsId);
  });
});

describe('KEDA dependency', () => {
  test('the Trino chart (which renders the ScaledObject) depends on the KEDA chart', () => {
    const { template } = synth({}, {}, (stack, cluster) => ({
      kedaDependency: new eks.HelmChart(stack, 'Keda', { cluster, chart: 'keda', repository: 'https://kedacore.github.io/charts' }),
    }));
    const chartId = logicalIdOf(template, 'Custom::AWSCDK-EKS-HelmChart', 'TrinoChart');
    const kedaId = logicalIdOf(template, 'Custom::AWSCDK-EKS-HelmChart', 'Keda');
    expect(template.toJSON().Resources[chartId].DependsOn).toContain(kedaId);
  });

  test('without one, the Trino chart depends on no chart', () => {
    const { template } = synth();
    const chartId = logicalIdOf(template, 'Custom::AWSCDK-EKS-HelmChart', 'TrinoChart');
    const deps: string[] = template.toJSON().Resources[chartId].DependsOn ?? [];
    expect(deps.filter((d) => d.includes('Keda'))).toEqual([]);
  });
});

describe('desired workers (the formula)', () => {
  const { scaler } = synth();

  test.each([
    // queued, running, required, workers
    [12, 30, 0, 3],
    [0, 0, 0, 0],
    [0, 0, 1, 1],
    [1, 0, 0, 1],
    [0, 1, 0, 1],
    [11, 0, 0, 3],
    [0, 95, 0, 10],
    [100, 0, 0, 10],
    [0, 5, 4, 4],
  ])('%d queued, %d running, %d required: %d workers', (queuedQueries, runningQueries, requiredWorkers, workers) => {
    expect(scaler.desiredWorkers({ queuedQueries, runningQueries, requiredWorkers })).toBe(workers);
  });

  test('follows the thresholds and bounds of the scaler', () => {
    const { scaler: s } = synth({ minWorkers: 2, maxWorkers: 4, queuedQueriesPerWorker: 1, runningQueriesPerWorker: 3 });
    expect(s.desiredWorkers({ queuedQueries: 0, runningQueries: 0 })).toBe(2);
    expect(s.desiredWorkers({ queuedQueries: 3, runningQueries: 3 })).toBe(3);
    expect(s.desiredWorkers({ queuedQueries: 12, runningQueries: 30 })).toBe(4);
  });

  test.each([
    [{ queuedQueries: -1, runningQueries: 0 }, '`queuedQueries` must be a number ≥ 0, got: -1.'],
    [{ queuedQueries: 0, runningQueries: NaN }, '`runningQueries` must be a number ≥ 0, got: NaN.'],
  ])('fails on load %j', (load, message) => {
    expect(() => scaler.desiredWorkers(load)).toThrow(message);
  });
});

describe('validation', () => {
  test.each<[string, Partial<TrinoKedaScalerProps>, string]>([
    ['max below min', { minWorkers: 5, maxWorkers: 3 },
      '`maxWorkers` (3) must not be below `minWorkers` (5); allowed: minWorkers ≤ maxWorkers.'],
    ['max above the cluster max', { maxWorkers: 11 },
      "`maxWorkers` (11) must not be above the TrinoCluster's `maxWorkers` (10), which sizes query.max-memory and the worker pool: raise it on the TrinoCluster."],
    ['negative min', { minWorkers: -1 }, '`minWorkers` must be an integer ≥ 0, got: -1.'],
    ['fractional min', { minWorkers: 1.5 }, '`minWorkers` must be an integer ≥ 0, got: 1.5.'],
    ['zero max', { maxWorkers: 0 }, '`maxWorkers` must be an integer ≥ 1, got: 0.'],
    ['cooldown below polling', { pollingInterval: Duration.minutes(1), cooldownPeriod: Duration.seconds(30) },
      '`cooldownPeriod` (30 seconds) must not be below `pollingInterval` (1 minute): KEDA could not see a trigger stay inactive for it.'],
    ['polling not whole seconds', { pollingInterval: Duration.millis(1500) },
      '`pollingInterval` must be a whole number of seconds at least 1 s, got: 1 second 500 millis.'],
    ['zero polling', { pollingInterval: Duration.seconds(0) },
      '`pollingInterval` must be a whole number of seconds at least 1 s, got: 0 seconds.'],
    ['queued threshold 0', { queuedQueriesPerWorker: 0 }, '`queuedQueriesPerWorker` must be a number above 0, got: 0.'],
    ['running threshold negative', { runningQueriesPerWorker: -2 }, '`runningQueriesPerWorker` must be a number above 0, got: -2.'],
    ['queued threshold NaN', { queuedQueriesPerWorker: NaN }, '`queuedQueriesPerWorker` must be a number above 0, got: NaN.'],
    ['scale-up window above an hour', { scaleUpStabilizationWindow: Duration.seconds(3601) },
      '`scaleUpStabilizationWindow` must be a whole number of seconds between 0 s and 3600 s, got: 1 hour 1 second.'],
    ['scale-down window above an hour', { scaleDownStabilizationWindow: Duration.hours(2) },
      '`scaleDownStabilizationWindow` must be a whole number of seconds between 0 s and 3600 s, got: 2 hours.'],
    ['cooldown above an hour as the default scale-down window', { cooldownPeriod: Duration.hours(2) },
      '`cooldownPeriod (the default scaleDownStabilizationWindow)` must be a whole number of seconds between 0 s and 3600 s, got: 2 hours.'],
    ['scale-down period 0', { scaleDownPeriod: Duration.seconds(0) },
      '`scaleDownPeriod` must be a whole number of seconds between 1 s and 1800 s, got: 0 seconds.'],
    ['scale-down period above 30 minutes', { scaleDownPeriod: Duration.seconds(1801) },
      '`scaleDownPeriod` must be a whole number of seconds between 1 s and 1800 s, got: 30 minutes 1 second.'],
    ['scale-down step 0', { scaleDownStep: 0 }, '`scaleDownStep` must be an integer ≥ 1, got: 0.'],
    ['grace 0', { shutdownGracePeriod: Duration.seconds(0) },
      '`shutdownGracePeriod` must be a whole number of seconds at least 1 s, got: 0 seconds.'],
    ['drain not whole seconds', { taskDrainTimeout: Duration.millis(100) },
      '`taskDrainTimeout` must be a whole number of seconds at least 0 s, got: 100 millis.'],
    ['max wait below polling', { requiredWorkersMaxWait: Duration.seconds(10) },
      '`requiredWorkersMaxWait` (10 seconds) must not be below `pollingInterval` (30 seconds): a query would fail before KEDA could notice it waiting.'],
  ])('fails on %s', (_name, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  test('fails on a second scaler for the same cluster', () => {
    const { stack, cluster } = importedClusterStack();
    const trino = new TrinoCluster(stack, 'Trino', { cluster });
    new TrinoKedaScaler(stack, 'Scaler', { trino });
    expect(() => new TrinoKedaScaler(stack, 'Scaler2', { trino })).toThrow(
      "The Trino workers already have a KEDA scaler; TrinoKedaScaler 'Stack/Scaler2' cannot add a second one.",
    );
  });

  test('a refused second scaler changes nothing (no JMX exporter from its Prometheus source)', () => {
    const { stack, cluster } = importedClusterStack();
    const trino = new TrinoCluster(stack, 'Trino', { cluster });
    new TrinoKedaScaler(stack, 'Scaler', { trino });
    expect(() => new TrinoKedaScaler(stack, 'Scaler2', {
      trino,
      metrics: ScalerMetrics.prometheus({ serverAddress: PROMETHEUS }),
    })).toThrow(/already have a KEDA scaler/);
    expect(trino._renderValues().jmx).toBeUndefined();
  });

  test('fails when another contributor set required-workers differently', () => {
    expect(() => synth({}, { additionalConfigProperties: { 'query-manager.required-workers': '2' } })).toThrow(
      /Conflicting values for Trino property 'query-manager.required-workers': '2' \(from additionalConfigProperties\) and '1' \(from TrinoKedaScaler 'Stack\/Scaler'\)/,
    );
  });

  test('accepts a scaler whose scope is not the cluster', () => {
    const { stack, cluster } = importedClusterStack();
    const trino = new TrinoCluster(stack, 'Trino', { cluster });
    const scope = new Construct(stack, 'Autoscaling');
    expect(() => new TrinoKedaScaler(scope, 'Scaler', { trino })).not.toThrow();
  });
});
