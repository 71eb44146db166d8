// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as path from 'path';
import { readPage } from '../util';

// docs/languages.md and the README's Python section: their generated blocks are kept up to date by
// test/docs/docs.test.ts; the Python excerpts, the package table and the struct table (from the .jsii assembly: compile
// first) are written on the pages and checked here.
const ROOT = path.join(__dirname, '..', '..');
const LANGUAGES_DOC = path.join(ROOT, 'docs', 'languages.md');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf-8');

/** The lines between `# [docs:<name>]` and `# [/docs:<name>]` of a Python file, dedented. */
function pythonRegion(file: string, name: string): string {
  const lines = read(file).split('\n');
  const start = lines.findIndex((l) => l.trim() === `# [docs:${name}]`);
  const end = lines.findIndex((l) => l.trim() === `# [/docs:${name}]`);
  if (start < 0 || end < start) throw new Error(`${file} has no region # [docs:${name}] ... # [/docs:${name}]`);
  const body = lines.slice(start + 1, end);
  const indent = Math.min(...body.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return body.map((l) => l.slice(indent)).join('\n');
}
const python = (file: string, ...regions: string[]) => ['```python', regions.map((r) => pythonRegion(file, r)).join('\n\n\n'), '```'].join('\n');

test.each([
  ['README.md', 'examples/python/app.py', ['trino'], ['checks']],
  ['docs/languages.md', 'examples/python/app.py', ['trino'], ['checks']],
  ['docs/languages.md', 'test/examples/python/api.py', ['instance-spec'], ['resource-groups'], ['from-dict'], ['addon', 'addon-deploy'], ['errors']],
])('%s shows the Python of %s as it is (the regions # [docs:NAME] ... # [/docs:NAME])', (page, file, ...excerpts) => {
  const text = read(page);
  for (const regions of excerpts) expect({ regions, shown: text.includes(`\n${python(file, ...regions)}\n`) }).toEqual({ regions, shown: true });
});

test('the package table of docs/languages.md names the packages of package.json and what scripts/check-bindings.sh checks', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const t = require('../../package.json').jsii.targets;
  const bindings = read('scripts/check-bindings.sh');
  const row = (language: string) => read('docs/languages.md').split('\n').find((l) => l.startsWith(`| ${language} |`));
  expect(row('Python')).toContain(`| \`${t.python.distName}\` (PyPI) | \`${t.python.module}\` | generated${bindings.includes('py_compile') ? ', every file compiles' : ''};`);
  expect(row('Java')).toContain(`| \`${t.java.maven.groupId}:${t.java.maven.artifactId}\` (Maven) | \`${t.java.package}\` |`);
  expect(row('Java')).toContain(bindings.includes('parse-java.js') ? '; every `.java` file parses;' : 'checked; not compiled');
  expect(row('.NET')).toContain(`| \`${t.dotnet.packageId}\` (NuGet) | \`${t.dotnet.namespace}\` |`);
  expect(row('Go')).toContain(`| \`${t.go.moduleName}\` | \`${t.go.moduleName}/cdktrinoeks\` |`);
});

test('the README\'s Python section shows the Trino constructs and the checks of examples/python/app.py', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  const start = readme.indexOf('\n### Python\n');
  const section = readme.slice(start, readme.indexOf('\n### ', start + 1));
  expect(section).toContain(python('examples/python/app.py', 'trino'));
  expect(section).toContain(python('examples/python/app.py', 'checks'));
  for (const call of ['TrinoCluster(', 'SpotWorkerPool(', 'CoordinatorPool(', 'FaultTolerantExchange(', 'TrinoKedaScaler(', 'TrinoChecks.fail_synth_on_findings(app, packs)']) {
    expect(section).toContain(call);
  }
});

interface StructPosition { readonly call: string; readonly struct: string; readonly where: 'positional' | 'list' | 'map' }
const snake = (s: string) => s.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);

/**
 * Where a struct of this library is neither the last parameter (which Python turns into keyword arguments) nor a
 * property of one (which a struct class converts from a dict): a parameter before the last, or a list (or map) item.
 */
