// SPDX-License-Identifier: Apache-2.0
import { ChartNames, TRINO_CHART } from '../../config/chart';
import { TrinoRole } from '../../config/placement';

/**
 * Who, besides Trino's own pods, reaches the coordinator and the workers.
 * @internal
 */
export interface NetworkPolicyInput {
  readonly names: ChartNames;
  readonly releaseName: string;
  readonly namespace: string;
  /** CIDRs of the load balancer (port 8080 of the coordinator) */
  readonly loadBalancerCidrs: string[];
  /** namespaces that reach the coordinator's port 8080 (KEDA, clients) */
  readonly coordinatorHttpNamespaces: string[];
  /** namespace of Prometheus, when it scrapes the JMX exporter */
  readonly prometheusNamespace?: string;
  readonly scrapeWorkers: boolean;
}

/** Labels of every pod of the release (both roles), and of the smoke test pod. @internal */
export function releasePodLabels(names: ChartNames): { [key: string]: string } {
  const labels = { ...names.podLabels(TrinoRole.COORDINATOR) } as { [key: string]: string };
  delete labels['app.kubernetes.io/component'];
  return labels;
}

/**
 * One NetworkPolicy per role (networking.k8s.io/v1, Ingress only). The chart's own `networkPolicy` applies one rule set
 * to both roles, so a port open to the load balancer or KEDA on the coordinator would open the workers too.
 * @internal
 */
export function networkPolicies(input: NetworkPolicyInput): any[] {
  const ownPods = {
    podSelector: { matchLabels: releasePodLabels(input.names) },
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': input.namespace } },
  };
  const http = [{ protocol: 'TCP', port: TRINO_CHART.httpPort }];
  const exporter = [{ protocol: 'TCP', port: TRINO_CHART.jmxExporterPort }];
  const ns = (name: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });

  const coordinatorIngress: any[] = [{ from: [ownPods] }];
  const httpFrom = [
    ...input.loadBalancerCidrs.map((cidr) => ({ ipBlock: { cidr } })),
    ...input.coordinatorHttpNamespaces.map(ns),
  ];
  if (httpFrom.length > 0) coordinatorIngress.push({ from: httpFrom, ports: http });
  // Workers: only the release's coordinator and workers (the exchange between workers, the coordinator's tasks), not
  // the other pods of the release (the smoke test), which the coordinator admits as clients.
  const trinoPods = {
    podSelector: {
      matchLabels: releasePodLabels(input.names),
      matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: [TrinoRole.COORDINATOR, TrinoRole.WORKER] }],
    },
    namespaceSelector: ownPods.namespaceSelector,
  };
  const workerIngress: any[] = [{ from: [trinoPods] }];
  if (input.prometheusNamespace) {
    coordinatorIngress.push({ from: [ns(input.prometheusNamespace)], ports: exporter });
    if (input.scrapeWorkers) workerIngress.push({ from: [ns(input.prometheusNamespace)], ports: exporter });
  }
  const policy = (role: TrinoRole, ingress: any[]) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: role === TrinoRole.COORDINATOR ? input.names.coordinator : input.names.worker,
      namespace: input.namespace,
      labels: { 'app.kubernetes.io/part-of': 'trino', 'app.kubernetes.io/instance': input.releaseName },
    },
    spec: {
      podSelector: { matchLabels: input.names.podLabels(role) },
      policyTypes: ['Ingress'],
      ingress,
    },
  });
  return [policy(TrinoRole.COORDINATOR, coordinatorIngress), policy(TrinoRole.WORKER, workerIngress)];
}
