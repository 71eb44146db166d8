// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as path from 'path';
import { structPositions } from '../../scripts/docs/languages';

// docs/languages.md and the README's Python section are kept up to date by test/docs/docs.test.ts; this checks what
// they must hold.
const ROOT = path.join(__dirname, '..', '..');
const LANGUAGES_DOC = path.join(ROOT, 'docs', 'languages.md');

test('the README\'s Python section shows the Trino constructs and the checks of examples/python/app.py', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  const start = readme.indexOf('\n### Python\n');
  const section = readme.slice(start, readme.indexOf('\n### ', start + 1));
  expect(section).toContain('<!-- generated:python.app-trino -->');
  expect(section).toContain('<!-- generated:python.app-checks -->');
  for (const call of ['TrinoCluster(', 'SpotWorkerPool(', 'CoordinatorPool(', 'FaultTolerantExchange(', 'TrinoKedaScaler(', 'TrinoChecks.fail_synth_on_findings(app, packs)']) {
    expect(section).toContain(call);
  }
});

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
