// SPDX-License-Identifier: Apache-2.0
import { CfnResource, Stack } from 'aws-cdk-lib';
import { flattenCfnString } from '../../private/cfn-json';

/**
 * The CloudFormation properties of a resource as synthesized (PascalCase, property overrides applied, references
 * as `Ref`/`Fn::GetAtt` objects).
 */
export function cfnProperties(node: CfnResource): { [key: string]: any } {
  const stack = Stack.of(node);
  const template = stack.resolve((node as any)._toCloudFormation());
  return template?.Resources?.[stack.resolve(node.logicalId)]?.Properties ?? {};
}

/** The resolved logical id of a resource. */
export function logicalId(node: CfnResource): string {
  return Stack.of(node).resolve(node.logicalId);
}

/** Every CfnResource in the stack of `node` (nested stacks included), optionally of one type. */
export function stackResources(node: CfnResource, type?: string): CfnResource[] {
  return Stack.of(node)
    .node.findAll()
    .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && (!type || c.cfnResourceType === type));
}

/** A CloudFormation string as text, references written `<LogicalId>` / `<LogicalId.Attribute>`; undefined if not text. */
export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  try {
    return flattenCfnString(value);
  } catch {
    return undefined;
  }
}

/** The logical id a `<LogicalId>` or `<LogicalId.Attribute>` placeholder points to. */
export function referencedId(placeholder: string): string | undefined {
  const m = /^<([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?>$/.exec(placeholder.trim());
  return m ? m[1] : undefined;
}

/** Every logical id referenced in a resolved CloudFormation value (`Ref` and `Fn::GetAtt`). */
export function referencedIds(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((v) => referencedIds(v, out));
  } else if (value && typeof value === 'object') {
    const v = value as { [key: string]: any };
    if (typeof v.Ref === 'string') out.add(v.Ref);
    if (Array.isArray(v['Fn::GetAtt'])) out.add(String(v['Fn::GetAtt'][0]));
    Object.values(v).forEach((x) => referencedIds(x, out));
  } else if (typeof value === 'string') {
    for (const m of value.matchAll(/<([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?>/g)) out.add(m[1]);
  }
  return out;
}

/** A value that may be one item or a list, as a list. */
export function asList<T>(v: T | T[] | undefined | null): T[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}
