// SPDX-License-Identifier: Apache-2.0
import { Stage, Validations } from 'aws-cdk-lib';
import { NagPack } from 'cdk-nag';
import { IConstruct } from 'constructs';

/** The context key that turns failed validations into a report only (aws-cdk-lib `FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT`). */
export const FAIL_SYNTH_CONTEXT = '@aws-cdk/core:failSynthOnValidationErrors';

const PACKS = Symbol.for('cdk-trino-eks.TrinoChecks.failSynthOnFindings');

/** One unacknowledged finding of a pack. */
export interface Finding {
  readonly pack: string;
  readonly id: string;
  readonly severity?: string;
  readonly path: string;
  readonly description: string;
}

/**
 * Runs the packs on `scope` when it is validated (`node.addValidation`, part of every `synth()` before any template
 * is written) and returns one error per unacknowledged finding, so that `app.synth()` throws. A construct validation
 * error is an exception in the jsii kernel, which every jsii language re-raises (a `RuntimeError` in Python, a
 * `RuntimeException` in Java), whereas aws-cdk-lib 2.261 reports a failed validation plugin only through the Node process's exit
 * code, which the kernel of a Python or Java app does not pass on (aws-cdk-lib `core/lib/private/synthesis.ts`,
 * `invokeValidationPlugins`: `process.exitCode = 1`).
 */
export function failSynthOnFindings(scope: IConstruct, packs: NagPack[]): void {
  if (packs.length === 0) {
    throw new Error('TrinoChecks.failSynthOnFindings: `packs` is empty; pass the cdk-nag packs to enforce, e.g. [new AwsSolutionsChecks(), new TrinoChecks()].');
  }
  packs.forEach((pack, i) => {
    if (typeof (pack as any)?.validateScope !== 'function') {
      throw new Error(`TrinoChecks.failSynthOnFindings: packs[${i}] is not a cdk-nag 3 NagPack (it has no validateScope), got: ${String(pack)}`);
    }
  });
  const holder = scope as unknown as { [PACKS]?: NagPack[] };
  if (holder[PACKS]) {
    for (const pack of packs) if (!holder[PACKS].includes(pack)) holder[PACKS].push(pack);
    return;
  }
  const registered: NagPack[] = [...new Set(packs)];
  holder[PACKS] = registered;
  scope.node.addValidation({
    validate: () => {
      const context = scope.node.tryGetContext(FAIL_SYNTH_CONTEXT);
      if (context === false || context === 'false') return [];
      const findings = unacknowledgedFindings(scope, registered);
      if (findings.length === 0) return [];
      const names = [...new Set(findings.map((f) => f.pack))].join(', ');
      return [
        `${findings.length} unacknowledged cdk-nag finding(s) of ${names} (TrinoChecks.failSynthOnFindings). Fix each, ` +
          'or acknowledge it by its exact id with a reason: TrinoChecks.acknowledgeRule(construct, id, reason).',
        ...findings.map((f) => `${f.id}${f.severity ? ` (${f.severity})` : ''} on ${f.path}: ${f.description}`),
      ];
    },
  });
}

/**
 * The findings of each pack on `scope` that are not acknowledged: cdk-nag honours acknowledgments by bare id on the
 * construct or above it; aws-cdk-lib also honours `<plugin name>::<rule>` anywhere in the app
 * (`core/lib/private/synthesis.ts`, `collectSuppressions`), and so does this.
 */
export function unacknowledgedFindings(scope: IConstruct, packs: NagPack[]): Finding[] {
  const root = Stage.isStage(scope) ? scope : Stage.of(scope) ?? scope.node.root;
  const prefixed = new Set<string>();
  for (const c of root.node.findAll()) {
    for (const m of c.node.metadata) {
      if (m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && m.data) {
        for (const id of Object.keys(m.data)) prefixed.add(id);
      }
    }
  }
  const out: Finding[] = [];
  for (const pack of packs) {
    const plugin = pack.name.replace(/ /g, '-');
    for (const v of pack.validateScope(scope).violations) {
      if (prefixed.has(`${plugin}::${v.ruleName.replace(/ /g, '-')}`)) continue;
      for (const r of v.violatingResources) {
        out.push({
          pack: pack.name,
          id: v.ruleName,
          severity: v.severity,
          path: r.constructPath ?? r.resourceLogicalId ?? '?',
          description: v.description,
        });
      }
    }
  }
  return out;
}
