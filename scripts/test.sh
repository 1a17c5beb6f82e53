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
rm -f "$log"
echo "tests: $passed passed, $failed failed"
# The verification page's browser tests keep a screenshot of each state they check.
shots=(tests/Gateway.Integration.Tests/bin/"$config"/net10.0/TestResults/verify-page/*.png)
[ -e "${shots[0]}" ] && printf 'screenshot: %s\n' "${shots[@]}"
if [ "$passed" -eq 0 ]; then echo "no test ran"; exit 1; fi
exit "$status"
