// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import { renderSizingDoc, SIZING_DOC } from '../../scripts/gen-docs-sizing';

test('docs/sizing.md is generated from the code (run scripts/gen-docs-sizing.ts)', () => {
  expect(fs.readFileSync(SIZING_DOC, 'utf-8')).toBe(renderSizingDoc());
});
