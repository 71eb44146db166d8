// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import { renderRulesDoc, RULES_DOC } from '../../scripts/gen-docs-rules';
import { TRINO_RULES } from '../../src/nag/rules';

test('docs/rules.md is generated from the rule metadata (run scripts/gen-docs-rules.ts)', () => {
  expect(fs.readFileSync(RULES_DOC, 'utf-8')).toBe(renderRulesDoc());
});

test('docs/rules.md documents every rule id', () => {
  const doc = fs.readFileSync(RULES_DOC, 'utf-8');
  for (const r of TRINO_RULES) expect(doc).toContain(`#### Trino-${r.metadata.suffix}\n`);
});
