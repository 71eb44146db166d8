// SPDX-License-Identifier: Apache-2.0
import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { chartNames, TRINO_CHART } from '../config/chart';
import type { TrinoCluster } from '../trino-cluster';
import { Signal, SIGNALS } from './private/signals';

/**
 * Options of `ScalerMetrics.coordinatorMetricsApi`.
 */
export interface CoordinatorMetricsApiOptions {
  /**
   * The Trino user KEDA reads the coordinator's `/metrics` endpoint as (the `X-Trino-User` header). Not a secret: on a
   * cluster without authentication Trino takes the header as the user name. With access control on, that user needs
   * permission to read system information.
   *
   * @default 'keda'
   */
  readonly user?: string;
}

/**
 * Options of `ScalerMetrics.prometheus`.
 */
export interface PrometheusScalerMetricsOptions {
  /**
   * Base URL of the Prometheus server KEDA queries, `http(s)://host[:port]`. For kube-prometheus-stack that is its
   * Prometheus Service, for example `http://prometheus-operated.monitoring.svc:9090` (the operator's governing Service,
   * whatever the release is called) or `http://<release>-kube-prometheus-prometheus.<namespace>.svc:9090`.
   */
  readonly serverAddress: string;

  /**
   * Labels of the chart's ServiceMonitor, so that your Prometheus selects it (its `serviceMonitorSelector`).
   * kube-prometheus-stack selects `release: <its release name>` unless `serviceMonitorSelectorNilUsesHelmValues` is
   * false.
   *
   * @default { prometheus: 'kube-prometheus' } (the chart's default)
   */
  readonly serviceMonitorLabels?: { [key: string]: string };

  /**
   * How often Prometheus scrapes the coordinator's JMX exporter (the ServiceMonitor `interval`).
   *
   * @default Duration.seconds(15)
   */
  readonly scrapeInterval?: Duration;

  /**
   * Also run the JMX exporter sidecar and a ServiceMonitor on the workers, for dashboards. Autoscaling only reads the
   * coordinator.
   *
   * @default false
   */
  readonly scrapeWorkers?: boolean;

  /**
   * The construct that installs the Prometheus operator (for example the kube-prometheus-stack Helm chart). The Trino
   * chart renders ServiceMonitors, whose CRD must exist first, so it is made to depend on this.
   *
   * @default - no dependency: the ServiceMonitor CRD must already be installed
   */
  readonly dependency?: IConstruct;

  /**
   * Image of the JMX exporter sidecar, pinned to a version tag or a digest (`latest` or no tag is refused: every pod
   * start could pull another exporter). It must be published for the architecture of the Trino nodes; the pools are
   * Graviton (arm64) by default.
   *
   * @default ScalerMetrics.DEFAULT_JMX_EXPORTER_IMAGE (`bitnamilegacy/jmx-exporter:1.4.0`, the chart's pin; a
   * multi-architecture image for linux/amd64 and linux/arm64)
   */
  readonly jmxExporterImage?: string;
}

/**
 * What a ScalerMetrics source contributes to the ScaledObject.
 * @internal
 */
export interface ScalerMetricsBinding {
  /** one KEDA trigger (without the common fields) for a signal and its per-worker target */
  readonly trigger: (signal: Signal, target: number) => { [key: string]: any };
  /** constructs the Trino chart must wait for */
  readonly dependencies: IConstruct[];
  /** turns on in the Trino configuration model what the source reads (once the scaler is accepted) */
  readonly configure: () => void;
  /** the user KEDA reads the coordinator's `/metrics` endpoint as, over plain HTTP, when it reads it directly */
  readonly managementUser?: string;
}

/**
 * Where KEDA reads the coordinator's load from.
 */
export abstract class ScalerMetrics {
  /** The JMX exporter image the chart 1.42.2 pins (`jmx.exporter.image`). */
  public static readonly DEFAULT_JMX_EXPORTER_IMAGE = 'bitnamilegacy/jmx-exporter:1.4.0';

  /**
   * KEDA's `metrics-api` trigger reads the coordinator's own OpenMetrics endpoint,
   * `http://<fullname>.<namespace>.svc.cluster.local:8080/metrics`, sending `X-Trino-User` (trigger metadata, no
   * TriggerAuthentication: needs KEDA 2.18 or later). Needs nothing else installed: no Prometheus, no exporter
   * sidecar, no ServiceMonitor CRD, and no scrape delay. Each trigger asks only for its own metric (`name[]` filter).
   */
  public static coordinatorMetricsApi(options: CoordinatorMetricsApiOptions = {}): ScalerMetrics {
    const user = options.user ?? 'keda';
    if (!Token.isUnresolved(user) && !/^[A-Za-z0-9][A-Za-z0-9._@-]*$/.test(user)) {
      throw new Error(
        `Invalid \`user\` '${user}': use letters, digits, '.', '_', '@' or '-', starting with a letter or digit ` +
          '(it is sent as the X-Trino-User header).',
      );
    }
    return new CoordinatorMetricsApi(user);
  }

