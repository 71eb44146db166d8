// SPDX-License-Identifier: Apache-2.0
/**
 * Fills the generated blocks of the Markdown pages: in docs/*.md, examples/README.md and README.md, the text between
 * `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` is the value of block NAME (on its own lines when the
 * opening marker ends its line, inline otherwise). An inline marker may give a code span with `$` for the value,
 * `<!-- generated:NAME `maxReplicaCount: $` -->`, so one block serves the prose and the rendered setting.
 * Everything else on the pages is written by hand.
 * test/docs/docs.test.ts fails when a block is stale, unknown, unused or its markers do not pair.
 *
 *   bash scripts/docs.sh      (or: npx ts-node --project tsconfig.dev.json scripts/docs/generate.ts [--check])
 */
import * as fs from 'fs';
import * as path from 'path';
import { guideBlocks } from './guides';
import { languageBlocks } from './languages';
import { referenceBlocks } from './reference';

export const ROOT = path.join(__dirname, '..', '..');

/** Every page that may hold generated blocks, relative to the repository root. */
export function pages(): string[] {
  const docs = fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`);
  return [...docs, 'examples/README.md', 'README.md'];
}

/** The value of every block, by name. */
export async function blocks(): Promise<{ [name: string]: string }> {
  const out: { [name: string]: string } = {};
  for (const group of [await referenceBlocks(), await guideBlocks(), languageBlocks()]) {
    for (const [name, value] of Object.entries(group)) {
      if (name in out) throw new Error(`block ${name} is defined twice`);
      out[name] = String(value);
    }
  }
  return out;
}

export interface Marked {
  readonly name: string;
  /** the text between the markers */
  readonly start: number;
  readonly end: number;
  /** the block sits on its own lines (the opening marker ends its line) */
  readonly lines: boolean;
  /** what precedes the closing marker on its line (a block inside a list item is indented) */
  readonly indent: string;
  /** the code span the value is shown in, `$` standing for the value */
  readonly format?: string;
}

/**
 * The marked blocks of a page: `<!-- generated:NAME -->` ... `<!-- /generated:NAME -->` in Markdown, or, inside a
 * ```mermaid diagram (where an HTML comment is not allowed), `%% generated:NAME` ... `%% /generated:NAME` lines.
 * Throws on a closing marker without its opening one, on nesting, on a missing close and on a marker where
 * Markdown would show it as text.
 */
export function markedBlocks(text: string): Marked[] {
  const out: Marked[] = [];
  let open: { name: string; start: number; line: number; format?: string } | undefined;
  for (const m of text.matchAll(/<!-- (\/?)generated:([^\s>]+)(?: (`[^`\n]*\$[^`\n]*`))? -->|^ *%% (\/?)generated:(\S+)$/gm)) {
    const [close, name, mermaid] = m[2] ? [m[1], m[2], false] : [m[4], m[5], true];
    const before = text.slice(0, m.index);
    const line = before.split('\n').length;
    const lineStart = before.slice(before.lastIndexOf('\n') + 1);
    const fences = before.match(/^ *```.*$/gm) ?? [];
    const inFence = fences.length % 2 === 1;
    if (mermaid ? !inFence || !/```mermaid/.test(fences[fences.length - 1]) : inFence || (lineStart.match(/`/g) ?? []).length % 2 === 1) {
      throw new Error(`line ${line}: ${m[0].trim()} is ${mermaid ? 'outside a mermaid diagram' : 'inside code, where Markdown shows it as text'}`);
    }
    if (close && m[3]) throw new Error(`line ${line}: /generated:${name} has a format, which belongs on the opening marker`);
    if (!close) {
      if (open) throw new Error(`line ${line}: generated:${name} opens inside generated:${open.name} (line ${open.line})`);
      open = { name, start: m.index! + m[0].length, line, format: m[3] };
    } else {
      if (!open) throw new Error(`line ${line}: /generated:${name} closes no block`);
      if (open.name !== name) throw new Error(`line ${line}: /generated:${name} closes generated:${open.name} (line ${open.line})`);
      const lines = text[open.start] === '\n';
      if (lines && open.format) throw new Error(`line ${open.line}: generated:${name} has a format: keep it inline`);
      out.push({ name, start: open.start, end: m.index!, lines, indent: mermaid ? '' : lineStart, format: open.format });
      open = undefined;
    }
  }
  if (open) throw new Error(`line ${open.line}: generated:${open.name} is never closed`);
  return out;
}

/** What a block's markers enclose for a value. */
export function enclosed(block: Marked, value: string): string {
  if (block.lines) return `\n${value}\n${block.indent}`;
  if (value.includes('\n')) throw new Error(`block ${block.name} has several lines: put its markers on lines of their own`);
  if (block.format && value.includes('`')) throw new Error(`block ${block.name} holds code: it cannot go in ${block.format}`);
  return block.format ? block.format.split('$').join(value) : value;
}

/** The page with every block filled in. */
export function fill(text: string, values: { [name: string]: string }): string {
  let out = text;
  for (const b of markedBlocks(text).reverse()) {
    if (!(b.name in values)) throw new Error(`no block named ${b.name}`);
    out = out.slice(0, b.start) + enclosed(b, values[b.name]) + out.slice(b.end);
  }
  return out;
}

if (require.main === module) {
  void blocks().then((values) => {
    const check = process.argv.includes('--check');
    let stale = 0;
    for (const page of pages()) {
      const file = path.join(ROOT, page);
      const text = fs.readFileSync(file, 'utf-8');
      let filled: string;
      try {
        filled = fill(text, values);
      } catch (e) {
        throw new Error(`${page}: ${(e as Error).message}`);
      }
      if (filled === text) continue;
      stale++;
      if (check) console.error(`${page} has stale generated blocks`);
      else fs.writeFileSync(file, filled);
      if (!check) console.log(`wrote ${page}`);
    }
    if (check && stale > 0) process.exit(1);
  });
}
