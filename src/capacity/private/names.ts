// SPDX-License-Identifier: Apache-2.0
import { Names, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A unique, lowercase DNS-label name for a cluster-scoped Kubernetes object, from the construct path.
 * @internal
 */
export function defaultObjectName(scope: Construct): string {
  return Names.uniqueResourceName(scope, { maxLength: 63, separator: '-' }).toLowerCase();
}

/**
 * Refuses names that are not DNS labels of at most 63 characters (NodePool names also become node label values).
 * @internal
 */
export function validateObjectName(prop: string, name: string): void {
  if (Token.isUnresolved(name)) return;
  if (name.length > 63 || !DNS_LABEL.test(name)) {
    throw new Error(
      `Invalid \`${prop}\` '${name}': use at most 63 lowercase letters, digits or '-', starting and ending with a ` +
        'letter or digit (RFC 1123 label).',
    );
  }
}
