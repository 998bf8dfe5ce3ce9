#!/usr/bin/env bash
# Runs every workload uninstrumented, woven by CoverWeaver in count and set mode, and under
# coverlet, one after the other on this machine, then writes bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$PWD/bench/out"
rm -rf "$out" && mkdir -p "$out"
results="$out/results.tsv"
: > "$results"

dotnet build bench/Instrument -c Release -nologo -v quiet
for variant in plain count set coverlet; do
  extra=()
  if [ "$variant" = coverlet ]; then
    extra=(-p:CollectCoverage=true "-p:Include=[CoverWeaver.Bench.Workloads]*%2c[Mono.Cecil]*"
           -p:ExcludeAssembliesWithoutSources=None "-p:CoverletOutput=$out/coverlet/")
  fi
  echo "== $variant"
  BENCH_OUT="$results" BENCH_VARIANT="$variant" \
    dotnet test bench/Harness -c Release -nologo -p:BenchVariant="$variant" "${extra[@]}" | grep -E "Passed!|Failed!|error" || true
  grep "^$variant	" "$results" || true
done

echo "== build cost"
build_cost=$(bash bench/BuildCost/measure.sh)

{
  echo "# Benchmark results"
  echo
  echo "Made by \`bash bench/run.sh\` on $(date -u +%Y-%m-%d): $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/ {print $2}') GiB, .NET $(dotnet --version)."
  echo "Each cell is the median wall time of $(grep -o 'Timed = [0-9]*' bench/Harness/Measure.cs | grep -o '[0-9]*') timed runs after warm-up, in one process per variant, and its ratio to the uninstrumented build."
  echo
  echo "## Run time"
  echo
  echo "| workload | uninstrumented | CoverWeaver count | CoverWeaver set | coverlet 6.0.0 |"
  echo "| --- | ---: | ---: | ---: | ---: |"
  awk -F'\t' '
    $2 == "memory" || $2 ~ /1M/ { next }
    { median[$1 "|" $2] = $3; if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 } }
    function cell(v, w) { if (!((v "|" w) in median)) return "n/a"; return sprintf("%.1f ms (%.2fx)", median[v "|" w], median[v "|" w] / median["plain|" w]) }
    END { for (i = 1; i <= n; i++) { w = order[i]; printf "| %s | %.1f ms | %s | %s | %s |\n", w, median["plain|" w], cell("count", w), cell("set", w), cell("coverlet", w) } }
  ' "$results"
  echo
  echo "- cpu-kernel: sieve, matrix product, Collatz and CRC loops in our own code, woven by Fody."
  echo "- two-threads: the same kernel on two threads at once (wall time), so both hit the same lines."
  echo "- cecil-roundtrip: Mono.Cecil 0.11.6 from NuGet, instrumented after the fact as a prebuilt binary, reading three IL-only assemblies whole and writing them back."
  echo
  echo "## Counter memory"
  echo
  awk -F'\t' '$2 == "memory" { printf "- %s mode: %s\n", $1, $3 }' "$results"
  echo
  echo "## Analysis at scale (a million probes: 1,000 modules of 1,000)"
  echo
  echo "| operation | median | fastest | slowest |"
  echo "| --- | ---: | ---: | ---: |"
  awk -F'\t' '$2 ~ /1M/ { printf "| %s | %.0f ms | %.0f ms | %.0f ms |\n", $2, $3, $4, $5 }' "$results"
  echo
  echo "## Build cost"
  echo
  echo "$build_cost"
} > bench/RESULTS.md
cat bench/RESULTS.md
