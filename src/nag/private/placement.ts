// SPDX-License-Identifier: Apache-2.0
import { CfnResource } from 'aws-cdk-lib';
import { KubeObject, kubeObjects, nameOf, TrinoChartRef } from './kubernetes';
import { hasReference } from './quantities';
import { isHardTaint, SelectorRequirement, Taint, tolerates } from './selectors';
import { RenderedTrinoRole } from '../../config/chart';

export const CAPACITY_TYPE = 'karpenter.sh/capacity-type';
export const NODEPOOL_LABEL = 'karpenter.sh/nodepool';
export const ZONE = 'topology.kubernetes.io/zone';
/** The capacity type label EKS managed node groups put on their nodes (`ON_DEMAND`, `SPOT`). */
export const EKS_CAPACITY_TYPE = 'eks.amazonaws.com/capacityType';
export const CAPACITY_TYPES = ['on-demand', 'spot', 'reserved'];
export const SPOT = 'spot';

/** Labels Karpenter puts on every node it launches, whether or not the NodePool names them. */
const WELL_KNOWN = new Set([
  CAPACITY_TYPE,
  NODEPOOL_LABEL,
  ZONE,
  'topology.kubernetes.io/region',
  'topology.k8s.aws/zone-id',
  'node.kubernetes.io/instance-type',
  'kubernetes.io/arch',
  'kubernetes.io/os',
  'kubernetes.io/hostname',
]);

function isWellKnown(key: string): boolean {
  return WELL_KNOWN.has(key) || key.startsWith('karpenter.k8s.aws/');
}

/** A set of label values: a finite set, or any value. */
export type Values = Set<string> | 'any';

export function intersect(a: Values, b: Values): Values {
  if (a === 'any') return b;
  if (b === 'any') return a;
  return new Set([...a].filter((x) => b.has(x)));
}

function union(a: Values, b: Values): Values {
  if (a === 'any' || b === 'any') return 'any';
  return new Set([...a, ...b]);
}

/** The values a set of requirements allows for a key (`domain` turns NotIn into a finite set). */
function allowedBy(reqs: SelectorRequirement[], key: string, domain?: string[]): Values | 'none' {
  let out: Values = domain ? new Set(domain) : 'any';
  for (const r of reqs.filter((x) => x.key === key)) {
    const vals = (r.values ?? []).map(String);
    switch (r.operator) {
      case 'In':
        out = intersect(out, new Set(vals));
        break;
      case 'NotIn':
        if (out !== 'any') out = new Set([...out].filter((x) => !vals.includes(x)));
        break;
      case 'DoesNotExist':
        return 'none';
      default:
        break;
    }
  }
  return out;
}

/** A Karpenter NodePool applied by a manifest. */
export interface NodePoolView {
  readonly name: string;
  readonly source: KubeObject;
  /** labels of its nodes: template labels plus `karpenter.sh/nodepool` */
  readonly labels: { [key: string]: string };
  readonly requirements: SelectorRequirement[];
  readonly taints: Taint[];
}

/** The Karpenter NodePools in the stack of `node` on `cluster`. */
export function nodePools(node: CfnResource, cluster?: string): NodePoolView[] {
  return kubeObjects(node, 'NodePool', 'karpenter.sh', cluster).map(poolView);
}

export function poolView(source: KubeObject): NodePoolView {
  const spec = source.obj.spec?.template?.spec ?? {};
  const name = nameOf(source.obj);
  return {
    name,
    source,
    labels: { ...stringMap(source.obj.spec?.template?.metadata?.labels), [NODEPOOL_LABEL]: name },
    requirements: Array.isArray(spec.requirements) ? spec.requirements : [],
    taints: (Array.isArray(spec.taints) ? spec.taints : []).map((t: any) => ({
      key: String(t.key),
      value: t.value === undefined ? undefined : String(t.value),
      effect: String(t.effect),
    })),
  };
}

/** The values a NodePool's nodes can carry for a label key; 'absent' when its nodes never carry the label. */
export function poolValues(pool: NodePoolView, key: string): Values | 'absent' {
  if (key in pool.labels) return new Set([pool.labels[key]]);
  if (key === CAPACITY_TYPE) {
    // Karpenter launches On-Demand capacity when a NodePool does not name the capacity type.
    const hasReq = pool.requirements.some((r) => r.key === key);
    const v = allowedBy(pool.requirements, key, CAPACITY_TYPES);
    return !hasReq ? new Set(['on-demand']) : v === 'none' ? 'absent' : v;
  }
  if (pool.requirements.some((r) => r.key === key)) {
    const v = allowedBy(pool.requirements, key);
    return v === 'none' ? 'absent' : v;
  }
  return isWellKnown(key) ? 'any' : 'absent';
}

/** Where the pods of one Trino role may run, read from the chart values. */
export interface PodPlacement {
  readonly role: RenderedTrinoRole;
  readonly nodeSelector: { [key: string]: string };
  /** required node affinity terms (OR of ANDs); empty when none */
  readonly terms: SelectorRequirement[][];
  readonly tolerations: any[];
  /** whether the pods select nodes at all (nodeSelector or required node affinity) */
  readonly constrained: boolean;
}

