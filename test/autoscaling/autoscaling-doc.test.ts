// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as path from 'path';

// docs/autoscaling.md is kept up to date by test/docs/docs.test.ts; this checks what the page must hold.
const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'autoscaling.md'), 'utf-8');

test('the worked example (12 queued, 30 running) is the scaler\'s own answer', () => {
  expect(doc).toContain('desired = max(3, 3, 0) = 3 workers');
  expect(doc).toContain('| 12 | 30 | 0 | 3 |');
});
