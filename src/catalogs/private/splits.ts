// SPDX-License-Identifier: Apache-2.0
import { Token } from 'aws-cdk-lib';

/** Validates `splitsPerNode` of the generator catalogs. */
export function validateSplits(v: number) {
  if (Token.isUnresolved(v)) return;
  if (!Number.isInteger(v) || v < 1 || v > 1024) {
    throw new Error(`\`splitsPerNode\` must be an integer between 1 and 1024, got: ${v}.`);
  }
}
