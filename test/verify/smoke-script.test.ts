// SPDX-License-Identifier: Apache-2.0
/**
 * The smoke-test script, run by bash exactly as the pod runs it (`bash -c <script>`), against a stand-in `trino` CLI
 * that answers each statement the way Trino's CLI does in batch mode with `--output-format TSV` (rows on stdout;
 * `Query <id> failed: <message>` on stderr and exit code 1), and a stand-in `curl` for the coordinator's /v1/info.
 * Nothing here is timed: the stand-ins answer at once.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SMOKE_TEST_SCRIPT } from '../../src/verify/private/smoke-script';

const STUB_TRINO = `#!/usr/bin/env bash
sql=''
for ((i = 1; i <= $#; i++)); do
  if [ "\${!i}" = --execute ]; then j=$((i + 1)); sql="\${!j}"; fi
done
printf '%s\\n' "$*" >> "$STUB_DIR/args"
printf '%s\\n' "$sql" >> "$STUB_DIR/statements"
if [ -n "\${STUB_FAIL:-}" ] && [[ $sql == *"$STUB_FAIL"* ]] && [[ -z "\${STUB_SPARE:-}" || $sql != "$STUB_SPARE"* ]]; then
  echo "Query 20260101_000000_00042_abcde failed: \${STUB_ERROR:-Access Denied}" >&2
  exit 1
fi
case "$sql" in
  *JOIN*) printf 'AFRICA\\t5\\nAMERICA\\t5\\nASIA\\t5\\nEUROPE\\t5\\nMIDDLE EAST\\t5\\n' ;;
  *tiny.nation*) echo "\${STUB_COUNT:-25}" ;;
  *system.runtime.nodes*) echo 2 ;;
  *system.runtime.queries*) echo "\${STUB_WAIT:-171234}" ;;
  'SHOW CATALOGS') printf '%s\\n' \${STUB_CATALOGS:-hive iceberg system tpcds tpch} ;;
  'SHOW SESSION'*) printf 'retry_policy\\t%s\\tNONE\\tvarchar\\tRetry policy\\n' "\${STUB_POLICY:-TASK}" ;;
  'SHOW SCHEMAS'*) printf 'information_schema\\ntiny\\n' ;;
  'SELECT count(*), sum(id), max(name)'*) printf '2\\t3\\tsmoke test\\n' ;;
esac
exit 0
`;

const STUB_CURL = `#!/usr/bin/env bash
echo '{"nodeVersion":{"version":"480"},"environment":"production","coordinator":true,"starting":false,"uptime":"5.00m"}'
`;

/**
 * A stand-in `curl` that also speaks Trino's client protocol (POST /v1/statement, then GET the nextUri; the coordinator
 * behind the TLS endpoint builds nextUri from the forwarded scheme, https on port 8080): it answers each statement with
 * what the stand-in CLI prints, as QueryResults JSON (numbers unquoted, strings quoted and escaped), or Trino's error.
 */
const STUB_PROTOCOL_CURL = `#!/usr/bin/env bash
printf '%s\\n' "$*" >> "$STUB_DIR/curl-args"
url="\${@: -1}" sql='' cfg=''
for ((i = 1; i <= $#; i++)); do
  case "\${!i}" in
    -K) j=$((i + 1)); cfg="\${!j}" ;;
    --data-binary) j=$((i + 1)); sql="\${!j}" ;;
  esac
done
case "$url" in
  */v1/info) echo '{"nodeVersion":{"version":"480"},"coordinator":true,"starting":false}'; exit 0 ;;
esac
[ -n "$cfg" ] && cp "$cfg" "$STUB_DIR/curl-config"
if [ -n "$sql" ]; then
  printf '%s' "$sql" > "$STUB_DIR/current"
  printf '{"id":"20260101_000000_00042_abcde","infoUri":"https://trino.trino.svc.cluster.local:8080/ui/query.html","nextUri":"https://trino.trino.svc.cluster.local:8080/v1/statement/queued/q/y/1","stats":{"state":"QUEUED"}}\\n200'
  exit 0
fi
[ "$url" = http://trino.trino.svc.cluster.local:8080/v1/statement/queued/q/y/1 ] || { printf 'not found\\n404'; exit 0; }
sql="$(< "$STUB_DIR/current")"
if out="$(trino --execute "$sql" 2>"$STUB_DIR/err")"; then
  data=''
  while IFS= read -r line; do
    row=''
    IFS=$'\\t' read -ra fields <<< "$line"
    for f in "\${fields[@]}"; do
      if [[ $f =~ ^[0-9]+$ ]]; then v="$f"; else v="\\"\${f//\\"/\\\\\\"}\\""; fi
      row+="\${row:+,}$v"
    done
    data+="\${data:+,}[$row]"
  done <<< "$out"
  printf '{"id":"20260101_000000_00042_abcde","infoUri":"x","columns":[{"name":"data"}],"data":[%s],"stats":{"state":"FINISHED"}}\\n200' "$data"
else
  msg="$(sed 's/^Query [^ ]* failed: //' "$STUB_DIR/err")"
  printf '{"id":"20260101_000000_00042_abcde","infoUri":"x","stats":{"state":"FAILED"},"error":{"message":"%s: \\\\"x\\\\"","errorCode":4,"failureInfo":{"type":"t","message":"not this one"}}}\\n200' "$msg"
fi
`;

