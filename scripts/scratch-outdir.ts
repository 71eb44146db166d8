// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

let scratch: string | undefined;

/**
 * The cloud-assembly directory for the throw-away apps the doc generators synthesize.
 *
 * Under Jest it is the test file's own directory (`CDK_OUTDIR`, set by test/setup/scratch-outdir.ts, removed when
 * the file ends); run as a script, one temporary directory per process, removed when the process exits. Without
 * it every `new App()` leaves a `cdk.out*` directory with the kubectl provider's layers in `os.tmpdir()`.
 */
export function scratchOutdir(): string {
  if (process.env.CDK_OUTDIR) return process.env.CDK_OUTDIR;
  if (!scratch) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-trino-eks-docs-'));
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    scratch = dir;
  }
  return scratch;
}
