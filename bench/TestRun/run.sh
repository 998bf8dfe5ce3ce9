#!/usr/bin/env bash
# What collecting coverage adds to `dotnet test`: samples/Inventory (two test projects) built once
# woven in Release, then `dotnet test --no-build` without and with -p:CoverWeave=true (every
# format), alternating, TESTRUN_ROUNDS (5) each, plus the plain command again (the noise floor).
# Prints the Markdown section for bench/RESULTS.md (target: at most 2 s added).
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${TESTRUN_ROUNDS:-5}"
solution=samples/Inventory/Inventory.slnx
dotnet build "$solution" -c Release -p:CoverWeave=true -nologo -v quiet >&2

seconds() {
  local start end
  start=$(date +%s.%N)
  dotnet test "$solution" -c Release --no-build -nologo "$@" > /dev/null 2>&1 || { echo "dotnet test $* failed" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

tsv=$(mktemp)
for round in $(seq 1 "$rounds"); do
  printf 'plain\t%s\n' "$(seconds)" >> "$tsv"
  printf 'coverage\t%s\n' "$(seconds -p:CoverWeave=true '-p:CoverWeaveFormats="cobertura,lcov,json,html"')" >> "$tsv"
  printf 'plain-again\t%s\n' "$(seconds)" >> "$tsv"
  echo "round $round: $(tail -3 "$tsv" | tr '\n' ' ')" >&2
done

awk -F'\t' -v rounds="$rounds" '
  { v[$1] = v[$1] " " $2 }
  function mid(list,   a, c, i, j, t) {
    c = split(list, a, " ")
    for (i = 2; i <= c; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return c % 2 ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2
  }
  END {
    p = mid(v["plain"]); c = mid(v["coverage"]); q = mid(v["plain-again"])
    print "## Test-run overhead"
    print ""
    printf "`dotnet test samples/Inventory/Inventory.slnx -c Release --no-build` on binaries built woven, without and with `-p:CoverWeave=true` (collecting both test projects, summing them, writing Cobertura, LCOV, JSON, HTML and the export, printing the summary), %d rounds alternating; medians of whole commands.\n\n", rounds
    print "| command | median | ratio |"
    print "| --- | ---: | ---: |"
    printf "| without coverage | %.2f s | 1.00x |\n", p
    printf "| with coverage | %.2f s | %.2fx |\n", c, c / p
    printf "| without coverage, again (noise floor) | %.2f s | %.2fx |\n", q, q / p
    print ""
    printf "Collecting and reporting add %.2f s (target: at most 2 s): **%s**.\n", c - p, (c - p <= 2 ? "PASS" : "MISS")
  }
' "$tsv"
