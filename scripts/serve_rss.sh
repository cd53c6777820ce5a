#!/usr/bin/env bash
# Memory and start-up of `plansearch serve` on an existing index:
#   scripts/serve_rss.sh target/release/plansearch ../scale-data/idx-100k [seconds]
# Prints the time from start to the first answered search, the resident set size
# (VmRSS) when idle, and its peak during a load of back-to-back searches from two
# curl loops (the load client examples/loadtest.rs lives on another branch; curl is
# what this script can count on).
set -euo pipefail
BIN=${1:?binary}
INDEX=${2:?index folder}
SECS=${3:-20}
PORT=${PORT:-18089}
URL="http://127.0.0.1:$PORT"

start=$(date +%s.%N)
"$BIN" serve --index "$INDEX" --addr "127.0.0.1:$PORT" > /tmp/serve_rss.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
until curl -sf "$URL/api/search?q=c%E1%BA%A3i+c%C3%A1ch" > /dev/null; do
  kill -0 $PID 2>/dev/null || { cat /tmp/serve_rss.log; exit 1; }
  sleep 0.02
done
first=$(echo "$(date +%s.%N) - $start" | bc)
echo "first answer after ${first} s"
sleep 5
echo "idle RSS: $(grep VmRSS /proc/$PID/status | awk '{print $2}') kB"

QUERIES=(
  "q=c%E1%BA%A3i+c%C3%A1ch+h%C3%A0nh+ch%C3%ADnh" "q=cai+cach+hanh+chinh" "q=TTHC"
  "q=%22d%E1%BB%8Bch+v%E1%BB%A5+c%C3%B4ng+tr%E1%BB%B1c+tuy%E1%BA%BFn%22" "q=61%2F2018%2FN%C4%90-CP"
  "q=tuyen+truyen&year=2024" "q=CCHC&level=xa" "year=2023&topic=one-stop-shop" "q=dak+lak"
  "q=Ngh%E1%BB%8B+quy%E1%BA%BFt+76" "q=chuyen+doi+so&sort=date_desc" "q=bu%C6%B0u+ch%C3%ADnh"
)
load() {
  local end=$((SECONDS + SECS)) i=$1 n=0
  while [ $SECONDS -lt $end ]; do
    curl -sf "$URL/api/search?${QUERIES[$((i % ${#QUERIES[@]}))]}" > /dev/null || true
    i=$((i + 1)); n=$((n + 1))
  done
  echo $n > /tmp/serve_rss.n.$1
}
load 0 & L1=$!
load 5 & L2=$!
peak=0
while kill -0 $L1 2>/dev/null || kill -0 $L2 2>/dev/null; do
  r=$(grep VmRSS /proc/$PID/status | awk '{print $2}')
  [ "$r" -gt "$peak" ] && peak=$r
  sleep 0.2
done
total=$(( $(cat /tmp/serve_rss.n.0) + $(cat /tmp/serve_rss.n.5) ))
echo "peak RSS under load: ${peak} kB (${total} searches in ${SECS} s from 2 curl loops)"
echo "RSS after load: $(grep VmRSS /proc/$PID/status | awk '{print $2}') kB"
