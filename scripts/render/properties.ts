// SPDX-License-Identifier: Apache-2.0
/**
 * Parses the text of a Java properties file as Trino (Airlift) reads it: `key=value`, `key: value` or
 * `key value` lines, `#` / `!` comments, `\` line continuations and backslash escapes. Throws on a
 * duplicate key (an ambiguous, almost certainly unintended file).
 */
export function parsePropertiesText(text: string): Record<string, string> {
  const props: Record<string, string> = {};
  const physical = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < physical.length; i++) {
    let line = physical[i].replace(/^[ \t\f]+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (endsWithOddBackslashes(line) && i + 1 < physical.length) {
      line = line.slice(0, -1) + physical[++i].replace(/^[ \t\f]+/, '');
    }
    if (endsWithOddBackslashes(line)) line = line.slice(0, -1);
    let keyEnd = 0;
    while (keyEnd < line.length) {
      const c = line[keyEnd];
      if (c === '\\') { keyEnd += 2; continue; }
      if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f') break;
      keyEnd++;
    }
    const key = unescape(line.slice(0, Math.min(keyEnd, line.length)));
    let rest = line.slice(keyEnd).replace(/^[ \t\f]+/, '');
    if (rest.startsWith('=') || rest.startsWith(':')) rest = rest.slice(1).replace(/^[ \t\f]+/, '');
    if (Object.prototype.hasOwnProperty.call(props, key)) {
      throw new Error(`duplicate property "${key}" (line ${i + 1})`);
    }
    props[key] = unescape(rest);
  }
  return props;
}

function endsWithOddBackslashes(line: string): boolean {
  const m = /\\+$/.exec(line);
  return !!m && m[0].length % 2 === 1;
}

function unescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c: string) => {
    if (c.length === 5) return String.fromCharCode(parseInt(c.slice(1), 16));
    switch (c) {
      case 't': return '\t';
      case 'n': return '\n';
      case 'r': return '\r';
      case 'f': return '\f';
      default: return c;
    }
  });
}
