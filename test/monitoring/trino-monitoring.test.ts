// SPDX-License-Identifier: Apache-2.0
import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import { Construct } from 'constructs';
import { ScalerMetrics, TrinoAlertOptions, TrinoCluster, TrinoKedaScaler, TrinoMonitoring, TrinoMonitoringProps } from '../../src';
import { importedClusterStack, manifests, trinoValues } from '../util';

const PROMETHEUS = 'http://prometheus-operated.monitoring.svc:9090';

function setup() {
  const { stack, cluster } = importedClusterStack();
  const trino = new TrinoCluster(stack, 'Trino', { cluster });
  return { stack, cluster, trino };
}

function synth(props: Partial<TrinoMonitoringProps> = {}) {
  const { stack, trino } = setup();
  const monitoring = new TrinoMonitoring(stack, 'Monitoring', { trino, prometheusOperatorInstalled: true, ...props });
  const template = Template.fromStack(stack);
  const objects = manifests(template);
  return {
    stack,
    trino,
    monitoring,
    template,
    values: trinoValues(template),
    configMap: objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === monitoring.dashboardConfigMapName),
    rule: objects.find((o) => o.kind === 'PrometheusRule'),
  };
}

const alert = (rule: any, name: string) => rule.spec.groups[0].rules.find((r: any) => r.alert === name);

describe('defaults', () => {
  const { values, configMap, rule, monitoring } = synth();

  test('the JMX exporter and the ServiceMonitors run on both roles, labelled for kube-prometheus-stack, every 15 s', () => {
    expect(values.jmx).toMatchObject({ enabled: true, exporter: { enabled: true, image: ScalerMetrics.DEFAULT_JMX_EXPORTER_IMAGE } });
    expect(values.serviceMonitor).toEqual({ enabled: true, labels: { release: 'kube-prometheus-stack' }, interval: '15s' });
    const config: string = values.jmx.exporter.configProperties;
    for (const name of ['trino.execution:name=QueryManager', 'trino.memory:type=MemoryPool,name=general', 'io.trino.filesystem.s3:type=S3FileSystemStats,*']) {
      expect(config).toContain(`  - "${name}"\n`);
    }
  });

  test('the dashboard ConfigMap: Trino namespace, Grafana sidecar label, named after the release', () => {
    expect(configMap.metadata).toMatchObject({
      name: 'trino-dashboard',
      namespace: 'trino',
      labels: { 'grafana_dashboard': '1', 'app.kubernetes.io/managed-by': 'cdk-trino-eks' },
    });
    expect(Object.keys(configMap.data)).toEqual(['trino-trino.json']);
    expect(monitoring.namespace).toBe('trino');
  });

  test('the PrometheusRule: selector label, one group, the default thresholds', () => {
    expect(rule.metadata).toMatchObject({ name: 'trino-alerts', namespace: 'trino', labels: { release: 'kube-prometheus-stack' } });
    expect(alert(rule, 'TrinoQueriesQueued').for).toBe('10m');
    expect(alert(rule, 'TrinoQueryFailureRatio').expr).toMatch(/ > 0\.1 and /);
    expect(alert(rule, 'TrinoCoordinatorHeapPressure')).toMatchObject({ for: '10m', expr: expect.stringMatching(/\) > 0\.9$/) });
    expect(alert(rule, 'TrinoSpotInterruptions').expr).toMatch(/\[15m\]\)\) >= 3$/);
    expect(alert(rule, 'TrinoSpotInterruptions').for).toBeUndefined();
    for (const r of rule.spec.groups[0].rules) {
      expect(r.labels).toEqual({ severity: expect.stringMatching(/^(warning|critical)$/), namespace: 'trino' });
      expect(r.annotations.runbook.split('\n').length).toBeGreaterThanOrEqual(3);
    }
  });

  test('no scaler: no autoscaling alerts', () => {
    const names = rule.spec.groups[0].rules.map((r: any) => r.alert);
    expect(names).not.toContain('TrinoWorkersAtMax');
    expect(names).not.toContain('TrinoKedaScalerErrors');
  });
});

