# SPDX-License-Identifier: Apache-2.0
"""Runs the Python apps of test/examples/python.test.ts, each as its own ``python3`` process (one also under the CDK
CLI), and writes what each did (exit code, stdout, stderr, seconds) to ``<outdir>/results.json``.

    bash ../shared/tools/jsii-python/run-python-app.sh test/examples/python/run.py <outdir>

One run of the jsii-python tool generates the library's Python binding once (several seconds); the apps started from
here inherit its environment (PYTHONPATH with the bindings, JSII_NODE), so each is a real Python process with its own
jsii kernel and its own exit code, as ``python app.py`` is for a user. Each app synthesizes into ``<outdir>/<case>``.
"""
import json
import os
import subprocess
import sys
import time

PY = sys.executable
FINDINGS_APP = "test/examples/python/findings_app.py"
CASES = [
    ("app", [PY, "examples/python/app.py"]),
    ("findings-fail", [PY, FINDINGS_APP, "fail"]),
    ("findings-report", [PY, FINDINGS_APP, "report"]),
    ("findings-acknowledged", [PY, FINDINGS_APP, "acknowledged"]),
    ("api", [PY, "test/examples/python/api.py"]),
    # the same app with findings under the CDK CLI of the lock file, as `cdk synth` runs it
    (
        "cli-fail",
        ["node_modules/.bin/cdk", "synth", "--no-notices", "--no-version-reporting", "-o", "{outdir}",
         "--app", f"{PY} {FINDINGS_APP} fail"],
    ),
]


def main(outdir: str) -> None:
    results = {}
    for name, args in CASES:
        case_outdir = os.path.join(outdir, name)
        started = time.monotonic()
        done = subprocess.run(
            [a.replace("{outdir}", case_outdir) for a in args],
            env={**os.environ, "CDK_OUTDIR": case_outdir},
            capture_output=True,
            text=True,
            check=False,
        )
        results[name] = {
            "args": args,
            "exit": done.returncode,
            "stdout": done.stdout,
            "stderr": done.stderr,
            "seconds": round(time.monotonic() - started, 1),
            "outdir": case_outdir,
        }
        print(f"{name}: exit {done.returncode} in {results[name]['seconds']} s", file=sys.stderr)
    with open(os.path.join(outdir, "results.json"), "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main(sys.argv[1])
