#!/usr/bin/env bash
# Thread churn: the generated 10,000-line module built plain and woven (count mode), then
# 4,000 short-lived threads run it, in fresh processes alternating plain, woven, plain again
# (the second plain run gives the noise floor), CHURN_ROUNDS (5) of each; medians and ratios.
# Progress goes to stderr; the Markdown section for bench/RESULTS.md to stdout, ending with
# PASS/MISS against the targets (woven resident memory at most 1.3x plain, a function
# analysis under 200 ms, counts exact). CHURN_LABEL names the code measured in the heading (by default the current design,
# whose section a new run replaces; a labelled "before" stays beside it).
set -euo pipefail
cd "$(dirname "$0")/../.."
out="$PWD/bench/out/churn"
rm -rf "$out" && mkdir -p "$out"
rounds="${CHURN_ROUNDS:-5}"
threads="${CHURN_THREADS:-4000}"
concurrency="${CHURN_CONCURRENCY:-8}"
current="after: dead threads' blocks reused"
label="${CHURN_LABEL:-$current}"

bash bench/Churn/generate.sh bench/Churn/Module/Lines.g.cs 500
# Each variant's program and module are copied aside, so the two builds cannot overwrite each other.
for variant in plain count; do
  dotnet build bench/Churn/Driver -c Release -nologo -v quiet -p:BenchVariant=$variant >&2
  cp -r bench/Churn/Driver/bin/$variant/net10.0 "$out/$variant"
done

tsv="$out/runs.tsv"
: > "$tsv"
for round in $(seq 1 "$rounds"); do
  for variant in plain count plain-again; do
    line=$(dotnet "$out/${variant%-again}/CoverWeaver.Bench.Churn.dll" "$threads" "$concurrency" 5)
    printf '%s\t%s\n' "$variant" "$line" >> "$tsv"
    echo "round $round $variant: $line" >&2
  done
done

lines=$(grep -c 'x = ' bench/Churn/Module/Lines.g.cs || true)
awk -F'\t' -v rounds="$rounds" -v threads="$threads" -v concurrency="$concurrency" -v label="$label" -v lines="$((lines + 500))" '
  # fields: variant, woven, VmRSS kB, VmHWM kB, wall ms, analysis ms, first analysis ms, counts
  { rss[$1] = rss[$1] " " $3; hwm[$1] = hwm[$1] " " $4; wall[$1] = wall[$1] " " $5
    if ($1 == "count") { analysis = analysis " " $6; first = first " " $7; runs++; if ($8 == "exact") exact++ }
    if ($2 != ($1 == "count" ? 1 : 0)) wrongbuild++ }
  function mid(list,   a, c, i, j, t) {
    c = split(list, a, " ")
    for (i = 2; i <= c; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return c % 2 ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2
  }
  function row(name, values, unit, scale,   p, w, q) {
    p = mid(values["plain"]) / scale; w = mid(values["count"]) / scale; q = mid(values["plain-again"]) / scale
    printf "| %s | %.1f %s | %.1f %s | %.2fx | %.1f %s | %.2fx |\n", name, p, unit, w, unit, w / p, q, unit, q / p
    return w / p
  }
  END {
    printf "## Thread churn: %s\n\n", label
    printf "%d short-lived threads, %d at a time, each running once every line of one generated class of %d executable lines (bench/Churn/generate.sh: 500 methods, no two lines sharing a counter), built uninstrumented and woven in count mode. Each variant ran in %d fresh processes, alternating uninstrumented, woven, uninstrumented again (the noise floor); cells are medians. Memory is VmRSS and VmHWM from /proc/self/status after a full compacting collection. Run alone with `bash bench/run.sh churn`.\n\n", threads, concurrency, lines, rounds
    print "| measure | uninstrumented | CoverWeaver count | ratio | uninstrumented again | noise floor |"
    print "| --- | ---: | ---: | ---: | ---: | ---: |"
    rssRatio = row("resident memory at the end (VmRSS)", rss, "MiB", 1024)
    hwmRatio = row("peak resident memory (VmHWM)", hwm, "MiB", 1024)
    row("wall time of the threads", wall, "ms", 1)
    a = mid(analysis)
    printf "| `Cover.Analyse(Analysis.Calls, Level.Function)` (every woven module: this one), median of 5 per process (the first, cold: %.0f ms) | | %.0f ms | | | |\n", mid(first), a
    printf "| counts exact (every line and function ran exactly %d times) | | %d of %d processes | | | |\n\n", threads, exact, runs
    if (wrongbuild) printf "**%d processes ran the wrong build of the module.**\n\n", wrongbuild
    printf "Targets (dead threads'\'' counter blocks reused): resident memory at most 1.3x uninstrumented: **%s** (%.2fx at the end, %.2fx at the peak); function analysis under 200 ms: **%s** (%.0f ms); counts exact: **%s**.\n", \
      (rssRatio <= 1.3 && hwmRatio <= 1.3) ? "PASS" : "MISS", rssRatio, hwmRatio, a < 200 ? "PASS" : "MISS", a, (runs > 0 && exact == runs) ? "PASS" : "MISS"
  }
' "$tsv"
