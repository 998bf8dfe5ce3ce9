#!/usr/bin/env bash
# Runs every workload uninstrumented, woven by CoverWeaver in count and set mode, and under
# coverlet, one after the other on this machine, then writes bench/RESULTS.md.
# `bash bench/run.sh churn`, `bash bench/run.sh testrun`, `bash bench/run.sh calls`,
# `bash bench/run.sh reports` and `bash bench/run.sh center` run only the thread-churn, test-run
# overhead, call-heavy code, reports-at-scale or coverage-center section and replace that section alone.
set -euo pipefail
cd "$(dirname "$0")/.."

# Puts the section in file $1 into bench/RESULTS.md: in place of the section with the same
# heading, or else before "## Build cost", or else at the end. Sections are "## " headings.
splice_section() {
  awk -v file="$1" '
    BEGIN { while ((getline line < file) > 0) { text = text line "\n"; if (heading == "") heading = line } }
    /^## / { skipping = ($0 == heading); if (skipping && !done) { printf "%s\n", text; done = 1 } }
    /^## Build cost/ && !done { printf "%s\n", text; done = 1 }
    !skipping { print }
    END { if (!done) printf "\n%s", text }
  ' bench/RESULTS.md > bench/RESULTS.md.new
  mv bench/RESULTS.md.new bench/RESULTS.md
}

# Report writers on the million probes (1,000 modules of 1,000), from the harness's plain run.
reports_section() {
  echo "## Reports at scale (a million probes: 1,000 modules of 1,000)"
  echo
  echo "Each format written from the same million-probe snapshots (median of 5 after one warm-up; target: under 1 s per million probes)."
  echo
  echo "| format | median | fastest | slowest |"
  echo "| --- | ---: | ---: | ---: |"
  awk -F'\t' '$2 ~ /^report-.*-1M$/ && !seen[$2]++ { name = $2; sub(/^report-/, "", name); sub(/-1M$/, "", name); printf "| %s | %.0f ms | %.0f ms | %.0f ms |\n", name, $3, $4, $5 }' "$1"
}

# One section alone: its script's Markdown replaces that section of bench/RESULTS.md.
case "${1:-}" in
  churn|testrun|calls|center)
    mkdir -p bench/out
    case "$1" in
      churn) script=bench/Churn/run.sh ;;
      testrun) script=bench/TestRun/run.sh ;;
      calls) script=bench/Calls/run.sh ;;
      center) script=bench/Center/run.sh ;;
    esac
    bash "$script" > "bench/out/$1.md"
    splice_section "bench/out/$1.md"
    cat "bench/out/$1.md"
    exit 0
    ;;
esac

if [ "${1:-}" = reports ]; then
  mkdir -p bench/out
  : > bench/out/reports.tsv
  BENCH_OUT="$PWD/bench/out/reports.tsv" BENCH_VARIANT=plain \
    dotnet test bench/Harness -c Release -nologo -p:BenchVariant=plain --filter "FullyQualifiedName~MillionProbeReports" | grep -E "Passed!|Failed!|error" || true
  reports_section bench/out/reports.tsv > bench/out/reports.md
  splice_section bench/out/reports.md
  cat bench/out/reports.md
  exit 0
fi

out="$PWD/bench/out"
rm -rf "$out" && mkdir -p "$out"
results="$out/results.tsv"
: > "$results"

dotnet build bench/Instrument -c Release -nologo -v quiet
# Each variant runs in several processes, alternating: on a small shared machine one process can
# land in a slow state (JIT tiering, a noisy neighbour) for its whole life, so a cell is the median
# over rounds of each process's median. coverlet, an order of magnitude slower, runs once.
rounds="${BENCH_ROUNDS:-3}"
variants=()
for round in $(seq 1 "$rounds"); do variants+=(plain count set); done
variants+=(coverlet)
for variant in "${variants[@]}"; do
  extra=()
  if [ "$variant" = coverlet ]; then
    extra=(-p:CollectCoverage=true "-p:Include=[CoverWeaver.Bench.Workloads]*%2c[Mono.Cecil]*"
           -p:ExcludeAssembliesWithoutSources=None "-p:CoverletOutput=$out/coverlet/")
  fi
  echo "== $variant"
  BENCH_OUT="$results" BENCH_VARIANT="$variant" \
    dotnet test bench/Harness -c Release -nologo -p:BenchVariant="$variant" "${extra[@]}" \
    --filter "FullyQualifiedName~WorkloadTests" | grep -E "Passed!|Failed!|error" || true
  grep "^$variant	" "$results" | tail -n 3 || true
done

# The million-probe analysis, reports, counter memory and live snapshot, in processes of their own:
# run before the timed workloads in the same process, they left each variant's heap and runtime in
# another state (a million probes imported for one, reports written for another), which moved the
# workloads' ratios by several percent.
for variant in plain count set; do
  echo "== $variant: scale, memory, live"
  BENCH_OUT="$results" BENCH_VARIANT="$variant" \
    dotnet test bench/Harness -c Release -nologo -p:BenchVariant="$variant" \
    --filter "FullyQualifiedName!~WorkloadTests" | grep -E "Passed!|Failed!|error" || true
done

echo "== test run"
bash bench/TestRun/run.sh > "$out/testrun.md"

echo "== service"
# samples/HelloService built plain and woven (count mode), each output copied aside so the two
# builds of the one project cannot overwrite each other; then bench/Load drives both on loopback.
dotnet build bench/Load -c Release -nologo -v quiet
for variant in plain count; do
  weave=false; [ "$variant" = count ] && weave=true
  dotnet build samples/HelloService -c Release -nologo -v quiet -p:CoverWeave=$weave -p:CoverWeaveMode=count
  cp -r samples/HelloService/bin/Release/net10.0 "$out/hello-$variant"
