// SPDX-License-Identifier: Apache-2.0

/**
 * Turns a CloudFormation string value (a plain string or `Fn::Join` of strings and references) into text, writing
 * each reference as `<LogicalId>` or `<LogicalId.Attribute>`, so JSON documents embedded in custom-resource
 * properties (Helm values, Kubernetes manifests) can be parsed.
 */
export function flattenCfnString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value && typeof value === 'object') {
    const v = value as { [key: string]: any };
    if (Array.isArray(v['Fn::Join'])) {
      const [sep, parts] = v['Fn::Join'];
      return (parts as unknown[]).map(flattenCfnString).join(sep);
    }
    if (typeof v.Ref === 'string') return `<${v.Ref}>`;
    if (Array.isArray(v['Fn::GetAtt'])) return `<${v['Fn::GetAtt'].join('.')}>`;
    if (typeof v['Fn::GetAtt'] === 'string') return `<${v['Fn::GetAtt']}>`;
    if (v['Fn::Select'] || v['Fn::Split'] || v['Fn::If'] || v['Fn::ImportValue'] || v['Fn::Sub']) {
      return `<${Object.keys(v)[0]}>`;
    }
  }
  throw new Error(`Cannot read CloudFormation value as text: ${JSON.stringify(value)}`);
}

/** Parses a JSON document held in a CloudFormation string value. */
export function parseCfnJson(value: unknown): any {
  return JSON.parse(flattenCfnString(value));
}
