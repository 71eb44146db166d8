// SPDX-License-Identifier: Apache-2.0

/**
 * Kubernetes NetworkPolicies that let only what needs Trino reach its pods. Enforced only when the cluster enforces
 * network policies: on EKS, the VPC CNI add-on with `enableNetworkPolicy: "true"` (VPC CNI 1.14 or later).
 *
 * - The coordinator accepts Trino's own pods; on port 8080 the load balancer (the VPC's CIDR, when there is an
 *   endpoint), KEDA's operator namespace (when a TrinoKedaScaler reads `/metrics`) and `clientNamespaces`; on the JMX
 *   exporter port, `prometheusNamespace` (when Prometheus scrapes).
 * - Workers accept only the release's coordinator and workers, and Prometheus on the JMX exporter port when it scrapes
 *   workers: no other pod can call a worker's HTTP API, including its graceful shutdown.
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
   * @default - when the cluster has an `endpoint`: the public subnets' CIDRs for an internet-facing one, else the VPC's
   * CIDR block (an internal load balancer shares the private subnets with the pods)
   */
  readonly loadBalancerCidrs?: string[];
}
