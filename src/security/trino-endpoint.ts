// SPDX-License-Identifier: Apache-2.0
import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { IConstruct } from 'constructs';

/**
 * An HTTPS endpoint for clients outside the cluster: an Application Load Balancer that the AWS Load Balancer
 * Controller creates from the chart's Ingress, terminating TLS with an ACM certificate and forwarding to the
 * coordinator pod's port 8080 (target type `ip`). The coordinator trusts the load balancer's `X-Forwarded-*` headers
 * (`http-server.process-forwarded=true`), so it knows the client's hop was HTTPS: its authenticators run, OAuth 2.0
 * redirects use the external `https://` URL, and plain-HTTP requests from inside the cluster that claim no HTTPS get
 * no user (403) except the management user on management endpoints.
 */
export interface TrinoEndpointOptions {
  /** The DNS name clients use (`https://<domainName>`); the certificate must cover it. */
  readonly domainName: string;

  /** The ACM certificate of `domainName`, in the cluster's region. */
  readonly certificate: acm.ICertificate;

  /**
   * Whether the load balancer is internet-facing. Internal load balancers are reachable only from the VPC and the
   * networks connected to it.
   *
   * @default false
   */
  readonly internetFacing?: boolean;

  /**
   * The client networks (IPv4 CIDRs) allowed to reach the load balancer (`alb.ingress.kubernetes.io/inbound-cidrs`).
   * Required when `internetFacing` is true: an internet-facing Trino endpoint open to 0.0.0.0/0 is refused.
   *
   * @default - internal: the load balancer controller's default, every source (reachable only inside the VPC)
   */
  readonly sourceCidrs?: string[];

  /**
   * A Route 53 hosted zone in which to create `domainName` as a CNAME of the load balancer's DNS name (read from the
   * Ingress status at deploy time).
   *
   * @default - no DNS record: point `domainName` at the load balancer yourself (stack output `EndpointLoadBalancer`)
   */
  readonly hostedZone?: route53.IHostedZone;

  /**
   * The TLS policy of the HTTPS listener.
   *
   * @default 'ELBSecurityPolicy-TLS13-1-2-2021-06' (TLS 1.3 and 1.2 only)
   */
  readonly sslPolicy?: string;

  /**
   * How long the load balancer keeps an idle client connection open.
   *
   * @default Duration.minutes(5)
   */
  readonly idleTimeout?: Duration;

  /**
   * What installs the AWS Load Balancer Controller (its Helm chart or add-on), so the Ingress is created after the
   * controller's webhook is ready. On an `eks.Cluster` created with `albController`, that controller is used
   * automatically.
   *
   * @default - the cluster's `albController`, if any
   */
  readonly loadBalancerController?: IConstruct;
}
