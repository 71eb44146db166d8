#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Generates the Python, Java, .NET and Go bindings with `jsii-pacmak --code-only` (no PyPI, Maven, NuGet or Go
# toolchain needed) and checks what can be checked offline: the Python compiles, the Java parses, and every package
# carries the names the project publishes under. Run after `npx projen compile`.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=dist-bindings
rm -rf "$OUT"
npx jsii-pacmak --code-only --target python --target java --target dotnet --target go --outdir "$OUT"

fail() { echo "bindings: $*" >&2; exit 1; }

# Python: distribution cdk-trino-eks, module cdk_trino_eks, every file compiles.
PY="$OUT/python"
grep -q '"name": "cdk-trino-eks"' "$PY/setup.py" || fail "python: setup.py does not name the distribution cdk-trino-eks"
[ -f "$PY/src/cdk_trino_eks/__init__.py" ] || fail "python: module cdk_trino_eks missing"
python3 - "$PY/src" <<'PYEOF'
import py_compile, pathlib, sys
files = sorted(pathlib.Path(sys.argv[1]).rglob("*.py"))
for f in files:
    py_compile.compile(str(f), doraise=True)
print(f"bindings: python: {len(files)} files compile")
PYEOF

# Java: groupId io.github.cdk-trino-eks, artifactId cdk-trino-eks, package io.github.cdktrinoeks; every file parses.
JAVA="$OUT/java"
grep -q '<groupId>io.github.cdk-trino-eks</groupId>' "$JAVA/pom.xml" || fail "java: groupId"
grep -q '<artifactId>cdk-trino-eks</artifactId>' "$JAVA/pom.xml" || fail "java: artifactId"
[ -d "$JAVA/src/main/java/io/github/cdktrinoeks" ] || fail "java: package io.github.cdktrinoeks missing"
node scripts/parse-java.js "$JAVA/src/main/java"

# .NET: package CdkTrinoEks, namespace CdkTrinoEks.
DOTNET="$OUT/dotnet"
grep -rq '<PackageId>CdkTrinoEks</PackageId>' "$DOTNET" || fail "dotnet: PackageId CdkTrinoEks"
grep -rlq 'namespace CdkTrinoEks' "$DOTNET" || fail "dotnet: namespace CdkTrinoEks"
echo "bindings: dotnet: $(find "$DOTNET" -name '*.cs' | wc -l) files, package CdkTrinoEks"

# Go: module github.com/cdk-trino-eks/cdk-trino-eks-go/cdktrinoeks.
grep -q '^module github.com/cdk-trino-eks/cdk-trino-eks-go/cdktrinoeks' "$OUT/go/cdktrinoeks/go.mod" || fail "go: module path"
echo "bindings: go: $(find "$OUT/go" -name '*.go' | wc -l) files, module github.com/cdk-trino-eks/cdk-trino-eks-go/cdktrinoeks"
echo "bindings: OK"
