#!/usr/bin/env bash
# Runs the fuzz targets one after the other, niced, SECS seconds each (default 1800),
# with seed corpora made from ../shared (read in place, copied into the git-ignored
# fuzz/corpus/). Final libFuzzer stats go to fuzz/logs/TARGET.log.
#
#   fuzz/run.sh                      # all targets, 30 min each
#   SECS=60 TARGETS="query" fuzz/run.sh
#   SANITIZER=none fuzz/run.sh       # without ASan
#   NICE=19 fuzz/run.sh              # niceness (default 15)
set -uo pipefail
cd "$(dirname "$0")"
SECS=${SECS:-1800}
TARGETS=${TARGETS:-"decode analyzer extract query"}
SANITIZER=${SANITIZER:-address}
SHARED=${SHARED:-../../shared}
mkdir -p corpus logs artifacts

seed_corpus() {
  local t=$1 dir=corpus/$1
  mkdir -p "$dir"
  [ -n "$(ls -A "$dir" 2>/dev/null)" ] && return
  case $t in
    query)
      # One query per file: words, phrases, exclusions, OR, numbers, odd marks.
      local i=0
      while IFS= read -r q; do
        printf '\xff%s' "$q" > "$dir/q$i"; i=$((i + 1))
      done <<'QUERIES'
cải cách hành chính
chuyen doi so
"thủ tục hành chính" -Zalo
PAPI OR PCI OR SIPAS năm 2024
76/NQ-CP
57-nq/tw tỉnh Lạng Sơn
kế hoạch năm 2023 cấp huyện
"một cửa - 
OR "" -- - "a" OR OR -"b c"
ctia Pang ĐẢNG đảng
UBND TTHC CCHC
Quyết định số 1234/QĐ-UBND ngày 12/5/2023
QUERIES
      ;;
    *)
      # Plans, cut to what libFuzzer keeps (max_len), plus legacy-encoded ones.
      for f in "$SHARED"/seeds/* "$SHARED"/corpus/real/*; do
        [ -f "$f" ] && head -c 8192 "$f" > "$dir/$(basename "$f")"
      done
      # The same plans in the legacy TCVN3 and VNI byte encodings.
      python3 - "$dir" "$SHARED"/seeds/* <<'PY'
import sys, unicodedata
out, files = sys.argv[1], sys.argv[2:4]
tables = {"tcvn3": {}, "vni": {}}
for line in open("../data/legacy_encodings.tsv", encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    enc, hexes, letter = line.rstrip("\n").split("\t")
    tables[enc].setdefault(letter, bytes(int(h, 16) for h in hexes.split()))
for enc, table in tables.items():
    for i, f in enumerate(files):
        text = unicodedata.normalize("NFC", open(f, encoding="utf-8").read()[:4000])
        b = bytearray()
        for c in text:
            code = table.get(c) or table.get(c.lower())
            b += code if code else c.encode("cp1252", "replace")
        open(f"{out}/{enc}-{i}", "wb").write(bytes(b))
PY
      ;;
  esac
}

status=0
for t in $TARGETS; do
  seed_corpus "$t"
  # Short inputs run many times faster, and bugs show on short inputs.
  case $t in
    query) max_len=1200 ;;
    decode) max_len=4096 ;;
    *) max_len=2048 ;;
  esac
  echo "== $t: $SECS s ($(ls corpus/$t | wc -l) seeds, sanitizer $SANITIZER)"
  if RUSTC_BOOTSTRAP=1 nice -n ${NICE:-15} cargo fuzz run -O -s "$SANITIZER" "$t" "corpus/$t" -- \
      -max_total_time="$SECS" -max_len="$max_len" -timeout=10 -rss_limit_mb=4096 \
      -print_final_stats=1 > "logs/$t.log" 2>&1; then
    grep -E '^stat::number_of_executed_units|^Done' "logs/$t.log" | tail -2
  else
    echo "$t: FAILED (crash, timeout or build error): see fuzz/logs/$t.log and fuzz/artifacts/$t/"
    status=1
  fi
done
exit $status
