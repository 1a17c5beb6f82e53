#!/usr/bin/env bash
# Soak: 70 % of the measured peak for SOAK_MINUTES (default 30) against the default deployment (one TLS instance
# on SQLite), RSS and errors sampled every 30 s; the table goes to SOAK_OUT (default out/soak.md) and stdout.
# Extra arguments go to the generator, e.g. scripts/bench-soak.sh --instances 2 (PostgreSQL behind nginx).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${SOAK_OUT:-out/soak.md}
mkdir -p "$(dirname "$out")"
exec dotnet run -c Release --no-build --project bench/Gateway.Bench -- soak --gw bin/gw --soak-minutes "${SOAK_MINUTES:-30}" --at 0.7 --out "$out" "$@"
