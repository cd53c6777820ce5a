#!/usr/bin/env bash
# Property-based test of the HTTP API against its own description: starts
# `plansearch serve` on the sample plans (index-data/plans, in a scratch folder, with
# an admin token so writes are exercised too) and runs schemathesis on
# /api/openapi.json. Fails on any 5xx, and on any answer whose status, content type
# or body the document does not describe.
#
#   scripts/schemathesis.sh                     # 100 cases per operation
#   MAX_EXAMPLES=500 scripts/schemathesis.sh    # more
#   scripts/schemathesis.sh --checks all        # extra schemathesis arguments
#
# Needs Python 3; installs schemathesis into target/schemathesis-venv when it is not
# on PATH (`pip install schemathesis`, PyPI must be reachable). Uses the release
# binary, building it when missing (PLANSEARCH_BIN overrides).
set -euo pipefail
cd "$(dirname "$0")/.."

st=$(command -v schemathesis || true)
if [ -z "$st" ]; then
  venv=target/schemathesis-venv
  if [ ! -x "$venv/bin/schemathesis" ]; then
    echo "== installing schemathesis into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet schemathesis
  fi
  st=$venv/bin/schemathesis
fi

bin=${PLANSEARCH_BIN:-target/release/plansearch}
if [ ! -x "$bin" ]; then
  echo "== building $bin"
  cargo build --release --locked
fi

work=$(mktemp -d)
cp -r index-data/plans "$work/plans"
token=schemathesis-$$
"$bin" serve --addr 127.0.0.1:0 --index "$work/index" --data "$work/plans" \
  --admin-token "$token" 2>"$work/serve.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT

base=
for _ in $(seq 1 300); do
  base=$(grep -o 'http://[0-9.:]*' "$work/serve.log" | head -n1 || true)
  [ -n "$base" ] && break
  kill -0 $server 2>/dev/null || { cat "$work/serve.log"; exit 1; }
  sleep 0.1
done
[ -n "$base" ] || { echo "server did not start"; cat "$work/serve.log"; exit 1; }
echo "== server at $base"

"$st" run "$base/api/openapi.json" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --header "Authorization: Bearer $token" \
  --max-examples "${MAX_EXAMPLES:-100}" \
  --seed "${SEED:-20261122}" \
  --request-timeout 30 \
  --output-truncate true \
  "$@"
