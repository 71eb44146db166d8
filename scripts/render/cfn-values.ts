// SPDX-License-Identifier: Apache-2.0
/**
 * Turns the Helm values a synthesized template holds (a JSON document inside a CloudFormation string: plain, or an
 * `Fn::Join` of strings and references) into the values helm receives at deploy time, with every CloudFormation
 * reference replaced by a value of the shape it takes then: an account id, a region, an ARN for `Fn::GetAtt …Arn`,
 * a Secrets Manager secret ARN for the `Ref` of an `AWS::SecretsManager::Secret` (its `Ref` is the ARN; the caller
 * passes the template's resource types), a lowercase name (valid as an S3 bucket or Kubernetes name) for other
 * references, and, for a reference that stands
 * where JSON wants a number or a boolean (a numeric `CfnParameter`), the value the caller passes in `tokens`.
 */

/** Values to use for references, by logical id (`Ref`) or `LogicalId.Attribute` (`Fn::GetAtt`). */
export type TokenValues = { [ref: string]: string | number | boolean };

const PSEUDO: { [ref: string]: string } = {
  'AWS::AccountId': '123456789012',
  'AWS::Region': 'us-west-2',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'stack',
  'AWS::StackId': 'arn:aws:cloudformation:us-west-2:123456789012:stack/stack/0123',
  'AWS::NoValue': '',
};

/** Resource types of a template, by logical id (what a `Ref` returns depends on the type). */
export type ResourceTypes = { [logicalId: string]: string };

/** The resource types of a synthesized template. */
export function resourceTypes(template: any): ResourceTypes {
  return Object.fromEntries(Object.entries<any>(template?.Resources ?? {}).map(([id, r]) => [id, String(r.Type)]));
}

/** The deploy-time values of a CloudFormation string holding JSON. */
export function deployTimeJson(value: unknown, tokens: TokenValues = {}, types: ResourceTypes = {}): any {
  const refs: string[] = [];
  const text = flatten(value, refs);
  // Replace each marker by a value of the right shape: inside a JSON string its text, elsewhere a JSON value.
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\u0000') {
      const end = text.indexOf('\u0000', i + 1);
      const ref = refs[Number(text.slice(i + 1, end))];
      i = end;
      if (inString) {
        out += JSON.stringify(String(tokens[ref] ?? placeholder(ref, types))).slice(1, -1);
      } else {
        if (!(ref in tokens)) {
          throw new Error(`the values hold a reference to ${ref} where JSON wants a number or boolean: pass tokens: { '${ref}': <value> }`);
        }
        out += JSON.stringify(tokens[ref]);
      }
      continue;
    }
    out += ch;
    if (ch === '\\' && inString) {
      out += text[++i];
      continue;
    }
    if (ch === '"') inString = !inString;
  }
  return JSON.parse(out);
}

function flatten(value: unknown, refs: string[]): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const v = value as { [key: string]: any } | undefined;
  const marker = (ref: string) => `\u0000${refs.push(ref) - 1}\u0000`;
  if (v && Array.isArray(v['Fn::Join'])) {
    const [sep, parts] = v['Fn::Join'];
    return (parts as unknown[]).map((p) => flatten(p, refs)).join(sep);
  }
  if (v && typeof v.Ref === 'string') return marker(v.Ref);
  if (v && Array.isArray(v['Fn::GetAtt'])) return marker(v['Fn::GetAtt'].join('.'));
  if (v && typeof v['Fn::GetAtt'] === 'string') return marker(v['Fn::GetAtt']);
  // an Availability Zone picked from the region's: `Fn::Select [i, Fn::GetAZs]`
  const select = v?.['Fn::Select'];
  if (Array.isArray(select) && select[1] && typeof select[1] === 'object' && 'Fn::GetAZs' in select[1]) {
    return `${PSEUDO['AWS::Region']}${'abcdef'[Number(select[0])] ?? 'a'}`;
  }
  throw new Error(`cannot render a CloudFormation value to deploy-time text: ${JSON.stringify(value)}`);
}

function placeholder(ref: string, types: ResourceTypes): string {
  if (ref in PSEUDO) return PSEUDO[ref];
  const [id, attr] = ref.split('.');
  const slug = id.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 50).replace(/-+$/, '');
  // Ref of a secret is its ARN: the generated name (logical id and a suffix) and '-' plus six random characters
  if (attr === undefined && types[id] === 'AWS::SecretsManager::Secret') {
    return `arn:${PSEUDO['AWS::Partition']}:secretsmanager:${PSEUDO['AWS::Region']}:${PSEUDO['AWS::AccountId']}:secret:${id}-AbCdEf`;
  }
  if (attr === 'Arn') return `arn:aws:iam::123456789012:role/${slug}`;
  return slug.length >= 3 ? slug : `${slug}-ref`;
}
