#!/usr/bin/env bash
# The coverage center at scale (see bench/Center/Program.cs); prints the Markdown section for
# bench/RESULTS.md. CENTER_SECONDS (60) is how long the fleet is measured.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build CoverWeaver.Tool -c Release -nologo -v quiet >&2
dotnet build bench/Center -c Release -nologo -v quiet >&2
dotnet bench/Center/bin/Release/net10.0/CoverWeaver.Bench.Center.dll CoverWeaver.Tool/bin/Release/net8.0/CoverWeaver.Tool.dll "${CENTER_SECONDS:-60}"
