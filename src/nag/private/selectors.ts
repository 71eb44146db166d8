// SPDX-License-Identifier: Apache-2.0

/** A Kubernetes label selector requirement (`matchExpressions` item, `nodeSelectorTerms` expression). */
export interface SelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: string[];
}

/** Whether a label selector (`matchLabels` + `matchExpressions`) selects an object with these labels. */
export function selectorMatches(selector: any, labels: { [key: string]: string }): boolean {
  if (!selector || typeof selector !== 'object') return false;
  const matchLabels: { [key: string]: unknown } = selector.matchLabels ?? {};
  const expressions: SelectorRequirement[] = selector.matchExpressions ?? [];
  if (Object.keys(matchLabels).length === 0 && expressions.length === 0) return true; // {} selects everything
  for (const [k, v] of Object.entries(matchLabels)) {
    if (labels[k] !== String(v)) return false;
  }
  return expressions.every((e) => requirementMatches(e, labels));
}

function requirementMatches(e: SelectorRequirement, labels: { [key: string]: string }): boolean {
  const has = e.key in labels;
  const values = (e.values ?? []).map(String);
  switch (e.operator) {
    case 'In':
      return has && values.includes(labels[e.key]);
    case 'NotIn':
      return !has || !values.includes(labels[e.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

/** A node taint. */
export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: string;
}

/** Whether a pod with these tolerations tolerates a taint. */
export function tolerates(tolerations: any[], taint: Taint): boolean {
  return (tolerations ?? []).some((t: any) => {
    if (!t || typeof t !== 'object') return false;
    if (t.effect && t.effect !== taint.effect) return false;
    const operator = t.operator ?? 'Equal';
    if (operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && String(t.value ?? '') === String(taint.value ?? '');
  });
}

/** Taints that keep pods off a node (`PreferNoSchedule` does not). */
export function isHardTaint(taint: Taint): boolean {
  return taint.effect === 'NoSchedule' || taint.effect === 'NoExecute';
}
