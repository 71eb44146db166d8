// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'crypto';
import { Duration, Lazy, Token } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import { Construct, IConstruct } from 'constructs';
import { AlertThresholds, alertRules, grafanaDashboard, MonitoringInput } from './private/content';
import { MONITORING_OBJECT_NAMES } from './private/jmx';
import { ScalerMetrics } from '../autoscaling/scaler-metrics';
import { chartNames } from '../config/chart';
import { TrinoRole } from '../config/placement';
import type { TrinoCluster } from '../trino-cluster';

/**
 * Thresholds of the alerts TrinoMonitoring ships (docs/monitoring.md lists the alerts and their runbooks).
 */
export interface TrinoAlertOptions {
  /**
   * `TrinoQueriesQueued` fires when the resource-group queue has not been empty for this long.
   *
   * @default Duration.minutes(10)
   */
  readonly queuedQueriesFor?: Duration;

  /**
   * `TrinoQueryFailureRatio` fires when more than this share (above 0, at most 1) of the queries that finished in the
   * last 10 minutes failed for other reasons than user errors (internal, external and insufficient-resources errors),
   * with at least 10 finished, for 5 minutes.
   *
   * @default 0.1
   */
  readonly queryFailureRatio?: number;

  /**
   * `TrinoWorkersAtMax` fires when KEDA has asked for `maxWorkers` workers for this long. Only with a
   * TrinoKedaScaler.
   *
   * @default Duration.minutes(15)
   */
  readonly workersAtMaxFor?: Duration;

  /**
   * `TrinoCoordinatorHeapPressure` fires when the coordinator uses more than this share (above 0, at most 1) of its
   * maximum heap for `coordinatorHeapFor`.
   *
   * @default 0.9
   */
  readonly coordinatorHeapRatio?: number;

  /**
   * How long the coordinator heap must stay above `coordinatorHeapRatio`.
   *
   * @default Duration.minutes(10)
   */
  readonly coordinatorHeapFor?: Duration;

  /**
   * `TrinoKedaScalerErrors` fires when KEDA has reported errors reading the ScaledObject's triggers for this long.
   * Only with a TrinoKedaScaler.
   *
   * @default Duration.minutes(5)
   */
  readonly kedaScalerErrorsFor?: Duration;

  /**
   * `TrinoSpotInterruptions` fires when Karpenter replaced at least this many Spot nodes of one of the Trino pools
   * within `spotInterruptionWindow`.
   *
   * @default 3
   */
  readonly spotInterruptions?: number;

  /**
   * The window `spotInterruptions` is counted in, at least 1 minute.
   *
   * @default Duration.minutes(15)
   */
  readonly spotInterruptionWindow?: Duration;
}

/**
 * Properties of TrinoMonitoring.
 */
export interface TrinoMonitoringProps {
  /**
   * The Trino cluster to monitor. A cluster has at most one TrinoMonitoring.
   */
  readonly trino: TrinoCluster;

  /**
   * The construct that installs the Prometheus Operator, for example the kube-prometheus-stack Helm chart. The
   * Trino chart (its ServiceMonitors) and the PrometheusRule need its CRDs, so they are made to depend on it. Give
   * this or set `prometheusOperatorInstalled`.
   *
   * @default - none: `prometheusOperatorInstalled` must be true
   */
  readonly prometheusOperator?: IConstruct;

  /**
   * Set to true when the Prometheus Operator and its CRDs (ServiceMonitor, PrometheusRule) are already installed on
   * the cluster, outside this CDK app.
   *
   * @default false
   */
  readonly prometheusOperatorInstalled?: boolean;

  /**
   * Labels of the ServiceMonitors and of the PrometheusRule, so that your Prometheus selects them. kube-prometheus-stack
   * selects `release: <its release name>` (`serviceMonitorSelectorNilUsesHelmValues` and
   * `ruleSelectorNilUsesHelmValues` default to true).
   *
   * @default { release: 'kube-prometheus-stack' }
   */
  readonly selectorLabels?: { [key: string]: string };

  /**
   * How often Prometheus scrapes the JMX exporter of the coordinator and the workers (the ServiceMonitor `interval`),
   * in whole seconds. Shared with `ScalerMetrics.prometheus` when the scaler reads Prometheus: give both the same.
   *
   * @default Duration.seconds(15)
   */
  readonly scrapeInterval?: Duration;

