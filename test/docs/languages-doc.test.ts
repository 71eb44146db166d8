// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as path from 'path';
import { LANGUAGES_DOC, README, README_BEGIN, README_END, renderLanguagesDoc, renderReadme, structPositions } from '../../scripts/gen-docs-languages';

const ROOT = path.join(__dirname, '..', '..');

test('docs/languages.md is generated from the Python apps CI runs and the .jsii assembly (run scripts/gen-docs-languages.ts)', () => {
  expect(fs.readFileSync(LANGUAGES_DOC, 'utf-8')).toBe(renderLanguagesDoc());
});

test('the Python section of README.md is generated from examples/python/app.py (run scripts/gen-docs-languages.ts)', () => {
  const readme = fs.readFileSync(README, 'utf-8');
  expect(readme.split(README_BEGIN)).toHaveLength(2);
  expect(readme.split(README_END)).toHaveLength(2);
  expect(readme).toBe(renderReadme(readme));
});

test('the README\'s Python section shows the Trino constructs and the checks of examples/python/app.py', () => {
  const readme = fs.readFileSync(README, 'utf-8');
  const section = readme.slice(readme.indexOf(README_BEGIN), readme.indexOf(README_END));
  for (const call of ['TrinoCluster(', 'SpotWorkerPool(', 'CoordinatorPool(', 'FaultTolerantExchange(', 'TrinoKedaScaler(', 'TrinoChecks.fail_synth_on_findings(app, packs)']) {
    expect(section).toContain(call);
  }
});

test('the struct table lists the positional struct and the structs in lists', () => {
  expect(structPositions()).toEqual([
    { call: 'AccessControlRules(catalogs=[…])', struct: 'CatalogAccessRule', where: 'list' },
    { call: 'AccessControlRules(schemas=[…])', struct: 'SchemaAccessRule', where: 'list' },
    { call: 'AccessControlRules(system_information=[…])', struct: 'SystemInformationAccessRule', where: 'list' },
    { call: 'AccessControlRules(tables=[…])', struct: 'TableAccessRule', where: 'list' },
    { call: 'CatalogConfig(secret_properties=[…])', struct: 'CatalogSecret', where: 'list' },
    { call: 'CustomCatalog(secret_properties=[…])', struct: 'CatalogSecret', where: 'list' },
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