done
BENCH_OUT="$results" dotnet bench/Load/bin/Release/net10.0/CoverWeaver.Bench.Load.dll \
  --plain "$out/hello-plain/HelloService.dll" --woven "$out/hello-count/HelloService.dll"
grep -E "	service-" "$results" || true

echo "== thread churn"
# Sections of earlier code (the "before" figures of a fix) stay; this code's section is replaced.
# So do call-heavy sections run with a CALLS_LABEL ("## Call-heavy code: <label>"), and the
# coverage center's section (its own run: `bash bench/run.sh center`).
awk '/^## / { keep = /^## Thread churn: / || /^## Call-heavy code: / || /^## Coverage center/ } keep' bench/RESULTS.md > "$out/earlier.md" || true
bash bench/Churn/run.sh > "$out/churn.md"

echo "== call-heavy code"
bash bench/Calls/run.sh > "$out/calls.md"

echo "== build cost"
build_cost=$(bash bench/BuildCost/measure.sh)

{
  echo "# Benchmark results"
  echo
  echo "Made by \`bash bench/run.sh\` on $(date -u +%Y-%m-%d): $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/ {print $2}') GiB, .NET $(dotnet --version)."
  echo "Each cell is the median over $rounds processes per variant (coverlet: one) of each process's median of $(grep -o 'Timed = [0-9]*' bench/Harness/Measure.cs | grep -o '[0-9]*') timed runs after warm-up, and its ratio to the uninstrumented build."
  echo
  echo "## Run time"
  echo
  echo "| workload | uninstrumented | CoverWeaver count | CoverWeaver set | coverlet.msbuild 10.0.1 |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  awk -F'\t' '
    $2 == "memory" || $2 ~ /1M/ || $2 ~ /^(service|live)-/ { next }
    { k = $1 "|" $2; values[k] = (k in values) ? values[k] " " $3 : $3; if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 } }
    function mid(list,   a, c, i, j, t) {
      c = split(list, a, " ")
      for (i = 2; i <= c; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
      return c % 2 ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2
    }
    function cell(v, w) { if (!((v "|" w) in median)) return "n/a"; return sprintf("%.1f ms (%.2fx)", median[v "|" w], median[v "|" w] / median["plain|" w]) }
    END { for (k in values) median[k] = mid(values[k]); for (i = 1; i <= n; i++) { w = order[i]; printf "| %s | %.1f ms | %s | %s | %s |\n", w, median["plain|" w], cell("count", w), cell("set", w), cell("coverlet", w) } }
  ' "$results"
  echo
  echo "- cpu-kernel: sieve, matrix product, Collatz and CRC loops in our own code, woven by Fody."
  echo "- two-threads: the same kernel on two threads at once (wall time), so both hit the same lines."
  echo "- cecil-roundtrip: Mono.Cecil 0.11.6 from NuGet, instrumented after the fact as a prebuilt binary, reading three IL-only assemblies whole and writing them back."
  echo
  echo "## Counter memory"
  echo
  awk -F'\t' '$2 == "memory" && !seen[$1]++ { printf "- %s mode: %s\n", $1, $3 }' "$results"
  echo
  echo "## Analysis at scale (a million probes: 1,000 modules of 1,000)"
  echo
  echo "| operation | median | fastest | slowest |"
  echo "| --- | ---: | ---: | ---: |"
  awk -F'\t' '$2 ~ /1M/ && $2 !~ /^report-/ && !seen[$2]++ { printf "| %s | %.0f ms | %.0f ms | %.0f ms |\n", $2, $3, $4, $5 }' "$results"
  echo
  echo "## Live coverage"
  echo
  echo "samples/HelloService on loopback, driven by bench/Load (8 HttpClient workers, GET /hello?name=, /hello/{name} and /welcome in turn; median of 3 rounds of 5 s after 2 s of warm-up, plain and woven alternating, each round a fresh process; client and service share the machine's cores)."
  echo
  echo "| measure | median | fastest | slowest |"
  echo "| --- | ---: | ---: | ---: |"
  awk -F'\t' '
    seen[$1 "|" $2]++ { next }
    $2 == "service-rps" { rps[$1] = $3; printf "| requests/s, %s | %.0f | %.0f | %.0f |\n", ($1 == "plain" ? "uninstrumented" : "CoverWeaver count, live"), $3, $4, $5 }
    $2 == "service-snapshot" { printf "| GET /snapshot of the service under that traffic (%s) | %.1f ms | %.1f ms | %.1f ms |\n", $6, $3, $4, $5 }
    $2 == "live-snapshot-million" { printf "| GET /snapshot of a million probes while woven code runs (in-process server, loopback) | %.0f ms | %.0f ms | %.0f ms |\n", $3, $4, $5 }
    $2 == "live-snapshot-million-encode" { printf "| the same snapshot encoded in-process, no HTTP | %.0f ms | %.0f ms | %.0f ms |\n", $3, $4, $5 }
    END { if (("plain" in rps) && ("count" in rps)) printf "\nWoven throughput is %.2fx of uninstrumented (target: at least 0.9x).\n", rps["count"] / rps["plain"] }
  ' "$results"
  echo
  echo "## Build cost"
  echo
  echo "$build_cost"
} > bench/RESULTS.md
csplit -s -z -f "$out/earlier-" "$out/earlier.md" '/^## /' '{*}' 2>/dev/null || true
for section in "$out"/earlier-*; do
  [ -s "$section" ] && splice_section "$section"
done
splice_section "$out/churn.md"
splice_section "$out/calls.md"
splice_section "$out/testrun.md"
reports_section "$results" > "$out/reports.md"
splice_section "$out/reports.md"
cat bench/RESULTS.md
