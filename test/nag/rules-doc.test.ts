// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as path from 'path';
import { TRINO_RULES } from '../../src/nag/rules';

// docs/rules.md is kept up to date by test/docs/docs.test.ts; this checks what the page must hold.
const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'rules.md'), 'utf-8');

test('docs/rules.md documents every rule id', () => {
  for (const r of TRINO_RULES) expect(doc).toContain(`#### Trino-${r.metadata.suffix}\n`);
});
