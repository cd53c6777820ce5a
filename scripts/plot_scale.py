#!/usr/bin/env python3
"""Plots cost against corpus size from the scale benchmark's results.

    pip install matplotlib
    python3 scripts/plot_scale.py ../scale-data docs/scale.png

Reads DATA/results.jsonl (appended by `cargo bench --bench scale`; the last run of each
size and class wins) and DATA/index-results.txt (lines written by the indexing runs:
`n=10k bytes=… time(wall user sys maxrssKB)=W U S R size=…`). Draws query latency
p50 per class for plansearch (solid) and SQLite FTS5 (dashed), and indexing CPU
seconds per MB, each against the number of plans on log-log axes.
"""
import json
import re
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    data, out = sys.argv[1], sys.argv[2]
    latest = {}
    with open(f"{data}/results.jsonl", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if "class" in r:
                latest[(r["class"], r["size"])] = r
    classes = sorted({c for c, _ in latest})
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(13, 5.5))
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for i, c in enumerate(classes):
        pts = sorted((s, r) for (k, s), r in latest.items() if k == c)
        xs = [s for s, _ in pts]
        col = colors[i % len(colors)]
        ax.plot(xs, [r["ps_p50"] for _, r in pts], "-o", color=col, label=f"{c}")
        ax.plot(xs, [r["fts_p50"] for _, r in pts], "--x", color=col, alpha=0.6)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("plans")
    ax.set_ylabel("p50 latency (ms)")
    ax.set_title("Query p50: plansearch (solid) vs SQLite FTS5 (dashed)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)

    idx = []
    try:
        with open(f"{data}/index-results.txt", encoding="utf-8") as f:
            for line in f:
                m = re.search(r"n=(\d+)k bytes=(\d+) time\([^)]*\)=([\d.]+) ([\d.]+) ([\d.]+) (\d+) size=(\d+)", line)
                if m:
                    n, b, wall, user, sys_, rss, size = m.groups()
                    mb = int(b) / 1e6
                    idx.append((int(n) * 1000, float(wall) / mb, (float(user) + float(sys_)) / mb))
    except FileNotFoundError:
        pass
    latest_idx = {}
    for n, w, c in idx:
        latest_idx[n] = (w, c)
    if latest_idx:
        xs = sorted(latest_idx)
        ax2.plot(xs, [latest_idx[x][0] for x in xs], "-o", label="wall s / MB (shared machine)")
        ax2.plot(xs, [latest_idx[x][1] for x in xs], "-s", label="CPU s / MB")
        ax2.set_xscale("log")
        ax2.set_xlabel("plans")
        ax2.set_ylabel("seconds per MB of plans")
        ax2.set_title("Indexing cost (read, extract, analyze, index)")
        ax2.grid(True, which="both", alpha=0.3)
        ax2.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
