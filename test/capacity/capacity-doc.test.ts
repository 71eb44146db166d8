// SPDX-License-Identifier: Apache-2.0
import { COORDINATOR_POD_TERMINATION_GRACE_PERIOD } from '../../src/capacity/private/node-pool';
import { readPage } from '../util';

// docs/capacity.md is kept up to date by test/docs/docs.test.ts; this checks what the page must hold.
const doc = readPage('docs/capacity.md');

test('docs/capacity.md states the defaults the constructs use', () => {
  expect(doc).toContain('| Capacity type | `spot` | `on-demand` |');
  expect(doc).toContain('| `limits` (maxNodes × largest type) | cpu 320, memory 2560Gi | cpu 16, memory 64Gi |');
  expect(doc).toContain('at most 1 node at a time for Drifted');
  expect(doc).toContain('| `expireAfter` | 720h | Never |');
  expect(doc).toContain('| `terminationGracePeriod` | 1h | 1h |');
  expect(doc).toContain('| Drifted nodes replaced | any time, one at a time | every Sunday 02:00-06:00 UTC, one at a time |');
  expect(doc).toContain('the coordinator pool adds `nodes: "0"` for Drifted from `0 6 * * 0` for 164h');
  expect(doc).toContain('the coordinator stops 59 minutes 30 seconds after Karpenter starts the replacement');
  expect(doc).not.toMatch(/undefined|NaN|\[object Object\]/);
});

test('the commands that watch a replacement name the coordinator pod\'s termination grace', () => {
  expect(doc).toContain(`the coordinator pod is deleted ${COORDINATOR_POD_TERMINATION_GRACE_PERIOD.toSeconds()} seconds before that time`);
});
