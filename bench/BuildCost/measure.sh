#!/usr/bin/env bash
# Build cost of weaving: a generated project of about 20,000 lines built from scratch (its own
# compile only) without and with -p:CoverWeave=true, alternately, several times; medians.
# Prints a Markdown table; the weaver's own time per probe comes from its build message.
set -euo pipefail
cd "$(dirname "$0")/../.."
gen="$PWD/bench/out/generated"
rm -rf "$gen"
lines=$(bash bench/BuildCost/generate.sh "$gen" 120)
dotnet build "$gen" -c Release -nologo -v quiet -p:CoverWeave=true > /dev/null
runs=5
plain=(); woven=(); weave_ms=(); probes=0
for i in $(seq 1 $runs); do
  start=$(date +%s%N)
  dotnet build "$gen" -c Release -nologo --no-dependencies --no-incremental -v quiet > /dev/null
  plain+=($(( ($(date +%s%N) - start) / 1000000 )))
  start=$(date +%s%N)
  log=$(dotnet build "$gen" -c Release -nologo --no-dependencies --no-incremental -v normal -p:CoverWeave=true)
  woven+=($(( ($(date +%s%N) - start) / 1000000 )))
  message=$(echo "$log" | grep -o "Generated: [0-9]* modules, [0-9]* probes, count mode, woven in [0-9]* ms" | head -1)
  probes=$(echo "$message" | awk '{print $4}')
  weave_ms+=($(echo "$message" | awk '{print $(NF-1)}'))
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
p=$(median "${plain[@]}"); w=$(median "${woven[@]}"); m=$(median "${weave_ms[@]}")
echo "| project | build, no weaving | build, woven | ratio | weaver's own time | probes | per 1,000 probes |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
awk -v l="$lines" -v p="$p" -v w="$w" -v m="$m" -v n="$probes" 'BEGIN { printf "| %d lines, 120 classes | %d ms | %d ms | %.2fx | %d ms | %d | %.1f ms |\n", l, p, w, w / p, m, n, m * 1000 / n }'