  /**
   * Labels of the dashboard ConfigMap: the ones the Grafana dashboard sidecar looks for. kube-prometheus-stack's
   * sidecar loads ConfigMaps labelled `grafana_dashboard: "1"` from every namespace (its values
   * `grafana.sidecar.dashboards.label`, `labelValue` and `searchNamespace: ALL`).
   *
   * @default { grafana_dashboard: '1' }
   */
  readonly dashboardLabels?: { [key: string]: string };

  /**
   * Namespace of the dashboard ConfigMap and the PrometheusRule.
   *
   * @default - the Trino namespace
   */
  readonly namespace?: string;

  /**
   * The label that holds the ScaledObject's namespace in KEDA's metrics once Prometheus has scraped them. The KEDA
   * chart's operator ServiceMonitor does not honor labels, so Prometheus renames KEDA's `namespace` label to
   * `exported_namespace`; use `namespace` if you scrape KEDA with `honorLabels: true`.
   *
   * @default 'exported_namespace'
   */
  readonly kedaNamespaceLabel?: string;

  /**
   * Alert thresholds.
   *
   * @default - the TrinoAlertOptions defaults
   */
  readonly alerts?: TrinoAlertOptions;
}

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const K8S_LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const K8S_LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Monitoring of a TrinoCluster for clusters that run the Prometheus Operator (kube-prometheus-stack): scraping,
 * a Grafana dashboard and alerts, from the same JMX exporter the autoscaler can read.
 *
 * - Scraping: the chart's JMX exporter sidecar on the coordinator and every worker, and its ServiceMonitors
 *   (`<fullname>` and `<fullname>-worker`), exporting the Trino MBeans the dashboard reads.
 * - Dashboard: a ConfigMap the Grafana sidecar loads, with rows for queries, workers, fault tolerance, autoscaling
 *   (with a TrinoKedaScaler), capacity (Karpenter) and S3 (catalogs on S3). The autoscaling and capacity rows read
 *   KEDA's, kube-state-metrics' and Karpenter's own metrics: scrape those too (docs/monitoring.md).
 * - Alerts: a PrometheusRule with thresholds from `alerts` and a runbook on every alert.
 *
 * @example
 * declare const trinoCluster: TrinoCluster;
 * // the kube-prometheus-stack Helm chart (release 'kube-prometheus-stack')
 * declare const kubePrometheusStack: eks.HelmChart;
 * new trino.TrinoMonitoring(this, 'Monitoring', { trino: trinoCluster, prometheusOperator: kubePrometheusStack });
 */
export class TrinoMonitoring extends Construct {
  /** Default labels of the ServiceMonitors and the PrometheusRule (kube-prometheus-stack's selector for release `kube-prometheus-stack`). */
  public static readonly DEFAULT_SELECTOR_LABELS: { [key: string]: string } = { release: 'kube-prometheus-stack' };
  /** Default labels of the dashboard ConfigMap (kube-prometheus-stack's Grafana sidecar). */
  public static readonly DEFAULT_DASHBOARD_LABELS: { [key: string]: string } = { grafana_dashboard: '1' };

  /** Name of the dashboard ConfigMap. */
  public readonly dashboardConfigMapName: string;
  /** Name of the PrometheusRule. */
  public readonly prometheusRuleName: string;
  /** Namespace of the dashboard ConfigMap and the PrometheusRule. */
  public readonly namespace: string;
  /** The dashboard ConfigMap and the PrometheusRule. */
  public readonly manifest: eks.KubernetesManifest;

  /** @internal everything the dashboard and the alerts depend on, resolved at synth */
  public readonly _input: () => MonitoringInput;

