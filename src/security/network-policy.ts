// SPDX-License-Identifier: Apache-2.0

/**
 * Kubernetes NetworkPolicies that let only what needs Trino reach its pods. Enforced only when the cluster enforces
 * network policies: on EKS, the VPC CNI add-on with `enableNetworkPolicy: "true"` (VPC CNI 1.14 or later).
 *
 * - The coordinator accepts Trino's own pods; on port 8080 the load balancer (the VPC's CIDR, when there is an
 *   endpoint), KEDA's operator namespace (when a TrinoKedaScaler reads `/metrics`) and `clientNamespaces`; on the JMX
 *   exporter port, `prometheusNamespace` (when Prometheus scrapes).
 * - Workers accept only Trino's own pods (the coordinator and the other workers), and Prometheus on the JMX exporter
 *   port when it scrapes workers: nothing outside the release can call a worker's HTTP API, including its graceful
 *   shutdown.
 */
export interface TrinoNetworkPolicyOptions {
  /**
   * Whether to create the NetworkPolicies.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Namespaces whose pods may open connections to the coordinator's port 8080 as clients (notebooks, BI tools, jobs).
   *
   * @default - none
   */
  readonly clientNamespaces?: string[];

  /**
   * The namespace KEDA's operator runs in.
   *
   * @default 'keda'
   */
  readonly kedaNamespace?: string;

  /**
   * The namespace Prometheus runs in.
   *
   * @default 'monitoring'
   */
  readonly prometheusNamespace?: string;

  /**
   * The source CIDRs of the load balancer's traffic to the coordinator (its nodes are in the VPC's subnets).
   *
   * @default - the VPC's CIDR block, when the cluster has an `endpoint`
   */
  readonly loadBalancerCidrs?: string[];
}
