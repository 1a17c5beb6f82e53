#!/usr/bin/env bash
# Runs every test project and ends with one "N passed, N failed" line.
set -uo pipefail
config=${1:-Release}
cd "$(dirname "$0")/.."
log=$(mktemp)
dotnet test Gateway.sln -c "$config" --no-build -nologo --logger "console;verbosity=minimal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
# The fuzz harnesses' smoke run (fuzz/README.md), after the tests so that it does not compete with them for the CPU:
# two results, every harness over its seeds and every target under AFL for a few seconds.
fuzz_started=$(date +%s)
CONFIG="$config" scripts/fuzz.sh smoke 2>&1 | tee "$log"
fuzz_status=${PIPESTATUS[0]}
fuzz_passed=$(sed -n 's/^fuzz smoke result: passed=\([0-9]*\) failed=\([0-9]*\)$/\1/p' "$log")
fuzz_failed=$(sed -n 's/^fuzz smoke result: passed=\([0-9]*\) failed=\([0-9]*\)$/\2/p' "$log")
# A smoke run that broke off before its result line (a missing tool, a failed build) counts as one failure.
if [ -z "$fuzz_passed" ]; then fuzz_passed=0; fuzz_failed=1; fi
echo "fuzz smoke: $(( $(date +%s) - fuzz_started )) s"
passed=$((passed + fuzz_passed))
failed=$((failed + fuzz_failed))
[ "$fuzz_status" -ne 0 ] && status=1
rm -f "$log"
echo "tests: $passed passed, $failed failed"
# The verification page's browser tests keep a screenshot of each state they check.
shots=(tests/Gateway.Integration.Tests/bin/"$config"/net10.0/TestResults/verify-page/*.png)
[ -e "${shots[0]}" ] && printf 'screenshot: %s\n' "${shots[@]}"
if [ "$passed" -eq 0 ]; then echo "no test ran"; exit 1; fi
exit "$status"