  constructor(scope: Construct, id: string, props: TrinoMonitoringProps) {
    super(scope, id);
    const trino = props.trino;
    const source = `TrinoMonitoring '${this.node.path}'`;

    if (!props.prometheusOperator && props.prometheusOperatorInstalled !== true) {
      throw new Error(
        'TrinoMonitoring needs the Prometheus Operator: its ServiceMonitor and PrometheusRule CRDs must exist before the ' +
          'Trino chart and the alerts. Pass `prometheusOperator` (the construct that installs it, for example the ' +
          'kube-prometheus-stack Helm chart) or set `prometheusOperatorInstalled: true` when it is already on the cluster.',
      );
    }
    const scrapeInterval = props.scrapeInterval;
    if (scrapeInterval) wholeSeconds('scrapeInterval', scrapeInterval, 1);
    const selectorLabels = props.selectorLabels ?? TrinoMonitoring.DEFAULT_SELECTOR_LABELS;
    validateLabels('selectorLabels', selectorLabels);
    const dashboardLabels = props.dashboardLabels ?? TrinoMonitoring.DEFAULT_DASHBOARD_LABELS;
    validateLabels('dashboardLabels', dashboardLabels);
    const kedaNamespaceLabel = props.kedaNamespaceLabel ?? 'exported_namespace';
    if (!Token.isUnresolved(kedaNamespaceLabel) && !LABEL_NAME.test(kedaNamespaceLabel)) {
      throw new Error(
        `Invalid \`kedaNamespaceLabel\` '${kedaNamespaceLabel}': use a Prometheus label name (letters, digits and '_', ` +
          "not starting with a digit), for example 'exported_namespace' or 'namespace'.",
      );
    }
    this.namespace = props.namespace ?? trino.namespace;
    if (!Token.isUnresolved(this.namespace) && !DNS_LABEL.test(this.namespace)) {
      throw new Error(`Invalid \`namespace\` '${this.namespace}': use a Kubernetes namespace name (RFC 1123 label, at most 63 characters).`);
    }
    const alerts = resolveAlerts(props.alerts ?? {});

    // -- scraping: the chart's exporter sidecar and ServiceMonitors, on both roles, through the one model
    trino._config.setMonitoring(source);
    trino._config.addPrometheusScrape(
      {
        serviceMonitorLabels: selectorLabels,
        scrapeInterval,
        objectNames: [...MONITORING_OBJECT_NAMES],
        scrapeWorkers: true,
      },
      source,
      ScalerMetrics.DEFAULT_JMX_EXPORTER_IMAGE,
    );
    if (props.prometheusOperator) trino.chart.node.addDependency(props.prometheusOperator);

    // -- what the dashboard and the alerts read, resolved at synth (the scaler, pools and exchange may come later)
    const names = chartNames(trino.releaseName);
    this._input = () => {
      const config = trino._config;
      // the Karpenter NodePools the roles are placed on (SpotWorkerPool / CoordinatorPool select `karpenter.sh/nodepool`)
      const pool = (role: TrinoRole) => {
        const name = config.placement[role]?.nodeSelector['karpenter.sh/nodepool'];
        return name === undefined ? [] : [name];
      };
      return {
        namespace: trino.namespace,
        releaseName: trino.releaseName,
        coordinatorService: names.fullname,
        workerService: names.workerService,
        coordinatorDeployment: names.coordinator,
        workerDeployment: names.worker,
        scaledObject: config.keda ? trino.workerDeploymentName : undefined,
        kedaNamespaceLabel,
        nodePools: [...new Set([...pool(TrinoRole.WORKER), ...pool(TrinoRole.COORDINATOR)])],
        workerNodePools: pool(TrinoRole.WORKER),
        exchange: (config.exchange?.baseDirectories ?? []).some((d) => d.startsWith('s3://')),
        s3Catalogs: config.catalogEntries().filter((c) => c.properties['fs.native-s3.enabled'] === 'true').map((c) => c.name),
        alerts,
      };
    };

    // -- the dashboard (Grafana sidecar) and the alerts (Prometheus Operator)
    this.dashboardConfigMapName = `${names.fullname}-dashboard`;
    this.prometheusRuleName = `${names.fullname}-alerts`;
    const uid = Token.isUnresolved(trino.namespace)
      ? undefined
      : `trino-${createHash('sha256').update(`${trino.namespace}/${trino.releaseName}`).digest('hex').slice(0, 16)}`;
    const labels = { 'app.kubernetes.io/part-of': 'trino', 'app.kubernetes.io/managed-by': 'cdk-trino-eks' };
    this.manifest = new eks.KubernetesManifest(this, 'Resource', {
      cluster: trino.cluster,
      manifest: [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: this.dashboardConfigMapName, namespace: this.namespace, labels: { ...labels, ...dashboardLabels } },
          data: {
            [`trino-${trino.releaseName}.json`]: Lazy.string({ produce: () => JSON.stringify(grafanaDashboard(this._input(), uid)) }),
          },
        },
        {
          apiVersion: 'monitoring.coreos.com/v1',
          kind: 'PrometheusRule',
          metadata: { name: this.prometheusRuleName, namespace: this.namespace, labels: { ...labels, ...selectorLabels } },
          spec: Lazy.any({ produce: () => prometheusRuleSpec(this._input()) }),
        },
      ],
    });
    if (props.prometheusOperator) this.manifest.node.addDependency(props.prometheusOperator);
    if (trino._namespaceManifest && this.namespace === trino.namespace) this.manifest.node.addDependency(trino._namespaceManifest);
  }
}

