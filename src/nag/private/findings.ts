// SPDX-License-Identifier: Apache-2.0
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';

/**
 * One granular finding: `<Kind>::<detail>`, for example `Value::worker.affinity` or `NodePool::trino-workers`.
 * The detail never contains `::`, so the finding id holds exactly one `::`: aws-cdk-lib 2.261 accepts such ids in
 * `Validations.of(x).acknowledge()` (it rejects ids with two or more).
 */
export function finding(kind: string, detail: string): string {
  return `${kind}::${detail.replace(/::/g, ':')}`;
}

/** The rule result for a list of findings: COMPLIANT when empty, else the de-duplicated findings in order. */
export function result(findings: string[]): NagRuleResult {
  const unique = [...new Set(findings)];
  return unique.length === 0 ? NagRuleCompliance.COMPLIANT : unique;
}

/** What TrinoChecks and docs/rules.md know about a rule. */
export interface TrinoRuleMetadata {
  /** rule id suffix: the id is `Trino-<suffix>` */
  readonly suffix: string;
  readonly level: NagMessageLevel;
  /** the finding's description: what is wrong */
  readonly info: string;
  /** docs: what the rule checks and where it looks */
  readonly checks: string;
  /** docs: why, with the seed's best practice */
  readonly why: string;
  /** docs and verbose findings: what to change */
  readonly fix: string;
  /** docs: the granular finding ids the rule reports */
  readonly findings: string;
}
