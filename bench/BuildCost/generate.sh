#!/usr/bin/env bash
# Writes a C# project of about 20,000 lines into $1: classes of ordinary methods (branches,
# loops, string work), wired to the weaver built from this repository.
set -euo pipefail
dir="$1"
classes="${2:-200}"
mkdir -p "$dir"
cat > "$dir/Generated.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>disable</Nullable>
  </PropertyGroup>
  <Import Project="\$(RepositoryRoot)build/CoverWeaver.InRepo.targets" />
</Project>
XML
printf '<Weavers>\n  <CoverWeaver />\n</Weavers>\n' > "$dir/FodyWeavers.xml"
for c in $(seq 1 "$classes"); do
  {
    echo "namespace Generated"
    echo "{"
    echo "    public sealed class Class$c"
    echo "    {"
    echo "        private int _state = $c;"
    for m in $(seq 1 8); do
      echo ""
      echo "        public int Method$m(int x, string s)"
      echo "        {"
      echo "            var total = x + _state;"
      echo "            if (total % 3 == 0)"
      echo "            {"
      echo "                total += s.Length;"
      echo "            }"
      echo "            else"
      echo "            {"
      echo "                total -= $m;"
      echo "            }"
      echo ""
      echo "            for (var i = 0; i < x; i++)"
      echo "            {"
      echo "                total ^= i * $c;"
      echo "            }"
      echo ""
      echo "            _state = total;"
      echo "            return total;"
      echo "        }"
    done
    echo "    }"
    echo "}"
  } > "$dir/Class$c.cs"
done
cat "$dir"/*.cs | wc -l
