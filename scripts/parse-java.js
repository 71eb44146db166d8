// SPDX-License-Identifier: Apache-2.0
// Parses every .java file under a directory with java-parser (a full Java grammar), failing on the first syntax error.
const fs = require('fs');
const path = require('path');
const { parse } = require('java-parser');

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : p.endsWith('.java') ? [p] : [];
  });
}

const files = walk(process.argv[2]);
for (const f of files) {
  try {
    parse(fs.readFileSync(f, 'utf-8'));
  } catch (e) {
    console.error(`bindings: java: ${f} does not parse: ${e.message}`);
    process.exit(1);
  }
}
console.log(`bindings: java: ${files.length} files parse`);
