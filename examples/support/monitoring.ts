// SPDX-License-Identifier: Apache-2.0
/**
 * Monitoring for the blueprint of examples/trino-on-eks.ts: the kube-prometheus-stack Helm chart (Prometheus
 * Operator, Prometheus, Alertmanager, Grafana, kube-state-metrics, node-exporter) as an eks-blueprints add-on, and an
 * add-on that puts TrinoMonitoring on the TrinoAddOn's cluster once both are scheduled.
 *
 * @aws-quickstart/eks-blueprints 1.19.0 ships no kube-prometheus-stack add-on (its `addons/` has kube-state-metrics,
 * prometheus-node-exporter, the AMP/ADOT and Grafana-operator add-ons, not the stack), so this is a `HelmAddOn`, the
 * way eks-blueprints documents custom Helm add-ons.
 */
import * as blueprints from '@aws-quickstart/eks-blueprints';
import { Duration, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { TrinoCluster, TrinoMonitoring } from '../../src';

/** Release, namespace and pinned version of kube-prometheus-stack (prometheus-community/helm-charts, tag kube-prometheus-stack-88.5.3). */
export const KUBE_PROMETHEUS_STACK = {
  chart: 'kube-prometheus-stack',
  repository: 'https://prometheus-community.github.io/helm-charts',
  version: '88.5.3',
  release: 'kube-prometheus-stack',
  namespace: 'kube-prometheus-stack',
} as const;

/**
 * The label kube-prometheus-stack selects ServiceMonitors and PrometheusRules by: `release: <release>`
 * (`prometheus.prometheusSpec.serviceMonitorSelectorNilUsesHelmValues` and `ruleSelectorNilUsesHelmValues` are true
 * by default; templates/prometheus/prometheus.yaml).
 */
export const PROMETHEUS_SELECTOR_LABELS = { release: KUBE_PROMETHEUS_STACK.release };

/**
 * kube-prometheus-stack as an eks-blueprints add-on. Its Grafana loads every ConfigMap labelled
 * `grafana_dashboard: "1"` from every namespace (values `grafana.sidecar.dashboards`), which is how the Trino
 * dashboard arrives.
 */
export class KubePrometheusStackAddOn extends blueprints.HelmAddOn {
  /**
   * @param scrapedAddOns ids of the add-ons whose charts render their own ServiceMonitor: their charts are made to
   * wait for this one, whose CRDs the ServiceMonitor needs (the Karpenter chart even skips it silently without the
   * CRD: it checks `.Capabilities.APIVersions.Has "monitoring.coreos.com/v1"`).
   */
  constructor(private readonly scrapedAddOns: string[] = []) {
    super({
      name: KUBE_PROMETHEUS_STACK.chart,
      chart: KUBE_PROMETHEUS_STACK.chart,
      repository: KUBE_PROMETHEUS_STACK.repository,
      version: KUBE_PROMETHEUS_STACK.version,
      release: KUBE_PROMETHEUS_STACK.release,
      namespace: KUBE_PROMETHEUS_STACK.namespace,
      values: {
        // EKS runs the control plane: its etcd, scheduler and controller manager cannot be scraped, and kube-proxy
        // listens on localhost only; their default ServiceMonitors would only raise TargetDown alerts.
        kubeEtcd: { enabled: false },
        kubeScheduler: { enabled: false },
        kubeControllerManager: { enabled: false },
        kubeProxy: { enabled: false },
      },
    });
  }

  public deploy(clusterInfo: blueprints.ClusterInfo): Promise<Construct> {
    // the CRDs and the operator's admission webhook jobs take a while on the first install
    return Promise.resolve(this.addHelmChart(clusterInfo, this.props.values, true, true, Duration.minutes(15)));
  }

  /** Called by eks-blueprints once every add-on is provisioned. */
  public postDeploy(clusterInfo: blueprints.ClusterInfo): void {
    const chart = clusterInfo.getProvisionedAddOn('KubePrometheusStackAddOn')!;
    for (const id of this.scrapedAddOns) {
      const dependent = clusterInfo.getProvisionedAddOn(id);
      if (!dependent) throw new Error(`KubePrometheusStackAddOn: no add-on ${id} in the blueprint`);
      dependent.node.addDependency(chart);
    }
  }
}

/**
 * Turns on TrinoMonitoring for the cluster TrinoAddOn builds, once TrinoAddOn and KubePrometheusStackAddOn are
 * scheduled: scraping of the coordinator and the workers, the Grafana dashboard and the alerts.
 */
export class TrinoMonitoringAddOn {
  public readonly id = 'TrinoMonitoringAddOn';

  public deploy(clusterInfo: blueprints.ClusterInfo): Promise<Construct> {
    const need = (name: string) => {
      const p = clusterInfo.getScheduledAddOn(name);
      if (!p) throw new Error(`TrinoMonitoringAddOn needs ${name} earlier in .addOns(...)`);
      return p;
    };
    return Promise.all([need('TrinoAddOn'), need('KubePrometheusStackAddOn')]).then(([trinoChart, prometheus]) => {
      // TrinoAddOn's deploy resolves to the Trino chart, a child of the TrinoCluster
      const trino = trinoChart.node.scope as TrinoCluster;
      const scope = new Construct(Stack.of(clusterInfo.cluster), this.id);
      return new TrinoMonitoring(scope, 'Monitoring', {
        trino,
        prometheusOperator: prometheus,
        selectorLabels: PROMETHEUS_SELECTOR_LABELS,
      });
    });
  }
}