describe('overrides', () => {
  test('selectorLabels label the ServiceMonitors and the PrometheusRule', () => {
    const { values, rule } = synth({ selectorLabels: { release: 'monitoring' } });
    expect(values.serviceMonitor.labels).toEqual({ release: 'monitoring' });
    expect(rule.metadata.labels).toMatchObject({ release: 'monitoring' });
  });

  test('scrapeInterval is the ServiceMonitor interval', () => {
    expect(synth({ scrapeInterval: Duration.seconds(30) }).values.serviceMonitor.interval).toBe('30s');
  });

  test('dashboardLabels replace the sidecar label', () => {
    const { configMap } = synth({ dashboardLabels: { grafana_dashboard: 'trino' } });
    expect(configMap.metadata.labels.grafana_dashboard).toBe('trino');
  });

  test('namespace moves the ConfigMap and the PrometheusRule', () => {
    const { configMap, rule } = synth({ namespace: 'monitoring' });
    expect(configMap.metadata.namespace).toBe('monitoring');
    expect(rule.metadata.namespace).toBe('monitoring');
  });

  test('kedaNamespaceLabel is the label KEDA series are matched on', () => {
    const { stack, trino } = setup();
    new TrinoKedaScaler(stack, 'Scaler', { trino });
    new TrinoMonitoring(stack, 'Monitoring', { trino, prometheusOperatorInstalled: true, kedaNamespaceLabel: 'namespace' });
    const rule = manifests(Template.fromStack(stack)).find((o) => o.kind === 'PrometheusRule');
    expect(alert(rule, 'TrinoKedaScalerErrors').expr).toContain('keda_scaler_detail_errors_total{namespace="trino",scaledObject="trino-worker"}');
  });

  test('alert thresholds', () => {
    const alerts: TrinoAlertOptions = {
      queuedQueriesFor: Duration.minutes(3),
      queryFailureRatio: 0.25,
      coordinatorHeapRatio: 0.8,
      coordinatorHeapFor: Duration.seconds(90),
      spotInterruptions: 5,
      spotInterruptionWindow: Duration.hours(1),
    };
    const { rule } = synth({ alerts });
    expect(alert(rule, 'TrinoQueriesQueued').for).toBe('3m');
    expect(alert(rule, 'TrinoQueryFailureRatio').expr).toMatch(/ > 0\.25 and /);
    expect(alert(rule, 'TrinoCoordinatorHeapPressure')).toMatchObject({ for: '90s', expr: expect.stringMatching(/\) > 0\.8$/) });
    expect(alert(rule, 'TrinoSpotInterruptions').expr).toMatch(/\[1h\]\)\) >= 5$/);
  });

  test('a scaler added after the monitoring brings the autoscaling alerts, with its thresholds', () => {
    const { stack, trino } = setup();
    new TrinoMonitoring(stack, 'Monitoring', {
      trino,
      prometheusOperatorInstalled: true,
      alerts: { workersAtMaxFor: Duration.minutes(30), kedaScalerErrorsFor: Duration.minutes(2) },
    });
    new TrinoKedaScaler(stack, 'Scaler', { trino });
    const rule = manifests(Template.fromStack(stack)).find((o) => o.kind === 'PrometheusRule');
    expect(alert(rule, 'TrinoWorkersAtMax')).toMatchObject({ for: '30m', expr: expect.stringContaining('keda-hpa-trino-worker') });
    expect(alert(rule, 'TrinoKedaScalerErrors').for).toBe('2m');
  });
});

describe('dependencies', () => {
  test('the Trino chart and the manifest wait for the Prometheus Operator; the manifest for the namespace', () => {
    const { stack, cluster, trino } = setup();
    const operator = new eks.HelmChart(stack, 'KubePrometheusStack', { cluster, chart: 'kube-prometheus-stack', repository: 'https://prometheus-community.github.io/helm-charts' });
    const monitoring = new TrinoMonitoring(stack, 'Monitoring', { trino, prometheusOperator: operator });
    expect(trino.chart.node.dependencies).toContain(operator);
    expect(monitoring.manifest.node.dependencies).toEqual(expect.arrayContaining([operator, trino._namespaceManifest]));
    const template = Template.fromStack(stack);
    const operatorId = stack.getLogicalId(operator.node.defaultChild as any);
    template.hasResource('Custom::AWSCDK-EKS-HelmChart', {
      Properties: { Chart: 'trino' },
      DependsOn: Match.arrayWith([operatorId]),
    });
  });

  test('the scaler\'s Prometheus source and the monitoring share one exporter and one set of ServiceMonitors', () => {
    const { stack, trino } = setup();
    new TrinoKedaScaler(stack, 'Scaler', { trino, metrics: ScalerMetrics.prometheus({ serverAddress: PROMETHEUS, scrapeInterval: Duration.seconds(30) }) });
    new TrinoMonitoring(stack, 'Monitoring', { trino, prometheusOperatorInstalled: true, scrapeInterval: Duration.seconds(30) });
    const values = trinoValues(Template.fromStack(stack));
    expect(values.serviceMonitor).toEqual({
      enabled: true,
      labels: { prometheus: 'kube-prometheus', release: 'kube-prometheus-stack' },
      interval: '30s',
    });
    expect(values.jmx.exporter.configProperties).toContain('trino.execution:name=ClusterSizeMonitor');
    expect(values.jmx.exporter.configProperties).toContain('trino.node:name=CoordinatorNodeManager');
  });
});

