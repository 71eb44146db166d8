// SPDX-License-Identifier: Apache-2.0
import { readPage } from '../util';

// docs/sizing.md is kept up to date by test/docs/docs.test.ts; this checks what the page must hold.
const doc = readPage('docs/sizing.md');

test('docs/sizing.md documents the DaemonSet allowance, where to set it, and the heap cap and its warning', () => {
  expect(doc).toContain('`daemonSetMemory` (default 1 GiB) and `daemonSetCpuMillis` (default 500m)');
  expect(doc).toContain('workerSizingOptions: { daemonSetMemory: Size.gibibytes(2), daemonSetCpuMillis: 800 },');
  expect(doc).toContain('the cap is 238 GiB = 255.6 × 10^9 bytes');
  expect(doc).toContain('`cdk-trino-eks:TrinoSizing.heapCapped`');
  expect(doc).toContain('| r8g.16xlarge | 64 | 512 | arm64 | 737 | 63770m | 465.3 | 63270m | 464.3 | 238.0 (capped) | 51.3% |');
  expect(doc).not.toMatch(/undefined|NaN|\[object Object\]/);
});
