#!/usr/bin/env bash
# Captures every output a behaviour-preserving change must leave byte-identical: `sansim run` on the whole
# library (text, --json, --trace, --junit), `sansim log` of every host of every file, `sansim report` of every
# file, and 200 explore runs of the field-report topology. Usage: bench/identity-check.sh OUT_DIR
# Compare two captures with `diff -r BEFORE AFTER`.
set -u
out=${1:?usage: identity-check.sh OUT_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
cli="$root/src/SanSim.Cli/bin/Release/net10.0/SanSim.Cli.dll"
mkdir -p "$out/log" "$out/report"
cd "$root"
dotnet "$cli" run scenarios --json "$out/run.json" --trace "$out/trace.jsonl" --junit "$out/junit.xml" > "$out/run.txt" 2>&1
echo "exit $?" >> "$out/run.txt"
# JUnit carries wall-clock durations; keep the rest.
sed -i -E 's/ time="[^"]*"//g; s/ timestamp="[^"]*"//g' "$out/junit.xml"
for f in scenarios/*.yaml; do
  name=$(basename "$f" .yaml)
  hosts=$(dotnet "$cli" log "$f" --host '?' 2>&1 | sed -n 's/.*; hosts: //p')
  for h in ${hosts//,/ }; do
    dotnet "$cli" log "$f" --host "$h" > "$out/log/$name.$h.txt" 2>&1
  done
  dotnet "$cli" report "$f" -o "$out/report/$name.html" > /dev/null 2>&1
done
dotnet "$cli" explore examples/field-report-topology.yaml --runs 200 --parallel 1 --out "$out/explore-findings" > "$out/explore.txt" 2>&1
echo "exit $?" >> "$out/explore.txt"
# The findings folder is named in the output; name it the same way in every capture.
sed -i "s|$out/|OUT/|g" "$out/explore.txt"
