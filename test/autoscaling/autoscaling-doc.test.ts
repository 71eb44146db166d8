// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import { AUTOSCALING_DOC, renderAutoscalingDoc } from '../../scripts/gen-docs-autoscaling';

test('docs/autoscaling.md is generated from the code (run scripts/gen-docs-autoscaling.ts)', () => {
  expect(fs.readFileSync(AUTOSCALING_DOC, 'utf-8')).toBe(renderAutoscalingDoc());
});

test('the worked example (12 queued, 30 running) is the scaler\'s own answer', () => {
  const doc = fs.readFileSync(AUTOSCALING_DOC, 'utf-8');
  expect(doc).toContain('desired = max(3, 3, 0) = 3 workers');
  expect(doc).toContain('| 12 | 30 | 0 | 3 |');
});
