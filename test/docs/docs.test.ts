// SPDX-License-Identifier: Apache-2.0
/**
 * The drift test of the documentation: every page's generated blocks (scripts/docs/generate.ts) are what the code
 * renders now, every marker names a block that exists and pairs with its closing marker, and every block is used.
 * Fix a failure by running `bash scripts/docs.sh`, which rewrites only what is between the markers.
 */
import * as fs from 'fs';
import * as path from 'path';
import { blocks, enclosed, fill, markedBlocks, pages, ROOT } from '../../scripts/docs/generate';

let values: { [name: string]: string };
beforeAll(async () => {
  values = await blocks();
});

const read = (page: string) => fs.readFileSync(path.join(ROOT, page), 'utf-8');

test.each(pages())('%s: its markers pair up, name existing blocks, and every block is up to date (run bash scripts/docs.sh)', (page) => {
  const text = read(page);
  const marked = markedBlocks(text);
  expect({ page, unknown: marked.filter((b) => !(b.name in values)).map((b) => b.name) }).toEqual({ page, unknown: [] });
  const stale = marked.filter((b) => text.slice(b.start, b.end) !== enclosed(b, values[b.name])).map((b) => b.name);
  expect({ page, stale: [...new Set(stale)] }).toEqual({ page, stale: [] });
});

test('every block is used on a page', () => {
  const used = new Set(pages().flatMap((page) => markedBlocks(read(page)).map((b) => b.name)));
  expect(Object.keys(values).filter((name) => !used.has(name))).toEqual([]);
});

test('the generated pages hold the docs, the examples README and the README, not the benchmark page', () => {
  expect(pages()).toEqual(expect.arrayContaining(['docs/rules.md', 'docs/architecture.md', 'examples/README.md', 'README.md']));
  expect(markedBlocks(read('docs/benchmark.md'))).toEqual([]);
});

describe('markers', () => {
  const v = { a: 'A', b: 'B\nB', c: 'C' };
  test('fill rewrites only what is between the markers, inline, on lines of their own, indented or in a mermaid diagram', () => {
    const page = [
      'x <!-- generated:a -->old<!-- /generated:a --> y',
      '<!-- generated:b -->', 'old', 'old', '<!-- /generated:b -->',
      '- item', '  <!-- generated:c -->', '  old', '  <!-- /generated:c -->',
      '```mermaid', 'flowchart TB', '  %% generated:a', '  old', '  %% /generated:a', '  a --> b', '```', 'z',
    ].join('\n');
    expect(fill(page, v)).toBe([
      'x <!-- generated:a -->A<!-- /generated:a --> y',
      '<!-- generated:b -->', 'B', 'B', '<!-- /generated:b -->',
      '- item', '  <!-- generated:c -->', 'C', '  <!-- /generated:c -->',
      '```mermaid', 'flowchart TB', '  %% generated:a', 'A', '  %% /generated:a', '  a --> b', '```', 'z',
    ].join('\n'));
    expect(fill(fill(page, v), v)).toBe(fill(page, v));
  });
  test.each([
    ['a closing marker without its opening one', 'x <!-- /generated:a -->', /line 1: \/generated:a closes no block/],
    ['a block that is never closed', 'x\n<!-- generated:a -->\ny', /line 2: generated:a is never closed/],
    ['nested blocks', '<!-- generated:a --><!-- generated:c --><!-- /generated:c --><!-- /generated:a -->', /generated:c opens inside generated:a/],
    ['crossed blocks', '<!-- generated:a --><!-- /generated:c -->', /\/generated:c closes generated:a/],
    ['a marker in a code span', 'run `x <!-- generated:a -->A<!-- /generated:a -->`', /inside code/],
    ['a marker in a code block', '```bash\n<!-- generated:a -->A<!-- /generated:a -->\n```', /inside code/],
    ['a mermaid marker outside a diagram', '```text\n%% generated:a\nA\n%% /generated:a\n```', /outside a mermaid diagram/],
  ])('%s is refused', (_what, page, error) => {
    expect(() => fill(page, v)).toThrow(error);
  });
  test('a format shows the value in a code span, `$` standing for the value', () => {
    expect(fill('x <!-- generated:a `a: $` -->old<!-- /generated:a --> y', v))
      .toBe('x <!-- generated:a `a: $` -->`a: A`<!-- /generated:a --> y');
    expect(() => fill('<!-- generated:a `a: $` -->\nA\n<!-- /generated:a -->', v)).toThrow(/has a format: keep it inline/);
    expect(() => fill('<!-- generated:a -->A<!-- /generated:a `a: $` -->', v)).toThrow(/belongs on the opening marker/);
    expect(() => fill('<!-- generated:d `d: $` -->x<!-- /generated:d -->', { d: '`D`' })).toThrow(/holds code/);
  });
  test('a block that is not registered is refused', () => {
    expect(() => fill('<!-- generated:nope -->x<!-- /generated:nope -->', v)).toThrow(/no block named nope/);
  });
  test('a multi-line value in an inline block is refused', () => {
    expect(() => fill('x <!-- generated:b -->B<!-- /generated:b -->', v)).toThrow(/several lines/);
  });
});
