#!/usr/bin/env bash
# Submit and receive through one and two gateway instances on one PostgreSQL behind nginx (closed loop, same
# concurrency, a table with ratios), then Submit latency at 50 % of the peak (open loop; goal p99 <= 20 ms).
# Extra arguments go to both runs, e.g. scripts/bench-load.sh --seconds 5 --concurrency 32.
set -euo pipefail
cd "$(dirname "$0")/.."
bench() { dotnet run -c Release --no-build --project bench/Gateway.Bench -- "$@"; }
status=0
bench cluster --gw bin/gw --instances 1,2 --seconds 10 --rounds 3 "$@" || status=1
bench cluster --gw bin/gw --instances 1,2 --seconds 10 --rounds 3 --at 0.5 "$@" || status=1
exit $status
