// SPDX-License-Identifier: Apache-2.0
import { hasReference } from './quantities';
import { ChartSetting, RenderedTrinoChart } from '../../config/chart';

/** ALB Ingress annotations (AWS Load Balancer Controller). */
export const ALB = {
  scheme: 'alb.ingress.kubernetes.io/scheme',
  inboundCidrs: 'alb.ingress.kubernetes.io/inbound-cidrs',
  securityGroups: 'alb.ingress.kubernetes.io/security-groups',
  listenPorts: 'alb.ingress.kubernetes.io/listen-ports',
  certificateArn: 'alb.ingress.kubernetes.io/certificate-arn',
  sslRedirect: 'alb.ingress.kubernetes.io/ssl-redirect',
} as const;
/** Service annotations of a LoadBalancer Service (AWS Load Balancer Controller, Kubernetes). */
export const SERVICE_LB = {
  scheme: 'service.beta.kubernetes.io/aws-load-balancer-scheme',
  sourceRanges: 'service.beta.kubernetes.io/load-balancer-source-ranges',
} as const;
export const INTERNET_FACING = 'internet-facing';
/** Source CIDRs that admit every address. */
export const OPEN_CIDRS = ['0.0.0.0/0', '::/0'];
/** Service types that make the coordinator reachable from outside the cluster. */
export const EXPOSING_SERVICE_TYPES = ['LoadBalancer', 'NodePort'];

/**
 * The values keys through which the chart makes the coordinator reachable from outside the cluster: `ingress.enabled`
 * (its Ingress) and `service.type` (a LoadBalancer or NodePort Service). Empty when it is reachable only in the
 * cluster.
 */
export function exposures(chart: RenderedTrinoChart): string[] {
  const out: string[] = [];
  if (chart.ingress) out.push(chart.ingress.key);
  if (EXPOSING_SERVICE_TYPES.includes(chart.service.type.value)) out.push(chart.service.type.key);
  return out;
}

/**
 * The coordinator's `http-server.authentication.type` when it names an authenticator (not `insecure`, Trino's
 * default); `unknown` when it holds a reference.
 */
export function authentication(chart: RenderedTrinoChart): (ChartSetting<string> & { unknown: boolean }) | undefined {
  const p = chart.coordinator.configProperties['http-server.authentication.type'];
  if (!p) return undefined;
  if (hasReference(p.value)) return { ...p, unknown: true };
  const types = p.value.split(',').map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0);
  return types.length === 0 || types.every((t) => t === 'insecure') ? undefined : { ...p, unknown: false };
}

/** Whether a property of a role is `true` (case-insensitive). */
export function propertyTrue(chart: RenderedTrinoChart, role: 'coordinator' | 'worker', name: string): boolean {
  const v = chart[role].configProperties[name]?.value;
  return v !== undefined && ['true', 'accept'].includes(v.trim().toLowerCase());
}

/** The CIDRs of a comma-separated list, trimmed. */
export function cidrList(text: string | undefined): string[] {
  return (text ?? '').split(',').map((c) => c.trim()).filter((c) => c.length > 0);
}

/** Whether a source-CIDR list leaves a load balancer open to every address: empty, or listing 0.0.0.0/0 or ::/0. */
export function openToAll(cidrs: string[]): boolean {
  return cidrs.length === 0 || cidrs.some((c) => OPEN_CIDRS.includes(c));
}

/**
 * Whether the chart's Ingress terminates TLS for every client: an ALB (AWS Load Balancer Controller) with a
 * certificate whose listeners are all HTTPS, or redirect HTTP to HTTPS (`ssl-redirect`); listen-ports defaults to
 * HTTPS 443 when a certificate is set. An Ingress with `ingress.tls` entries (a TLS Secret for another controller) also
 * counts. Listen ports that are not a JSON list are not HTTPS.
 */
export function ingressTerminatesTls(chart: RenderedTrinoChart): boolean {
  const ingress = chart.ingress?.value;
  if (!ingress) return false;
  if (ingress.tls) return true;
  const a = ingress.annotations;
  if (!a[ALB.certificateArn] || a[ALB.certificateArn].trim() === '') return false;
  const ports = a[ALB.listenPorts];
  if (ports === undefined) return true;
  let listeners: unknown;
  try {
    listeners = JSON.parse(ports);
  } catch {
    return false;
  }
  if (!Array.isArray(listeners) || listeners.length === 0) return false;
  const protocols = listeners.flatMap((l) => (l && typeof l === 'object' ? Object.keys(l) : ['?']));
  const redirects = a[ALB.sslRedirect] !== undefined && a[ALB.sslRedirect].trim() !== '';
  return protocols.includes('HTTPS') && protocols.every((p) => p === 'HTTPS' || (p === 'HTTP' && redirects));
}