/** The PrometheusRule spec: one group of alerts for the release. */
function prometheusRuleSpec(input: MonitoringInput) {
  return {
    groups: [
      {
        name: `trino-${input.namespace}-${input.releaseName}`,
        rules: alertRules(input).map((a) => ({
          alert: a.alert,
          expr: a.expr,
          ...(a.for ? { for: a.for } : {}),
          labels: { severity: a.severity, namespace: input.namespace },
          annotations: { summary: a.summary, description: a.description, runbook: a.runbook },
        })),
      },
    ],
  };
}

function resolveAlerts(o: TrinoAlertOptions): AlertThresholds {
  const a: AlertThresholds = {
    queuedQueriesFor: o.queuedQueriesFor ?? Duration.minutes(10),
    queryFailureRatio: o.queryFailureRatio ?? 0.1,
    workersAtMaxFor: o.workersAtMaxFor ?? Duration.minutes(15),
    coordinatorHeapRatio: o.coordinatorHeapRatio ?? 0.9,
    coordinatorHeapFor: o.coordinatorHeapFor ?? Duration.minutes(10),
    kedaScalerErrorsFor: o.kedaScalerErrorsFor ?? Duration.minutes(5),
    spotInterruptions: o.spotInterruptions ?? 3,
    spotInterruptionWindow: o.spotInterruptionWindow ?? Duration.minutes(15),
  };
  wholeSeconds('alerts.queuedQueriesFor', a.queuedQueriesFor, 1);
  wholeSeconds('alerts.workersAtMaxFor', a.workersAtMaxFor, 1);
  wholeSeconds('alerts.coordinatorHeapFor', a.coordinatorHeapFor, 1);
  wholeSeconds('alerts.kedaScalerErrorsFor', a.kedaScalerErrorsFor, 1);
  wholeSeconds('alerts.spotInterruptionWindow', a.spotInterruptionWindow, 60);
  ratio('alerts.queryFailureRatio', a.queryFailureRatio);
  ratio('alerts.coordinatorHeapRatio', a.coordinatorHeapRatio);
  if (!Token.isUnresolved(a.spotInterruptions) && (!Number.isInteger(a.spotInterruptions) || a.spotInterruptions < 1)) {
    throw new Error(`\`alerts.spotInterruptions\` must be an integer ≥ 1, got: ${a.spotInterruptions}.`);
  }
  return a;
}

function ratio(prop: string, value: number) {
  if (Token.isUnresolved(value)) return;
  if (!Number.isFinite(value) || value <= 0 || value > 1) {
    throw new Error(`\`${prop}\` must be a share above 0 and at most 1 (0.1 is 10%), got: ${value}.`);
  }
}

/** A Duration of whole seconds, at least `min` seconds. */
function wholeSeconds(prop: string, d: Duration, min: number) {
  const ms = d.toMilliseconds();
  if (Token.isUnresolved(ms)) return;
  if (ms % 1000 !== 0 || ms / 1000 < min) {
    const least = min % 60 === 0 ? `${min / 60} minute${min === 60 ? '' : 's'}` : `${min} second${min === 1 ? '' : 's'}`;
    throw new Error(`\`${prop}\` must be a whole number of seconds, at least ${least}, got: ${d.toHumanString()}.`);
  }
}

function validateLabels(prop: string, labels: { [key: string]: string }) {
  for (const [key, value] of Object.entries(labels)) {
    if (Token.isUnresolved(key) || Token.isUnresolved(value)) continue;
    if (!K8S_LABEL_KEY.test(key) || !K8S_LABEL_VALUE.test(value)) {
      throw new Error(
        `Invalid label in \`${prop}\`: '${key}: ${value}'. Use a Kubernetes label: a key of letters, digits, '-', '_' ` +
          "and '.' (with an optional DNS prefix and '/') and a value of at most 63 such characters.",
      );
    }
  }
}
