// SPDX-License-Identifier: Apache-2.0

/**
 * The bash script the smoke-test pod runs in the Trino image. It needs bash (the image's own `run-trino` and
 * `health-check` are bash scripts: trinodb/trino core/docker/bin/run-trino, core/docker/bin/health-check) and the
 * `trino` CLI, which the image ships as `/usr/bin/trino`, the executable JAR of the same release
 * (trinodb/trino core/docker/Dockerfile: `COPY trino-cli-${TRINO_VERSION}-executable.jar /usr/bin/trino`). `curl`
 * (used by the image's health check) and coreutils `timeout` are used when present.
 *
 * Inputs (environment): TRINO_SERVER, TRINO_USER, TRINO_PASSWORD (optional: the CLI's `--password` reads it, as the
 * chart's own templates/tests/test-connection.yaml does), TRINO_INSECURE, TRINO_FORWARDED_PROTO, RUN_ID, BUDGET_SECONDS, TPCH_CATALOG,
 * EXPECT_CATALOGS, READ_CATALOGS, WRITE_CATALOGS (space-separated), RETRY_POLICY, SCRATCH_SCHEMA, and for tests
 * TERMINATION_LOG and TRINO_CLI.
 *
 * Output: the termination message (`/dev/termination-log`), at most 3000 characters so that it fits, with the
 * custom-resource response around it, in CloudFormation's 4096-byte limit:
 * - `OK {"summary": ..., "statements": n, "coldSeconds": s, "warmSeconds": s, "workerWaitSeconds": s|null, "activeWorkers": n|null}`
 * - `FAILED <step>: <statement>` and, on the next lines, Trino's error (the CLI's `Query <id> failed: <message>`,
 *   trinodb/trino client/trino-cli/src/main/java/io/trino/cli/Query.java) and what the cleanup did.
 *
 * Every statement runs in its own CLI call, so a failure names its statement and the timings are per statement.
 *
 * With TRINO_FORWARDED_PROTO=https and a password (a coordinator behind the TLS endpoint, with
 * `http-server.process-forwarded=true`), the CLI cannot be used: it refuses to send a password over `http://`
 * (trinodb/trino client/trino-client/src/main/java/io/trino/client/OkHttpUtil.java `basicAuth`: "Authentication using
 * username/password requires HTTPS to be enabled"). The script then speaks Trino's client protocol with curl: `POST
 * /v1/statement`, then GET each `nextUri` until there is none (trinodb/trino client/trino-client/.../StatementClientV1.java),
 * with `X-Forwarded-Proto: https` so the coordinator treats the request as secure and checks the password
 * (AuthenticationFilter: authenticators run only on a secure request; airlift ForwardedRequestCustomizer). Trino
 * builds each `nextUri` from the forwarded scheme (`https://…:8080/…`), so the script follows its path on
 * TRINO_SERVER. It prints the rows as the CLI's TSV does and an error as `Query <id> failed: <message>`.
 * @internal
 */
