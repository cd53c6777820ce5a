#!/bin/bash
# A round of BENCHMARKS.md (ROUND=round4 names its output folder): scale bench (latency vs FTS5), recall at 10k,
# HTTP load at 10k and 100k (cache off with all facets, cache off with
# facets=none, cache on), server CPU per request of each load query at 10k
# (scripts/http_cost.sh), serve memory at 100k. Reads $SCALE_DATA (default
# ../scale-data: corpus, idx-1k/10k/100k); writes $SCALE_DATA/$ROUND/. Build first:
#   cargo build --release --bin plansearch --example loadtest && cargo bench --bench scale --no-run
set -u
cd "$(dirname "$0")/.."
DATA=${SCALE_DATA:-../scale-data}; OUT=$DATA/${ROUND:-round3}; mkdir -p $OUT
B=$(ls -t target/release/deps/scale-* | grep -v '\.d$' | head -1)
echo "bench binary $B" > $OUT/meta.txt; git log --oneline -1 >> $OUT/meta.txt; date >> $OUT/meta.txt
SCALE_SIZES=1k,10k SCALE_RECALL=0 $B > $OUT/scale-small.txt 2>&1
SCALE_SIZES=100k SCALE_RECALL=0 SCALE_CLASSES="one word,one word + all facets,3 unaccented words,accented phrase,acronym,citation number,filter only (year+topic),all facets" $B > $OUT/scale-100k.txt 2>&1
SCALE_SIZES=10k SCALE_CLASSES=none $B > $OUT/recall-10k.txt 2>&1
for n in 10k 100k; do
  for mode in "0 " "0 facets=none" "1000 "; do
    set -- $mode; cache=$1; extra=${2:-}
    target/release/plansearch serve --index $DATA/idx-$n --addr 127.0.0.1:18187 --search-cache $cache > /dev/null 2>&1 &
    P=$!; sleep 4
    for c in 1 8 64; do
      echo -n "$n cache=$cache extra=$extra " >> $OUT/load.txt
      target/release/examples/loadtest --url http://127.0.0.1:18187 --connections $c --duration 15 --warmup 3 --extra "$extra" >> $OUT/load.txt 2>&1
    done
    kill $P; wait $P 2>/dev/null
  done
done
scripts/http_cost.sh target/release/plansearch $DATA/idx-10k > $OUT/http-cost-10k.txt 2>&1
scripts/serve_rss.sh target/release/plansearch $DATA/idx-100k 15 > $OUT/rss-100k.txt 2>&1
date >> $OUT/meta.txt