  /**
   * KEDA's `prometheus` trigger queries a Prometheus server that scrapes the coordinator the way the chart does it:
   * the JMX exporter sidecar (port `jmx-exporter`, 5556) and a ServiceMonitor. The queries select the series by the
   * labels that ServiceMonitor gives them, derived from the release: `namespace="<namespace>"` and
   * `service="<fullname>"` (the coordinator Service).
   */
  public static prometheus(options: PrometheusScalerMetricsOptions): ScalerMetrics {
    const address = options.serverAddress;
    if (!Token.isUnresolved(address) && !isHttpUrl(address)) {
      throw new Error(
        `Invalid \`serverAddress\` '${address}': use an http:// or https:// URL of the Prometheus server, for example ` +
          "'http://prometheus-operated.monitoring.svc:9090'.",
      );
    }
    const interval = options.scrapeInterval ?? Duration.seconds(15);
    if (!Token.isUnresolved(interval.toMilliseconds()) && (interval.toMilliseconds() % 1000 !== 0 || interval.toSeconds() < 1)) {
      throw new Error(`\`scrapeInterval\` must be a whole number of seconds, at least 1, got: ${interval.toHumanString()}.`);
    }
    const image = options.jmxExporterImage ?? ScalerMetrics.DEFAULT_JMX_EXPORTER_IMAGE;
    if (!Token.isUnresolved(image) && !isPinnedImage(image)) {
      throw new Error(
        `Invalid \`jmxExporterImage\` '${image}': pin the image to a version tag or a digest, for example ` +
          `'${ScalerMetrics.DEFAULT_JMX_EXPORTER_IMAGE}' or 'registry/jmx-exporter@sha256:<64 hex digits>' (not 'latest').`,
      );
    }
    return new PrometheusMetrics(address.replace(/\/+$/, ''), options);
  }

  /** Short name of the source, for messages and docs (`metrics-api` or `prometheus`). */
  public abstract readonly triggerType: string;

  /**
   * Binds the source to a Trino cluster: returns the trigger builder, and what to turn on in the model.
   * @internal
   */
  public abstract _bind(trino: TrinoCluster): ScalerMetricsBinding;
}

class CoordinatorMetricsApi extends ScalerMetrics {
  public readonly triggerType = 'metrics-api';

  constructor(private readonly user: string) {
    super();
  }

  public _bind(trino: TrinoCluster): ScalerMetricsBinding {
    const base = `http://${chartNames(trino.releaseName).fullname}.${trino.namespace}.svc.cluster.local:${TRINO_CHART.httpPort}/metrics`;
    return {
      dependencies: [],
      managementUser: this.user,
      configure: () => {},
      trigger: (signal, target) => ({
        type: 'metrics-api',
        metadata: {
          // name[] is airlift's OpenMetrics filter: the response holds one metric, not every MBean of the coordinator
          url: `${base}?name%5B%5D=${signal.openMetricsMetric}`,
          format: 'prometheus',
          valueLocation: signal.openMetricsMetric,
          targetValue: String(target),
          activationTargetValue: '0',
          authMode: 'apiKey',
          method: 'header',
          keyParamName: 'X-Trino-User',
          apiKey: this.user,
        },
      }),
    };
  }
}

class PrometheusMetrics extends ScalerMetrics {
  public readonly triggerType = 'prometheus';

  constructor(
    private readonly serverAddress: string,
    private readonly options: PrometheusScalerMetricsOptions,
  ) {
    super();
  }

  public _bind(trino: TrinoCluster): ScalerMetricsBinding {
    const selector = prometheusSelector(trino);
    return {
      dependencies: this.options.dependency ? [this.options.dependency] : [],
      configure: () =>
        trino._config.addPrometheusScrape(
          {
            serviceMonitorLabels: this.options.serviceMonitorLabels ?? { prometheus: 'kube-prometheus' },
            scrapeInterval: this.options.scrapeInterval,
            objectNames: [...new Set(SIGNALS.map((s) => s.objectName))],
            scrapeWorkers: this.options.scrapeWorkers ?? false,
            exporterImage: this.options.jmxExporterImage,
          },
          'ScalerMetrics.prometheus',
          ScalerMetrics.DEFAULT_JMX_EXPORTER_IMAGE,
        ),
      trigger: (signal, target) => ({
        type: 'prometheus',
        metadata: {
          serverAddress: this.serverAddress,
          // one coordinator, one series; max() keeps it one number while a replaced coordinator's series goes stale
          query: `max(${signal.exporterMetric}{${selector}})`,
          threshold: String(target),
          activationThreshold: '0',
          // no series means the scrape is broken, not that the cluster is idle: report an error instead of 0
          ignoreNullValues: 'false',
        },
      }),
    };
  }
}

/**
 * The label matchers of the series the chart's coordinator ServiceMonitor produces for a release: Prometheus Operator
 * labels them with the scraped Service (`service`, the coordinator Service `<fullname>`) and its namespace.
 */
function prometheusSelector(trino: TrinoCluster): string {
  return `namespace="${trino.namespace}",service="${chartNames(trino.releaseName).fullname}"`;
}

/** `repository:tag` with a tag other than `latest`, or `repository@sha256:<digest>`. */
function isPinnedImage(image: string): boolean {
  const digest = /^[^\s@]+@sha256:[0-9a-f]{64}$/;
  const tagged = /^(?:[^\s/]+\/)*[^\s/:@]+:([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$/.exec(image);
  return digest.test(image) || (!!tagged && tagged[1] !== 'latest');
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && u.search === '' && u.hash === '';
  } catch {
    return false;
  }
}