function structPositions(): StructPosition[] {
  const file = path.join(ROOT, '.jsii');
  if (!fs.existsSync(file)) throw new Error('no .jsii: run `npx projen compile` first');
  const types: { [fqn: string]: any } = JSON.parse(fs.readFileSync(file, 'utf-8')).types;
  const name = (fqn: string) => fqn.replace(/^cdk-trino-eks\./, '');
  const inCollection = (t: any): string | undefined => {
    if (!t?.collection) return undefined;
    const e = t.collection.elementtype;
    return e?.fqn && types[e.fqn]?.datatype ? e.fqn : inCollection(e);
  };
  const methods = (type: any) => [...(type.methods ?? []), ...(type.initializer ? [{ ...type.initializer, name: '' }] : [])];
  /** the calls (`Class.method`, or `Class` for a constructor) whose last parameter is the struct `fqn` */
  const takesLast = (fqn: string) => Object.entries(types).flatMap(([owner, type]) => methods(type)
    .filter((m) => (m.parameters ?? [])[(m.parameters ?? []).length - 1]?.type?.fqn === fqn).map((m) => name(m.name ? `${owner}.${snake(m.name)}` : owner)));
  const out: StructPosition[] = [];
  for (const [fqn, type] of Object.entries(types)) {
    for (const m of methods(type)) {
      const params: any[] = m.parameters ?? [];
      params.forEach((p, i) => {
        const call = m.name ? `${name(fqn)}.${snake(m.name)}(…, ${snake(p.name)})` : `${name(fqn)}(…, ${snake(p.name)})`;
        if (p.type?.fqn && types[p.type.fqn]?.datatype && i < params.length - 1) {
          out.push({ call: call.replace('…, ', i === 0 ? '' : '…, '), struct: name(p.type.fqn), where: 'positional' });
        }
        const listed = inCollection(p.type);
        if (listed) out.push({ call, struct: name(listed), where: 'list' });
      });
    }
    for (const prop of type.datatype ? type.properties ?? [] : []) {
      const listed = inCollection(prop.type);
      if (!listed) continue;
      const map = prop.type.collection.kind === 'map';
      // a props struct is written as the keyword arguments of the calls that take it last
      const callers = takesLast(fqn);
      for (const call of callers.length > 0 ? callers : [name(fqn)]) {
        out.push({ call: `${call}(${snake(prop.name)}=${map ? '{…}' : '[…]'})`, struct: name(listed), where: map ? 'map' : 'list' });
      }
    }
  }
  return out.sort((a, b) => a.call.localeCompare(b.call));
}

test('the struct table lists the positional struct and the structs in lists and maps', () => {
  expect(structPositions()).toEqual([
    { call: 'AccessControlRules(catalogs=[…])', struct: 'CatalogAccessRule', where: 'list' },
    { call: 'AccessControlRules(queries=[…])', struct: 'QueryAccessRule', where: 'list' },
    { call: 'AccessControlRules(schemas=[…])', struct: 'SchemaAccessRule', where: 'list' },
    { call: 'AccessControlRules(system_information=[…])', struct: 'SystemInformationAccessRule', where: 'list' },
    { call: 'AccessControlRules(tables=[…])', struct: 'TableAccessRule', where: 'list' },
    { call: 'CatalogConfig(secret_properties={…})', struct: 'CatalogSecret', where: 'map' },
    { call: 'CustomCatalog(secret_properties={…})', struct: 'CatalogSecret', where: 'map' },
    { call: 'ResourceGroup(sub_groups=[…])', struct: 'ResourceGroup', where: 'list' },
    { call: 'ResourceGroups.of(root_groups=[…])', struct: 'ResourceGroup', where: 'list' },
    { call: 'ResourceGroups.of(selectors=[…])', struct: 'ResourceGroupSelector', where: 'list' },
    { call: 'TrinoSizing.for_instance(spec)', struct: 'InstanceSpec', where: 'positional' },
  ]);
  const table = readPage('docs/languages.md');
  const rows = structPositions().map((s) => `| \`${s.call}\` | \`${s.struct}(...)\` | ${{ positional: 'a positional argument', list: 'a list item', map: 'a dict value' }[s.where]} |`);
  expect(table).toContain(['| Call | Write each item as | Where |', '|---|---|---|', ...rows].join('\n') + '\n\n');
});

test('every relative link of docs/languages.md resolves', () => {
  const text = fs.readFileSync(LANGUAGES_DOC, 'utf-8').replace(/```[\s\S]*?```/g, '');
  const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
  expect(links.length).toBeGreaterThan(0);
  for (const link of links) {
    const resolved = path.resolve(path.dirname(LANGUAGES_DOC), link.split('#')[0]);
    expect({ link, exists: fs.existsSync(resolved) }).toEqual({ link, exists: true });
    expect(resolved.startsWith(ROOT)).toBe(true);
  }
});
