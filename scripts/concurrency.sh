#!/usr/bin/env bash
# 64 concurrent searchers against adds and deletes through the API, for SECS seconds
# (default 60; `cargo test` runs the same test for 15 s). Prints the request count,
# errors, stale reads and the server's memory at start and end.
set -euo pipefail
cd "$(dirname "$0")/.."
PLANSEARCH_CONCURRENCY_SECS="${SECS:-60}" \
  cargo test --locked --test concurrency -- --nocapture 2>&1 | grep -E '^concurrency:|test result|panicked|error'
