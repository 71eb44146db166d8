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

/**
 * A reference written as text: `<LogicalId>`, `<LogicalId.Attribute>`, `<AWS::Region>` (a pseudo parameter) or
 * `<Fn::If>` (any other intrinsic). Its value is known only at deploy time.
 */
export const PLACEHOLDER = /<(?:[A-Za-z0-9]+(?:\.[A-Za-z0-9.]+)?|AWS::[A-Za-z]+|Fn::[A-Za-z0-9]+)>/g;

/** The placeholders in a text, in order (empty when it holds none or is not text). */
export function placeholders(value: unknown): string[] {
  return typeof value === 'string' ? [...value.matchAll(PLACEHOLDER)].map((m) => m[0]) : [];
}

/** The placeholder of an intrinsic (`Ref`, `Fn::GetAtt`, or `<Fn::Name>` for any other function). */
function placeholderOf(v: { [key: string]: any }): string {
  if (typeof v.Ref === 'string') return `<${v.Ref}>`;
  if (Array.isArray(v['Fn::GetAtt'])) return `<${v['Fn::GetAtt'].join('.')}>`;
  if (typeof v['Fn::GetAtt'] === 'string') return `<${v['Fn::GetAtt']}>`;
  const fn = Object.keys(v).find((k) => k.startsWith('Fn::'));
  return `<${fn ?? 'Fn::Unknown'}>`;
}

/**
 * Parses a JSON document held in a CloudFormation string value (Helm values, a Kubernetes manifest): a plain string,
 * or the `Fn::Join` that `Stack.toJsonString` makes when tokens are embedded. Never throws: undefined when the value
 * is not such a document (a whole-document intrinsic such as `Fn::ImportValue`, or text that is not JSON).
 *
 * Each reference becomes a placeholder (`PLACEHOLDER`). Inside a JSON string it is written in place
 * (`"s3://<Exchange1234>/spool"`); where JSON expects a number, boolean, list or object (a number token such as
 * `CfnParameter.valueAsNumber` is rendered bare: `"workers":{"Ref":"MinWorkers"}`) it is written as a JSON string
 * (`"workers":"<MinWorkers>"`), so the document still parses and readers see a text they cannot judge.
 */
export function readCfnJson(value: unknown): any {
  let doc: string;
  if (typeof value === 'string') {
    doc = value;
  } else {
    const join = value && typeof value === 'object' ? (value as any)['Fn::Join'] : undefined;
    if (!Array.isArray(join) || typeof join[0] !== 'string' || !Array.isArray(join[1])) return undefined;
    doc = joinJson(join[0], join[1]);
  }
  try {
    return JSON.parse(doc);
  } catch {
    return undefined;
  }
}

/** The text of an `Fn::Join` holding a JSON document, references written as placeholders (see readCfnJson). */
function joinJson(separator: string, parts: unknown[]): string {
  let out = '';
  let inString = false;
  let escaped = false;
  const literal = (t: string) => {
    for (const c of t) {
      if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') inString = false;
      } else if (c === '"') {
        inString = true;
      }
    }
    out += t;
  };
  const part = (p: unknown) => {
    if (typeof p === 'string' || typeof p === 'number' || typeof p === 'boolean') {
      literal(String(p));
    } else if (inString && p && typeof p === 'object' && Array.isArray((p as any)['Fn::Join']) &&
      Array.isArray((p as any)['Fn::Join'][1])) {
      // a nested join inside a JSON string: its parts are text of that string
      const [sep, inner] = (p as any)['Fn::Join'];
      inner.forEach((x: unknown, i: number) => {
        if (i > 0) literal(String(sep));
        part(x);
      });
    } else {
      const ph = p && typeof p === 'object' ? placeholderOf(p as { [key: string]: any }) : '<Fn::Unknown>';
      out += inString ? ph : JSON.stringify(ph);
    }
  };
  parts.forEach((p, i) => {
    if (i > 0) literal(separator);
    part(p);
  });
  return out;
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