interface Run {
  readonly status: number | null;
  readonly message: string;
  readonly statements: string[];
  readonly args: string[];
  readonly stdout: string;
  /** the stand-in curl's argument lines and the config file it was given (protocol stand-in only) */
  readonly curlArgs: string[];
  readonly curlConfig: string;
}

/** Runs the script with the stand-ins; `env` adds to (or, with '', removes from) the pod's environment. */
function runScript(env: { [key: string]: string } = {}, curl: string = STUB_CURL): Run {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smoke-script-'));
  try {
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'trino'), STUB_TRINO, { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'curl'), curl, { mode: 0o755 });
    const podEnv: { [key: string]: string } = {
      TRINO_SERVER: 'http://trino.trino.svc.cluster.local:8080',
      TRINO_USER: 'cdk-trino-eks-smoke',
      RUN_ID: '0123456789',
      BUDGET_SECONDS: '600',
      TPCH_CATALOG: 'tpch',
      EXPECT_CATALOGS: 'tpch tpcds hive iceberg',
      READ_CATALOGS: 'tpcds',
      WRITE_CATALOGS: 'hive iceberg',
      RETRY_POLICY: 'TASK',
      ...env,
    };
    for (const [k, v] of Object.entries(podEnv)) if (v === '') delete podEnv[k];
    const r = spawnSync('bash', ['-c', SMOKE_TEST_SCRIPT], {
      env: {
        ...podEnv,
        PATH: `${bin}:/usr/bin:/bin`,
        HOME: dir,
        TMPDIR: dir,
        STUB_DIR: dir,
        TERMINATION_LOG: path.join(dir, 'termination-log'),
      },
      encoding: 'utf8',
    });
    const read = (f: string) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8') : '');
    const lines = (f: string) => read(f).split('\n').filter((l) => l.length > 0);
    return {
      status: r.status,
      message: read('termination-log'),
      statements: lines('statements'),
      args: lines('args'),
      stdout: r.stdout,
      curlArgs: lines('curl-args'),
      curlConfig: read('curl-config'),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const verdict = (run: Run) => JSON.parse(run.message.replace(/^OK /, ''));

describe('every check passes', () => {
  const run = runScript();

  test('exit 0 and an OK verdict with the figures as JSON', () => {
    expect(run.status).toBe(0);
    expect(run.message.startsWith('OK {')).toBe(true);
    expect(verdict(run)).toMatchObject({ statements: 20, workerWaitSeconds: 171.2, activeWorkers: 2 });
    expect(typeof verdict(run).coldSeconds).toBe('number');
    expect(typeof verdict(run).warmSeconds).toBe('number');
  });

  test('the summary names what passed and reads the worker wait as a scale from zero', () => {
    const summary: string = verdict(run).summary;
    expect(summary).toContain('Trino 480: 20 statements passed');
    expect(summary).toContain('catalogs tpch, tpcds, hive, iceberg listed; retry policy TASK; hive, iceberg create-insert-read-drop');
    expect(summary).toContain('171.2 s of it waiting for a worker: scale from zero');
  });

  test('first the known-answer query (timed, tagged as the cold one), then its re-run, then the rest in order', () => {
    const s = run.statements;
    expect(s[0]).toBe('SELECT count(*) FROM "tpch".tiny.nation');
    expect(s[1]).toBe(s[0]);
    expect(run.args[0]).toContain('--source cdk-trino-eks-smoke-0123456789-cold');
    expect(run.args[1]).toContain('--source cdk-trino-eks-smoke-0123456789 ');
    expect(s[3]).toContain("WHERE source = 'cdk-trino-eks-smoke-0123456789-cold'");
    expect(s).toContain('SHOW CATALOGS');
    expect(s).toContain("SHOW SESSION LIKE 'retry_policy'");
    expect(s.some((x) => x.includes('JOIN "tpch".tiny.region'))).toBe(true);
    expect(s).toContain('SHOW SCHEMAS FROM "tpcds"');
  });

  test('each Glue catalog: schema and table created, written, read back, then dropped (table first)', () => {
    for (const c of ['hive', 'iceberg']) {
      const mine = run.statements.filter((x) => x.includes(`"${c}".`));
      expect(mine.map((x) => x.split(' ').slice(0, 2).join(' '))).toEqual([
        'CREATE SCHEMA', 'CREATE TABLE', 'INSERT INTO', 'SELECT count(*),', 'DROP TABLE', 'DROP SCHEMA',
      ]);
      expect(mine[0]).toMatch(new RegExp(`^CREATE SCHEMA "${c}"\\."cdk_trino_eks_smoke_0123456789_\\d+"$`));
    }
  });

  test('every call goes to the coordinator Service as the configured user, in TSV, without a password', () => {
    for (const a of run.args) {
      expect(a).toContain('--server http://trino.trino.svc.cluster.local:8080 --user cdk-trino-eks-smoke');
      expect(a).toContain('--output-format TSV');
      expect(a).not.toContain('--password');
      expect(a).not.toContain('--insecure');
    }
  });
});

test('a worker already running: the first query is not a cold start', () => {
  const run = runScript({ STUB_WAIT: '800' });
  expect(verdict(run).summary).toContain('(a worker was already running)');
  expect(verdict(run).workerWaitSeconds).toBe(0.8);
});

test('a failing statement: FAILED with the step, the statement and Trino\'s error, and the scratch objects dropped', () => {
  const run = runScript({ STUB_FAIL: 'INSERT INTO "iceberg"', STUB_ERROR: 'Access Denied: Cannot write to s3://data/iceberg/x' });
  expect(run.status).toBe(1);
  const [first, second, third] = run.message.split('\n');
  expect(first).toMatch(/^FAILED iceberg: insert: INSERT INTO "iceberg"\."cdk_trino_eks_smoke_0123456789_\d+"\."cdk_trino_eks_smoke_0123456789_\d+" VALUES/);
  expect(second).toBe('Query 20260101_000000_00042_abcde failed: Access Denied: Cannot write to s3://data/iceberg/x');
  expect(third).toMatch(/^Cleanup dropped "iceberg"\..* "iceberg"\."cdk_trino_eks_smoke_0123456789_\d+"\.$/);
  const tail = run.statements.slice(-2);
  expect(tail[0]).toMatch(/^DROP TABLE IF EXISTS "iceberg"\./);
  expect(tail[1]).toMatch(/^DROP SCHEMA IF EXISTS "iceberg"\./);
});

test('a cleanup that fails too says what is left to drop by hand', () => {
  const run = runScript({ STUB_FAIL: '"iceberg"' });
  expect(run.message).toMatch(/^FAILED iceberg: create schema: CREATE SCHEMA "iceberg"/);
  // the schema was never created, so nothing is left: no cleanup note
  expect(run.message.split('\n')).toHaveLength(2);
  // CREATE SCHEMA works, everything else on the schema fails: its cleanup too
  const late = runScript({ STUB_FAIL: '"hive"."cdk_trino_eks_smoke_0123456789', STUB_SPARE: 'CREATE SCHEMA' });
  expect(late.message).toMatch(/^FAILED hive: create table: /);
  expect(late.message).toMatch(/\nCleanup could not drop "hive"\."cdk_trino_eks_smoke_0123456789_\d+": drop them by hand\.$/);
});

test('a wrong answer fails the known-answer query', () => {
  const run = runScript({ STUB_COUNT: '24' });
  expect(run.status).toBe(1);
  expect(run.message).toBe('FAILED first query: SELECT count(*) FROM "tpch".tiny.nation\nexpected 25, got 24');
});

test('a configured catalog missing from SHOW CATALOGS fails, naming it', () => {
  const run = runScript({ STUB_CATALOGS: 'hive system tpcds tpch' });
  expect(run.message).toBe("FAILED catalogs: SHOW CATALOGS\ncatalog 'iceberg' is not listed (listed: hive; system; tpcds; tpch)");
});

test('a session whose retry policy is not the configured one fails', () => {
  const run = runScript({ STUB_POLICY: 'NONE' });
  expect(run.message).toBe(
    "FAILED retry policy: SHOW SESSION LIKE 'retry_policy'\nthe session's retry_policy is 'NONE', the cluster is configured with TASK",
  );
});

test('without fault-tolerant execution there is no retry-policy step', () => {
  const run = runScript({ RETRY_POLICY: '' });
  expect(run.status).toBe(0);
  expect(run.statements.some((s) => s.includes('retry_policy') || s.includes('JOIN'))).toBe(false);
  expect(verdict(run).statements).toBe(18);
});

test('a scratch schema: only a table is created and dropped in it', () => {
  const run = runScript({ SCRATCH_SCHEMA: 'analytics_scratch' });
  expect(run.status).toBe(0);
  expect(run.statements.some((s) => s.includes('SCHEMA "hive"') || s.includes('SCHEMA "iceberg"'))).toBe(false);
  expect(run.statements).toContainEqual(expect.stringMatching(/^CREATE TABLE "hive"\."analytics_scratch"\."cdk_trino_eks_smoke_0123456789_\d+"/));
  expect(run.statements).toContainEqual(expect.stringMatching(/^DROP TABLE "iceberg"\."analytics_scratch"\./));
});

test('no time left: the statement is not sent and the failure says why', () => {
  const run = runScript({ BUDGET_SECONDS: '0' });
  expect(run.statements).toEqual([]);
  expect(run.message).toBe(
    'FAILED first query: SELECT count(*) FROM "tpch".tiny.nation\nno time left: the smoke test\'s 0 s ran out before this statement',
  );
});

test('with credentials and HTTPS: --password (the CLI reads TRINO_PASSWORD) and --insecure', () => {
  const run = runScript({ TRINO_PASSWORD: 'secret', TRINO_INSECURE: 'true', TRINO_SERVER: 'https://trino.trino.svc.cluster.local:8443' });
  expect(run.status).toBe(0);
  for (const a of run.args) expect(a).toMatch(/--server https:\/\/trino\.trino\.svc\.cluster\.local:8443 .* --password --insecure$/);
  expect(run.args.join('\n')).not.toContain('secret');
});

describe('behind the TLS endpoint (process-forwarded): the client protocol with curl, not the CLI', () => {
  const env = { TRINO_PASSWORD: 'pa"ss\\word', TRINO_FORWARDED_PROTO: 'https' };

  test('every check passes: the same statements, answered through POST /v1/statement and the nextUri', () => {
    const run = runScript(env, STUB_PROTOCOL_CURL);
    expect(run.status).toBe(0);
    expect(verdict(run)).toMatchObject({ statements: 20, workerWaitSeconds: 171.2, activeWorkers: 2 });
    // the stand-in CLI ran only inside the stand-in curl: every statement was sent with curl
    const posts = run.curlArgs.filter((a) => a.includes('-X POST'));
    expect(posts).toHaveLength(20);
    expect(posts[0]).toContain('--data-binary SELECT count(*) FROM "tpch".tiny.nation http://trino.trino.svc.cluster.local:8080/v1/statement');
  });

  test('X-Forwarded-Proto: https, the user and source headers; the password only in the config file', () => {
    const run = runScript(env, STUB_PROTOCOL_CURL);
    const posts = run.curlArgs.filter((a) => a.includes('-X POST'));
    expect(posts[0]).toContain('-H X-Forwarded-Proto: https -H X-Trino-User: cdk-trino-eks-smoke -H X-Trino-Source: cdk-trino-eks-smoke-0123456789-cold');
    expect(run.curlArgs.join('\n')).not.toContain('word');
    expect(run.curlConfig).toBe('user = "cdk-trino-eks-smoke:pa\\"ss\\\\word"\n');
  });

  test("the nextUri's https scheme is followed on the coordinator Service over HTTP", () => {
    const run = runScript(env, STUB_PROTOCOL_CURL);
    expect(run.curlArgs.some((a) => a.endsWith(' http://trino.trino.svc.cluster.local:8080/v1/statement/queued/q/y/1'))).toBe(true);
    expect(run.curlArgs.some((a) => a.includes('https://trino.trino.svc.cluster.local:8080/v1/statement/queued'))).toBe(false);
  });

  test("a failing statement: Trino's error message (the first one, unescaped), as the CLI prints it", () => {
    const run = runScript({ ...env, STUB_FAIL: 'CREATE SCHEMA "hive"', STUB_ERROR: 'Access Denied: Cannot create schema' }, STUB_PROTOCOL_CURL);
    expect(run.status).toBe(1);
    expect(run.message.split('\n').slice(0, 2)).toEqual([
      expect.stringMatching(/^FAILED hive: create schema: CREATE SCHEMA "hive"\."cdk_trino_eks_smoke_0123456789_\d+"$/),
      'Query 20260101_000000_00042_abcde failed: Access Denied: Cannot create schema: "x"',
    ]);
  });

  test('an HTTP error (a wrong password: 401) fails the first statement with the status and body', () => {
    const deny = `#!/usr/bin/env bash
case "\${@: -1}" in */v1/info) echo '{"starting":false}'; exit 0 ;; esac
printf 'Unauthorized\\n401'
`;
    const run = runScript(env, deny);
    expect(run.message).toBe(
      'FAILED first query: SELECT count(*) FROM "tpch".tiny.nation\nHTTP 401 from http://trino.trino.svc.cluster.local:8080/v1/statement: Unauthorized',
    );
  });

  test('without a password the CLI is used as before', () => {
    const run = runScript({ TRINO_FORWARDED_PROTO: 'https' }, STUB_PROTOCOL_CURL);
    expect(run.status).toBe(0);
    expect(run.args).toHaveLength(20);
    expect(run.curlArgs.filter((a) => a.includes('-X POST'))).toHaveLength(0);
  });
});
