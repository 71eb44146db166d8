// SPDX-License-Identifier: Apache-2.0
import { Token } from 'aws-cdk-lib';

/** An exchange base directory split into its bucket and key prefix (no leading or trailing `/`). */
export interface BaseDirectory {
  /** the URI as written to `exchange.base-directories` (no trailing `/`) */
  readonly uri: string;
  /** bucket name, possibly a token */
  readonly bucket: string;
  /** key prefix without slashes at either end; '' for the bucket root */
  readonly prefix: string;
}

/** S3 general purpose bucket names: 3–63 lowercase letters, digits, '.' or '-', starting and ending alphanumeric. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Parses and validates the `baseDirectories` prop: `s3://<bucket>[/<prefix>]` URIs, where the bucket may be a token
 * (`s3://${bucket.bucketName}/spool`). Throws an Error naming the prop.
 */
export function parseBaseDirectories(dirs: string[]): BaseDirectory[] {
  if (dirs.length === 0) {
    throw new Error(
      '`baseDirectories` must list at least one `s3://` URI, or be left out to spool to the root of the exchange bucket.',
    );
  }
  const seen = new Set<string>();
  return dirs.map((dir) => {
    const parsed = parseBaseDirectory(dir);
    if (seen.has(parsed.uri)) {
      throw new Error(`\`baseDirectories\` lists '${parsed.uri}' twice; each base directory must be unique.`);
    }
    seen.add(parsed.uri);
    return parsed;
  });
}

function parseBaseDirectory(dir: string): BaseDirectory {
  const allowed = "allowed: 's3://<bucket>' or 's3://<bucket>/<prefix>' (Trino's S3 exchange storage)";
  if (!dir.startsWith('s3://')) {
    throw new Error(`\`baseDirectories\` entry '${dir}' is not an S3 URI; ${allowed}.`);
  }
  if (/[,\s]/.test(dir)) {
    throw new Error(
      `\`baseDirectories\` entry '${dir}' contains a comma or whitespace (Trino splits the list on commas); ${allowed}.`,
    );
  }
  const rest = dir.slice('s3://'.length).replace(/\/+$/, '');
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const prefix = slash < 0 ? '' : rest.slice(slash + 1);
  if (bucket === '' || (!Token.isUnresolved(bucket) && !BUCKET_NAME.test(bucket))) {
    throw new Error(`\`baseDirectories\` entry '${dir}' has an invalid S3 bucket name '${bucket}'; ${allowed}.`);
  }
  if (prefix.startsWith('/') || prefix.includes('//')) {
    throw new Error(`\`baseDirectories\` entry '${dir}' has an empty path segment; ${allowed}.`);
  }
  return { uri: prefix ? `s3://${bucket}/${prefix}` : `s3://${bucket}`, bucket, prefix };
}