describe('bad input', () => {
  const attempt = (props: Partial<TrinoMonitoringProps>, before?: (stack: Stack, trino: TrinoCluster) => void) => () => {
    const { stack, trino } = setup();
    before?.(stack, trino);
    new TrinoMonitoring(stack, 'Monitoring', { trino, prometheusOperatorInstalled: true, ...props });
  };

  test('no Prometheus Operator dependency and not declared installed', () => {
    expect(attempt({ prometheusOperatorInstalled: undefined })).toThrow(
      /TrinoMonitoring needs the Prometheus Operator: .* Pass `prometheusOperator` .* or set `prometheusOperatorInstalled: true`/,
    );
    expect(attempt({ prometheusOperatorInstalled: false })).toThrow(/needs the Prometheus Operator/);
  });

  test.each([1500, 500])('scrapeInterval of %i ms is not whole seconds', (ms) => {
    expect(attempt({ scrapeInterval: Duration.millis(ms) })).toThrow(/`scrapeInterval` must be a whole number of seconds, at least 1 second, got: /);
  });

  test.each<[keyof TrinoAlertOptions, string, any, RegExp]>([
    ['queryFailureRatio', '0', 0, /`alerts.queryFailureRatio` must be a share above 0 and at most 1 \(0.1 is 10%\), got: 0\./],
    ['queryFailureRatio', '-0.1', -0.1, /`alerts.queryFailureRatio` must be a share above 0 .*got: -0.1\./],
    ['queryFailureRatio', '1.5', 1.5, /`alerts.queryFailureRatio` must be a share above 0 and at most 1.*got: 1.5\./],
    ['coordinatorHeapRatio', '0', 0, /`alerts.coordinatorHeapRatio` must be a share above 0.*got: 0\./],
    ['coordinatorHeapRatio', 'Number.NaN', Number.NaN, /`alerts.coordinatorHeapRatio` must be a share above 0.*got: NaN\./],
    ['spotInterruptions', '0', 0, /`alerts.spotInterruptions` must be an integer ≥ 1, got: 0\./],
    ['spotInterruptions', '2.5', 2.5, /`alerts.spotInterruptions` must be an integer ≥ 1, got: 2.5\./],
    ['queuedQueriesFor', 'Duration.seconds(0)', Duration.seconds(0), /`alerts.queuedQueriesFor` must be a whole number of seconds, at least 1 second, got: 0 seconds\./],
    ['workersAtMaxFor', 'Duration.millis(10500)', Duration.millis(10500), /`alerts.workersAtMaxFor` must be a whole number of seconds/],
    ['coordinatorHeapFor', 'Duration.seconds(0)', Duration.seconds(0), /`alerts.coordinatorHeapFor` must be a whole number of seconds/],
    ['kedaScalerErrorsFor', 'Duration.seconds(0)', Duration.seconds(0), /`alerts.kedaScalerErrorsFor` must be a whole number of seconds/],
    ['spotInterruptionWindow', 'Duration.seconds(30)', Duration.seconds(30), /`alerts.spotInterruptionWindow` must be a whole number of seconds, at least 1 minute, got: 30 seconds\./],
  ])('alerts.%s = %s', (prop, _label, value, message) => {
    expect(attempt({ alerts: { [prop]: value } })).toThrow(message);
  });

  test.each<[Partial<TrinoMonitoringProps>, RegExp]>([
    [{ selectorLabels: { 'bad key!': 'x' } }, /Invalid label in `selectorLabels`: 'bad key!: x'/],
    [{ dashboardLabels: { grafana_dashboard: 'not ok' } }, /Invalid label in `dashboardLabels`: 'grafana_dashboard: not ok'/],
    [{ kedaNamespaceLabel: 'exported-namespace' }, /Invalid `kedaNamespaceLabel` 'exported-namespace': use a Prometheus label name/],
    [{ namespace: 'Monitoring' }, /Invalid `namespace` 'Monitoring'/],
  ])('%j', (props, message) => {
    expect(attempt(props)).toThrow(message);
  });

  test('a second TrinoMonitoring on one cluster', () => {
    expect(attempt({}, (stack, trino) => new TrinoMonitoring(stack as Construct, 'First', { trino, prometheusOperatorInstalled: true }))).toThrow(
      /The Trino cluster is already monitored by TrinoMonitoring '.*\/First'; TrinoMonitoring '.*\/Monitoring' cannot add a second TrinoMonitoring\./,
    );
  });

  test('a scrape interval the scaler\'s Prometheus source chose differently', () => {
    expect(
      attempt({ scrapeInterval: Duration.seconds(30) }, (stack, trino) =>
        new TrinoKedaScaler(stack, 'Scaler', { trino, metrics: ScalerMetrics.prometheus({ serverAddress: PROMETHEUS, scrapeInterval: Duration.seconds(15) }) })),
    ).toThrow(/Conflicting `scrapeInterval` for the Trino JMX exporter: 15 seconds \(from ScalerMetrics.prometheus\) and 30 seconds \(from TrinoMonitoring '.*'\)/);
  });

  test('a ServiceMonitor label the scaler\'s Prometheus source set to another value', () => {
    expect(
      attempt({ selectorLabels: { release: 'b' } }, (stack, trino) =>
        new TrinoKedaScaler(stack, 'Scaler', { trino, metrics: ScalerMetrics.prometheus({ serverAddress: PROMETHEUS, serviceMonitorLabels: { release: 'a' } }) })),
    ).toThrow(/Conflicting ServiceMonitor label 'release': 'a' \(from ScalerMetrics.prometheus\) and 'b' \(from TrinoMonitoring/);
  });
});