export const SMOKE_TEST_SCRIPT = `# TrinoSmokeTest (cdk-trino-eks): SQL through the coordinator Service with the Trino CLI of the server's image.
# Verdict in the termination message: "OK <json>", or "FAILED <step>: <statement>" with Trino's error below it.
set -u
NL=$'\\n'
TAB=$'\\t'
MSG_FILE="\${TERMINATION_LOG:-/dev/termination-log}"
CLI="\${TRINO_CLI:-trino}"
WORK="\${TMPDIR:-/tmp}"

now_ms() {
  local t="\${EPOCHREALTIME:-}"
  if [ -n "$t" ]; then t="\${t//[.,]/}"; echo $(( 10#$t / 1000 )); else date +%s%3N; fi
}
secs() { printf '%d.%d' $(( $1 / 1000 )) $(( ($1 % 1000) / 100 )); }
START_MS=$(now_ms)
DEADLINE_MS=$(( START_MS + BUDGET_SECONDS * 1000 ))
log() { printf '[smoke +%ss] %s\\n' "$(secs $(( $(now_ms) - START_MS )))" "$*"; }
q() { printf '"%s"' "$1"; }
shown() { local s="$1"; s="\${s//$TAB/ | }"; s="\${s//$NL/; }"; printf '%s' "\${s:0:300}"; }
write() { printf '%s' "\${1:0:3000}" > "$MSG_FILE"; }

STATEMENTS=0
TABLES=()
SCHEMAS=()
OUT=''
ERR=''
ELAPSED_MS=0
CLEANUP_NOTE=''
SOURCE="cdk-trino-eks-smoke-\${RUN_ID}"

# The "data" rows of one Trino QueryResults JSON document, appended to ROWS as TSV lines (strings unescaped, null as
# NULL; the smoke test's queries return only scalars).
json_rows() {
  local j="$1" pre n i c s tok='' row='' nf=0 depth=0 str=0
  pre="\${j%%'"data":['*}"
  [ "$pre" = "$j" ] && return 0
  i=$(( \${#pre} + 8 )); n=\${#j}
  while (( i < n )); do
    c="\${j:i:1}"
    if [ "$c" = '"' ]; then
      s=''; i=$(( i + 1 ))
      while (( i < n )); do
        c="\${j:i:1}"
        if [ "$c" = '\\' ]; then
          i=$(( i + 1 )); c="\${j:i:1}"
          case "$c" in n) s+="$NL" ;; t) s+="$TAB" ;; r|b|f) ;; u) s+="\\\\u\${j:i+1:4}"; i=$(( i + 4 )) ;; *) s+="$c" ;; esac
        elif [ "$c" = '"' ]; then
          break
        else
          s+="$c"
        fi
        i=$(( i + 1 ))
      done
      tok="$s"; str=1
    elif [ "$c" = '[' ]; then
      depth=$(( depth + 1 )); row=''; nf=0; tok=''; str=0
    elif [ "$c" = ',' ] || [ "$c" = ']' ]; then
      if (( depth == 1 )); then
        if (( str == 0 )); then tok="\${tok//[[:space:]]/}"; [ "$tok" = null ] && tok=NULL; fi
        if [ "$c" = ',' ] || (( nf > 0 || str == 1 )) || [ -n "$tok" ]; then
          (( nf > 0 )) && row+="$TAB"
          row+="$tok"; nf=$(( nf + 1 ))
        fi
        tok=''; str=0
        if [ "$c" = ']' ]; then ROWS+="\${ROWS:+$NL}$row"; depth=0; fi
      elif [ "$c" = ']' ]; then
        return 0
      fi
    elif (( depth == 1 )); then
      tok+="$c"
    fi
    i=$(( i + 1 ))
  done
}

# One statement through Trino's client protocol with curl (see above), within LEFT seconds: rows in OUT, error in ERR.
http_statement() {
  local sql="$1" source="$2" left="$3" errf="$WORK/smoke-stderr" cfg="$WORK/smoke-curl-auth"
  local deadline=$(( $(now_ms) + $3 * 1000 )) body code uri id='' rest next u p
  local re_id='^\\{"id":"([^"]+)"' re_msg='"message":"(([^"\\\\]|\\\\.)*)"' re_next='"nextUri":"([^"]+)"'
  # the credentials reach curl in a config file, not on its command line (quotes and backslashes escaped)
  u="\${TRINO_USER//\\\\/\\\\\\\\}"; u="\${u//\\"/\\\\\\"}"; p="\${TRINO_PASSWORD//\\\\/\\\\\\\\}"; p="\${p//\\"/\\\\\\"}"
  ( umask 077; printf 'user = "%s:%s"\\n' "$u" "$p" > "$cfg" )
  local args=(-sS -K "$cfg" -H "X-Forwarded-Proto: $TRINO_FORWARDED_PROTO" -H "X-Trino-User: $TRINO_USER" -H "X-Trino-Source: $source" -w '\\n%{http_code}')  # curl writes \\n as a newline
  ROWS=''
  uri="$TRINO_SERVER/v1/statement"
  body="$(curl "\${args[@]}" --max-time "$left" -X POST -H 'Content-Type: text/plain; charset=utf-8' --data-binary "$sql" "$uri" 2>"$errf")" \\
    || { ERR="POST $uri: $(< "$errf")"; return 1; }
  while :; do
    code="\${body##*$NL}"; body="\${body%$NL*}"
    if [ "$code" = 503 ]; then
      sleep 1
    elif [ "$code" != 200 ]; then
      ERR="HTTP $code from $uri: \${body:0:500}"; return 1
    else
      [[ $body =~ $re_id ]] && id="\${BASH_REMATCH[1]}"
      rest="\${body#*'"error":{'}"
      if [ "$rest" != "$body" ] && [[ $rest =~ $re_msg ]]; then
        ERR="\${BASH_REMATCH[1]}"; ERR="\${ERR//\\\\n/ }"; ERR="Query \${id:-?} failed: \${ERR//\\\\\\"/\\"}"
        return 1
      fi
      json_rows "$body"
      if [[ $body =~ $re_next ]]; then next="\${BASH_REMATCH[1]}"; else OUT="$ROWS"; return 0; fi
      # the nextUri carries the forwarded scheme (https://<host>:8080/...): follow its path on the coordinator Service
      uri="$TRINO_SERVER/\${next#*://*/}"
    fi
    left=$(( (deadline - $(now_ms)) / 1000 ))
    if (( left < 1 )); then ERR="no result within $3 s (what was left of the smoke test's \${BUDGET_SECONDS} s)"; return 124; fi
    body="$(curl "\${args[@]}" --max-time "$left" "$uri" 2>"$errf")" || { ERR="GET $uri: $(< "$errf")"; return 1; }
  done
}

# One statement through the CLI, within what is left of the budget: stdout in OUT, stderr in ERR.
cli() {
  local sql="$1" source="\${2:-$SOURCE}"
  local left=$(( (DEADLINE_MS - $(now_ms)) / 1000 ))
  if (( left < 1 )); then ERR="no time left: the smoke test's \${BUDGET_SECONDS} s ran out before this statement"; return 124; fi
  if [ -n "\${TRINO_FORWARDED_PROTO:-}" ] && [ -n "\${TRINO_PASSWORD:-}" ]; then http_statement "$sql" "$source" "$left"; return; fi
  local args=(--server "$TRINO_SERVER" --user "$TRINO_USER" --source "$source" --output-format TSV --execute "$sql")
  if [ -n "\${TRINO_PASSWORD:-}" ]; then args+=(--password); fi
  if [ "\${TRINO_INSECURE:-false}" = true ]; then args+=(--insecure); fi
  local errf="$WORK/smoke-stderr" rc
  if command -v timeout >/dev/null 2>&1; then
    OUT="$(timeout "\${left}s" "$CLI" "\${args[@]}" 2>"$errf")"; rc=$?
  else
    OUT="$("$CLI" "\${args[@]}" 2>"$errf")"; rc=$?
  fi
  ERR="$(< "$errf")"
  if (( rc == 124 )); then ERR="no result within \${left} s (what was left of the smoke test's \${BUDGET_SECONDS} s)\${ERR:+: }\${ERR}"; fi
  return $rc
}

# Drops what the test created and is still there; never fails the test by itself.
cleanup() {
  (( \${#TABLES[@]} + \${#SCHEMAS[@]} )) || return 0
  DEADLINE_MS=$(( $(now_ms) + 90000 ))
  local left=() x
  for x in "\${TABLES[@]}"; do log "cleanup: DROP TABLE IF EXISTS $x"; cli "DROP TABLE IF EXISTS $x" || left+=("$x"); done
  for x in "\${SCHEMAS[@]}"; do log "cleanup: DROP SCHEMA IF EXISTS $x"; cli "DROP SCHEMA IF EXISTS $x" || left+=("$x"); done
  if (( \${#left[@]} )); then
    CLEANUP_NOTE="Cleanup could not drop \${left[*]}: drop them by hand."
  else
    CLEANUP_NOTE="Cleanup dropped \${TABLES[*]}\${TABLES[*]:+ }\${SCHEMAS[*]}."
  fi
  TABLES=()
  SCHEMAS=()
}

fail() {
  local text="FAILED $1: $2\${NL}\${3:0:1500}"
  write "$text"
  log "$text"
  cleanup
  if [ -n "$CLEANUP_NOTE" ]; then write "$text\${NL}$CLEANUP_NOTE"; log "$CLEANUP_NOTE"; fi
  exit 1
}

# A step: runs one statement and fails the test with Trino's error when it fails. Sets OUT and ELAPSED_MS.
run() {
  local step="$1" sql="$2" source="\${3:-$SOURCE}" t0
  log "$step: $sql"
  t0=$(now_ms)
  cli "$sql" "$source" || fail "$step" "$sql" "$ERR"
  ELAPSED_MS=$(( $(now_ms) - t0 ))
  STATEMENTS=$(( STATEMENTS + 1 ))
}

# A step with a known answer (TSV, no header).
expect() {
  run "$1" "$2" "\${4:-$SOURCE}"
  [ "$OUT" = "$3" ] || fail "$1" "$2" "expected $(shown "$3"), got $(shown "$OUT")"
}

log "Trino smoke test $RUN_ID against $TRINO_SERVER as $TRINO_USER, $BUDGET_SECONDS s"

# The coordinator answers (helm waited for it to be ready; its Service can lag a moment behind).
VERSION=''
if command -v curl >/dev/null 2>&1; then
  info=''
  for (( i = 0; i < 30; i++ )); do
    if info="$(curl -fsS \${TRINO_INSECURE:+-k} "$TRINO_SERVER/v1/info" 2>"$WORK/curl-stderr")" && [[ $info =~ '"starting":'[[:space:]]*false ]]; then
      break
    fi
    info=''
    sleep 2
  done
  [ -n "$info" ] || fail "connect" "GET $TRINO_SERVER/v1/info" "the coordinator did not answer as started within 60 s: $(< "$WORK/curl-stderr")"
  [[ $info =~ '"version":"'([^\\"]+) ]] && VERSION="\${BASH_REMATCH[1]}"
fi

# 1. The first query has a known answer and needs a worker: with 0 workers it waits for KEDA, Karpenter, the image
#    pull and the JVM (it is timed from submission to its one-row result). Then the same query warm.
NATION="$(q "$TPCH_CATALOG").tiny.nation"
expect "first query" "SELECT count(*) FROM $NATION" 25 "$SOURCE-cold"
COLD_MS=$ELAPSED_MS
expect "re-run" "SELECT count(*) FROM $NATION" 25
WARM_MS=$ELAPSED_MS
run "active workers" "SELECT count(*) FROM system.runtime.nodes WHERE coordinator = false AND state = 'active'"
WORKERS="$OUT"
[[ $WORKERS =~ ^[0-9]+$ ]] || WORKERS=null
# created -> started is queueing, waiting for a worker and dispatching; queued_time_ms is the queueing
run "worker wait" "SELECT coalesce(max(date_diff('millisecond', created, started) - queued_time_ms), -1) FROM system.runtime.queries WHERE source = '$SOURCE-cold'"
WAIT_MS="$OUT"
[[ $WAIT_MS =~ ^-?[0-9]+$ ]] || WAIT_MS=-1

# 2. Every configured catalog is loaded.
run "catalogs" "SHOW CATALOGS"
listed=" \${OUT//$NL/ } "
for c in $EXPECT_CATALOGS; do
  [[ $listed == *" $c "* ]] || fail "catalogs" "SHOW CATALOGS" "catalog '$c' is not listed (listed: $(shown "$OUT"))"
done

# 3. Fault-tolerant execution: the session has the configured retry policy, and a query with exchanges runs with it.
if [ -n "\${RETRY_POLICY:-}" ]; then
  run "retry policy" "SHOW SESSION LIKE 'retry_policy'"
  IFS="$TAB" read -r _ policy _ <<< "$OUT"
  [ "$policy" = "$RETRY_POLICY" ] || fail "retry policy" "SHOW SESSION LIKE 'retry_policy'" "the session's retry_policy is '$policy', the cluster is configured with $RETRY_POLICY"
  REGION="$(q "$TPCH_CATALOG").tiny.region"
  expect "fault-tolerant query" "SELECT r.name, count(*) FROM $NATION n JOIN $REGION r ON n.regionkey = r.regionkey GROUP BY r.name ORDER BY r.name" "AFRICA\${TAB}5\${NL}AMERICA\${TAB}5\${NL}ASIA\${TAB}5\${NL}EUROPE\${TAB}5\${NL}MIDDLE EAST\${TAB}5"
fi

# 4. Catalogs without a write check: their connector answers.
for c in \${READ_CATALOGS:-}; do
  run "$c: list schemas" "SHOW SCHEMAS FROM $(q "$c")"
done

# 5. Glue + S3 catalogs: a scratch schema and table, created, written, read back and dropped.
NAME="cdk_trino_eks_smoke_\${RUN_ID}_$(( START_MS / 1000 ))"
for c in \${WRITE_CATALOGS:-}; do
  if [ -n "\${SCRATCH_SCHEMA:-}" ]; then
    s="$(q "$c").$(q "$SCRATCH_SCHEMA")"
  else
    s="$(q "$c").$(q "$NAME")"
    run "$c: create schema" "CREATE SCHEMA $s"
    SCHEMAS+=("$s")
  fi
  t="$s.$(q "$NAME")"
  run "$c: create table" "CREATE TABLE $t (id integer, name varchar)"
  TABLES+=("$t")
  run "$c: insert" "INSERT INTO $t VALUES (1, 'cdk-trino-eks'), (2, 'smoke test')"
  expect "$c: read back" "SELECT count(*), sum(id), max(name) FROM $t" "2\${TAB}3\${TAB}smoke test"
  run "$c: drop table" "DROP TABLE $t"
  TABLES=()
  if [ -z "\${SCRATCH_SCHEMA:-}" ]; then
    run "$c: drop schema" "DROP SCHEMA $s"
    SCHEMAS=()
  fi
done

# 6. The verdict.
if (( WAIT_MS >= 5000 )); then
  cold="$(secs "$WAIT_MS") s of it waiting for a worker: scale from zero"
elif (( WAIT_MS >= 0 )); then
  cold="a worker was already running"
else
  cold="worker wait unknown"
fi
checks="catalogs \${EXPECT_CATALOGS// /, } listed"
[ -n "\${RETRY_POLICY:-}" ] && checks+="; retry policy \${RETRY_POLICY}"
[ -n "\${WRITE_CATALOGS:-}" ] && checks+="; \${WRITE_CATALOGS// /, } create-insert-read-drop"
summary="Trino \${VERSION:-?}: \${STATEMENTS} statements passed (\${checks}). First query $(secs "$COLD_MS") s (\${cold}), re-run $(secs "$WARM_MS") s; active workers afterwards: \${WORKERS}."
if (( WAIT_MS >= 0 )); then wait_json="$(secs "$WAIT_MS")"; else wait_json=null; fi
write "OK {\\"summary\\":\\"\${summary}\\",\\"statements\\":\${STATEMENTS},\\"coldSeconds\\":$(secs "$COLD_MS"),\\"warmSeconds\\":$(secs "$WARM_MS"),\\"workerWaitSeconds\\":\${wait_json},\\"activeWorkers\\":\${WORKERS}}"
log "OK: $summary"
`;
