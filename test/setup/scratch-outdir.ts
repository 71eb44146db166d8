// SPDX-License-Identifier: Apache-2.0
/**
 * One cloud-assembly directory per test file, removed when the file's tests end.
 *
 * An `App` without `outdir` synthesizes into a fresh `os.tmpdir()/cdk.out*` directory and nobody removes it; every
 * stack with a Helm chart stages the kubectl provider's AWS CLI layer (20–60 MB) there. Across the whole suite that
 * is tens of gigabytes, enough to fill a CI machine's disk (`ENOSPC` in asset staging). `CDK_OUTDIR` makes every
 * `App` in this file (including those scripts/ build for the docs drift tests) share one directory: the layer is
 * staged once per file, and the directory goes away with the file.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-trino-eks-test-'));
process.env.CDK_OUTDIR = outdir;

afterAll(() => {
  fs.rmSync(outdir, { recursive: true, force: true });
});