export function podPlacement(role: RenderedTrinoRole): PodPlacement {
  const required = role.affinity.value?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const terms: SelectorRequirement[][] = (Array.isArray(required?.nodeSelectorTerms) ? required.nodeSelectorTerms : [])
    .map((t: any) => (Array.isArray(t?.matchExpressions) ? t.matchExpressions : []));
  const nodeSelector = role.nodeSelector.value;
  return {
    role,
    nodeSelector,
    terms,
    tolerations: Array.isArray(role.tolerations.value) ? role.tolerations.value : [],
    constrained: Object.keys(nodeSelector).length > 0 || terms.some((t) => t.length > 0),
  };
}

/** The values the pods accept for a node label key (`domain` turns NotIn into a finite set). */
export function podValues(pod: PodPlacement, key: string, domain?: string[]): Values {
  let out: Values = domain ? new Set(domain) : 'any';
  if (key in pod.nodeSelector) out = intersect(out, new Set([pod.nodeSelector[key]]));
  if (pod.terms.length > 0) {
    let anyTerm: Values = new Set();
    for (const term of pod.terms) {
      const v = allowedBy(term, key, domain);
      anyTerm = union(anyTerm, v === 'none' ? new Set() : v);
    }
    out = intersect(out, anyTerm);
  }
  return out;
}

/** The capacity types the pods accept, from Karpenter's and EKS managed node groups' labels. */
export function podCapacityTypes(pod: PodPlacement): Set<string> {
  const v = podValues(pod, CAPACITY_TYPE, CAPACITY_TYPES) as Set<string>;
  const eks = podValues(pod, EKS_CAPACITY_TYPE);
  if (eks === 'any') return v;
  const mapped = new Set([...eks].map((x) => (x === 'SPOT' ? SPOT : x === 'ON_DEMAND' ? 'on-demand' : x.toLowerCase())));
  return intersect(v, mapped) as Set<string>;
}

/** Whether a pool can launch a node these pods accept, ignoring taints. */
export function selectsPool(pod: PodPlacement, pool: NodePoolView): boolean {
  for (const [k, v] of Object.entries(pod.nodeSelector)) {
    const pv = poolValues(pool, k);
    if (pv === 'absent' || (pv !== 'any' && !pv.has(v))) return false;
  }
  if (pod.terms.length === 0) return true;
  return pod.terms.some((term) => term.every((e) => expressionSatisfiable(e, pool)));
}

function expressionSatisfiable(e: SelectorRequirement, pool: NodePoolView): boolean {
  const pv = poolValues(pool, e.key);
  const vals = (e.values ?? []).map(String);
  switch (e.operator) {
    case 'In':
      return pv !== 'absent' && (pv === 'any' || vals.some((v) => pv.has(v)));
    case 'NotIn':
      return pv === 'absent' || pv === 'any' || [...pv].some((v) => !vals.includes(v));
    case 'Exists':
      return pv !== 'absent';
    case 'DoesNotExist':
      return pv === 'absent';
    default:
      return true;
  }
}

/** The hard taints of a pool the pods do not tolerate. */
export function untoleratedTaints(pod: PodPlacement, pool: NodePoolView): Taint[] {
  return pool.taints.filter((t) => isHardTaint(t) && !tolerates(pod.tolerations, t));
}

/** Pools the pods can run on: the pool can launch a node they select, and they tolerate its taints. */
export function candidatePools(pod: PodPlacement, pools: NodePoolView[]): NodePoolView[] {
  return pools.filter((p) => selectsPool(pod, p) && untoleratedTaints(pod, p).length === 0);
}

/**
 * Pools the pods target on purpose: their nodeSelector or required affinity names a label only this pool's nodes
 * carry (a template label, the pool name, or a custom requirement key), not just well-known labels every pool has.
 */
export function targetedPools(pod: PodPlacement, pools: NodePoolView[]): NodePoolView[] {
  const keys = [...Object.keys(pod.nodeSelector), ...pod.terms.flat().map((e) => e.key)];
  return pools.filter((p) => selectsPool(pod, p) && keys.some((k) => k in p.labels || (!isWellKnown(k) && poolValues(p, k) !== 'absent')));
}

/** The pools and placement of both roles of a Trino release. */
export function releasePlacement(ref: TrinoChartRef) {
  const pools = nodePools(ref.node, ref.cluster);
  const coordinator = podPlacement(ref.chart.coordinator);
  const worker = podPlacement(ref.chart.worker);
  const poolsUnresolved = pools.some((p) => hasReference([p.labels, p.requirements, p.taints]));
  return {
    pools,
    coordinator,
    worker,
    /**
     * Roles whose placement the rules cannot judge: their node selection or tolerations, or a NodePool of the
     * cluster, hold a reference known only at deploy time (a zone from a parameter).
     */
    unresolved: {
      coordinator: poolsUnresolved || placementUnresolved(coordinator),
      worker: poolsUnresolved || placementUnresolved(worker),
    },
  };
}

function placementUnresolved(pod: PodPlacement): boolean {
  return hasReference([pod.nodeSelector, pod.terms, pod.tolerations]);
}

/** The values key to name in a finding about a role's node selection. */
export function placementKey(pod: PodPlacement, key: string): string {
  return key in pod.nodeSelector || pod.terms.length === 0 ? pod.role.nodeSelector.key : pod.role.affinity.key;
}

function stringMap(v: unknown): { [key: string]: string } {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
}
