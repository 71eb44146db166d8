// SPDX-License-Identifier: Apache-2.0
/**
 * PromQL, read by the Prometheus project's own parser (@prometheus-io/lezer-promql, the grammar Prometheus' web UI
 * uses): syntax errors, and the vector selectors (metric name and label matchers) an expression reads.
 */
/** The part of a Lezer syntax node this file reads (@lezer/common SyntaxNode). */
interface SyntaxNode {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly firstChild: SyntaxNode | null;
  readonly nextSibling: SyntaxNode | null;
  getChild(name: string): SyntaxNode | null;
}

/** The part of the Lezer parser this file uses (@lezer/lr LRParser). */
interface PromQLParser {
  parse(input: string): {
    iterate(spec: { enter: (node: { name: string; from: number; to: number; type: { isError: boolean }; node: SyntaxNode }) => void }): void;
  };
}

// The package is an ES module with a CommonJS build (dist/index.cjs), which `require` loads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parser } = require('@prometheus-io/lezer-promql') as { parser: PromQLParser };

/** One label matcher of a selector. */
export interface Matcher {
  readonly label: string;
  /** `=`, `!=`, `=~` or `!~` */
  readonly op: string;
  readonly value: string;
}

/** One vector selector: `metric{label="value"}`. */
export interface Selector {
  readonly metric: string;
  readonly matchers: Matcher[];
}

/** What an expression reads, and its syntax errors (empty when it parses). */
export interface ParsedPromQL {
  readonly errors: string[];
  readonly selectors: Selector[];
  /** functions called, by name */
  readonly functions: string[];
}

/** Functions whose argument must be a range vector (`metric[5m]`). */
const RANGE_FUNCTIONS = new Set(['rate', 'increase', 'irate', 'delta', 'avg_over_time', 'min_over_time', 'max_over_time']);

export function parsePromQL(expr: string): ParsedPromQL {
  const tree = parser.parse(expr);
  const errors: string[] = [];
  const selectors: Selector[] = [];
  const functions: string[] = [];
  const text = (from: number, to: number) => expr.slice(from, to);
  tree.iterate({
    enter: (node) => {
      if (node.type.isError) {
        errors.push(`syntax error at ${node.from}: …${expr.slice(Math.max(0, node.from - 20), node.from + 20)}…`);
      }
      if (node.name === 'FunctionCall') {
        const id = node.node.getChild('FunctionIdentifier');
        const name = id ? text(id.from, id.to) : '';
        functions.push(name);
        const body = node.node.getChild('FunctionCallBody');
        if (RANGE_FUNCTIONS.has(name)) {
          const arg = body?.firstChild; // the parentheses are not nodes
          if (!arg || (arg.name !== 'MatrixSelector' && arg.name !== 'SubqueryExpr')) {
            errors.push(`${name}() needs a range vector: ${text(node.from, node.to)}`);
          }
        }
      }
      if (node.name === 'VectorSelector') {
        const id = node.node.getChild('Identifier');
        const matchers: Matcher[] = [];
        const list = node.node.getChild('LabelMatchers');
        for (let m = list?.firstChild; m; m = m.nextSibling) {
          if (m.name !== 'UnquotedLabelMatcher') continue;
          const label = m.getChild('LabelName');
          const op = m.getChild('MatchOp');
          const value = m.getChild('StringLiteral');
          if (!label || !op || !value) continue;
          matchers.push({ label: text(label.from, label.to), op: text(op.from, op.to), value: JSON.parse(text(value.from, value.to)) });
        }
        selectors.push({ metric: id ? text(id.from, id.to) : '', matchers });
      }
    },
  });
  return { errors, selectors, functions };
}
