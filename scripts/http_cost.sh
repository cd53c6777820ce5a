#!/bin/bash
# Server CPU per request of each query of the load mix (examples/loadtest.rs), alone:
# 4 connections for SECS seconds each (default 3), cache off, CPU read from
# /proc/PID/stat before and after. The load client shares the machine; this counts
# the server's CPU only, which is what the 2-core requests/s target divides.
#   scripts/http_cost.sh target/release/plansearch ../scale-data/idx-10k [extra-params]
set -u
cd "$(dirname "$0")/.."
BIN=$1; IDX=$2; EXTRA=${3:-}; SECS=${SECS:-3}; PORT=${PORT:-18189}
HZ=$(getconf CLK_TCK)
$BIN serve --index "$IDX" --addr 127.0.0.1:$PORT --search-cache 0 > /dev/null 2>&1 &
P=$!; trap 'kill $P 2>/dev/null' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/api/health" && break; sleep 0.2; done
cpu() { awk '{print $14+$15}' /proc/$P/stat; }
costs=()
while read -r q; do
  qq="$q"; [ -n "$EXTRA" ] && qq="${q:+$q&}$EXTRA"; [ -z "$qq" ] && qq="q="
  t0=$(cpu)
  out=$(target/release/examples/loadtest --url http://127.0.0.1:$PORT --connections 4 --duration "$SECS" --warmup 0 --query "$qq")
  t1=$(cpu)
  n=$(echo "$out" | sed -E 's/.*requests=([0-9]+).*/\1/')
  c=$(python3 -c "print(($t1-$t0)*1000/$HZ/$n)")
  costs+=("$c")
  python3 -c "import sys,urllib.parse as u; print(f'{$c:6.3f} ms CPU/request  {$n/$SECS:7.0f} req/s  ' + u.unquote_plus(sys.argv[1]))" "$qq"
done < <(grep -E '^    "(.*)",$' examples/loadtest.rs | sed -E 's/^    "(.*)",$/\1/')
# The mix sends each query equally often: its cost is the plain mean.
python3 -c "import sys; c=sum(map(float,sys.argv[1:]))/len(sys.argv[1:]); print(f'mean over the mix {c:.3f} ms CPU/request: {2000/c:.0f} req/s on 2 cores if the server had them alone')" "${costs[@]}"
