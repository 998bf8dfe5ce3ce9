#!/usr/bin/env bash
# Call-heavy code (bench/Calls/Workload: records, LINQ, recursion, one-line overrides, a switch over
# a record struct, dictionary counting, a tokenizer, the tokenizer on two threads), timed on thread
# CPU time. Two harnesses:
#  - in one process: the workload built five ways (plain, a second plain copy, woven with the hot
#    code unprobed, count, set) loaded side by side and run interleaved, round by round
#    (CALLS_PROCESSES processes of CALLS_ROUNDS rounds after CALLS_WARMUP warm-up rounds);
#  - whole `dotnet test` processes, for the peers that instrument through the test host: rounds of
#    plain, count, coverlet.msbuild, plain again, set, Microsoft.CodeCoverage, plain with the framework
#    JIT-compiled (DOTNET_ReadyToRun=0) (CALLS_HOST_ROUNDS
#    rounds of processes, each CALLS_HOST_RUNS timed rounds after the warm-up; coverlet, 10-35x
#    slower, only in the first CALLS_COVERLET_ROUNDS).
# Each variant is checked to have collected what it should. Progress goes to stderr; the Markdown
# section for bench/RESULTS.md to stdout. CALLS_LABEL, if set, names a section kept beside the
# current one (e.g. "before the cheaper probes").
set -euo pipefail
cd "$(dirname "$0")/../.."
out="$PWD/bench/out/calls"
rm -rf "$out" && mkdir -p "$out"
processes="${CALLS_PROCESSES:-6}"
rounds="${CALLS_ROUNDS:-15}"
warmup="${CALLS_WARMUP:-4}"
host_rounds="${CALLS_HOST_ROUNDS:-4}"
coverlet_rounds="${CALLS_COVERLET_ROUNDS:-2}"
host_runs="${CALLS_HOST_RUNS:-6}"
rows="$out/rows.tsv"
: > "$rows"

echo "== $(date +%T) building" >&2
for variant in plain again cold count set; do
  dotnet build bench/Calls/Workload -c Release -nologo -v quiet -m:1 -p:CallsVariant=$variant >&2
done
dotnet build bench/Calls/Runner -c Release -nologo -v quiet -m:1 >&2
dotnet build bench/Calls/Tests -c Release -nologo -v quiet -m:1 >&2
runner=(dotnet bench/Calls/Runner/bin/Release/net10.0/CoverWeaver.Bench.Calls.Runner.dll)
copy() { echo "$PWD/bench/Calls/Workload/bin/$1/net10.0/CoverWeaver.Bench.Calls.$1.dll"; }

for process in $(seq 1 "$processes"); do
  echo "== $(date +%T) in one process: $process of $processes" >&2
  "${runner[@]}" run "$rows" "$process" "$rounds" "$warmup" \
    plain="$(copy plain)" again="$(copy again)" cold="$(copy cold)" count="$(copy count)" set="$(copy set)" >&2
done

# One test-host process of one variant; its own log, shown only if it fails.
host() {
  local variant=$1 process=$2 assembly=$3
  shift 3
  if ! CALLS_VARIANT=$variant CALLS_OUT=$rows CALLS_PROCESS=$process CALLS_ROUNDS=$host_runs CALLS_WARMUP=$warmup CALLS_ASSEMBLY=$assembly \
      dotnet test bench/Calls/Tests -c Release --no-build -nologo "$@" > "$out/host-$process-$variant.log" 2>&1; then
    echo "the $variant test host failed:" >&2
    tail -n 30 "$out/host-$process-$variant.log" >&2
    exit 1
  fi
}

process=100
for round in $(seq 1 "$host_rounds"); do
  echo "== $(date +%T) test host: round $round of $host_rounds" >&2
  for variant in plain count coverlet again set mscov plain_jit; do
    [ $variant = coverlet ] && [ "$round" -gt "$coverlet_rounds" ] && continue
    process=$((process + 1))
    case $variant in
      count|set) host $variant $process "$(copy $variant)" ;;
      coverlet)
        host coverlet $process "" -p:CollectCoverage=true "-p:Include=[CoverWeaver.Bench.Calls]*" \
          -p:CoverletOutputFormat=json "-p:CoverletOutput=$out/coverlet-$process/"
        "${runner[@]}" check-file coverlet "$rows" $process "$out/coverlet-$process/coverage.json" >&2 ;;
      mscov)
        host mscov $process "" --collect "Code Coverage" --settings bench/Calls/Tests/codecoverage.runsettings --results-directory "$out/mscov-$process"
        "${runner[@]}" check-file mscov "$rows" $process "$(find "$out/mscov-$process" -name '*.cobertura.xml' | head -n 1)" >&2 ;;
      # Uninstrumented with the framework's precompiled code turned off, as a profiler that rewrites
      # IL may do: what Microsoft's collector costs is read against this as well as against plain.
      plain_jit) DOTNET_ReadyToRun=0 host $variant $process "" ;;
      *) host $variant $process "" ;;
    esac
  done
done

echo "## Call-heavy code${CALLS_LABEL:+: $CALLS_LABEL}"
echo
echo "Made by bench/Calls/run.sh (alone: \`bash bench/run.sh calls\`) on $(date -u +%Y-%m-%d) at commit $(git rev-parse --short HEAD): $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), shared with other work), $(free -g | awk '/Mem:/ {print $2}') GiB, .NET $(dotnet --version)."
echo "The workloads (bench/Calls/Workload) are business-shaped and call-heavy: records with one-line overrides read in a loop (\`with\`, equality), a switch statement and a switch expression over a record struct's properties, LINQ with lambdas (filter, order on three keys, group, sum), recursion with a tiny body (Fibonacci, a tree of records), one-line virtual overrides on a small class hierarchy, dictionary counting, a hand-written tokenizer, and that tokenizer on two threads at once (the same lines hit from both; its CPU time is both threads' summed, its wall time is shown too)."
echo "Timing is per-thread CPU time (clock_gettime), the young generations collected before each run; a run is a workload's passes (about 10 ms uninstrumented) over inputs small enough to stay in a core's cache. The noise floor is measured, not assumed: a second uninstrumented copy, and a copy woven with the hot namespace excluded (the assembly woven, the runtime loaded, no probe on a measured line). Ratios are medians over processes, not over the rounds of one: Dynamic PGO samples its profiles, so an identical copy can get faster or slower code in one process than in the next (with \`DOTNET_TieredPGO=0\` those modes merge, but woven code loses much of its speed), and only more processes average that out."
echo
"${runner[@]}" report "$rows"

# Machine code: each variant alone in a process, run until tiering settles, the JIT listing what it compiled.
echo "== $(date +%T) JIT code size" >&2
for variant in plain count set; do
  DOTNET_JitDisasmSummary=1 DOTNET_JitStdOutFile="$out/jit-$variant.txt" "${runner[@]}" jit $variant="$(copy $variant)" >&2
done
echo
echo "### Machine code of the hot methods"
echo
echo "Bytes of optimized machine code the JIT made for the hot namespace's methods (\`DOTNET_JitDisasmSummary\`; each variant alone in a process, run until tiering settled; a method's last Tier1 body, code it inlined counted in it), and the ratio to the uninstrumented build."
echo
"${runner[@]}" code-size plain="$out/jit-plain.txt" count="$out/jit-count.txt" set="$out/jit-set.txt"
