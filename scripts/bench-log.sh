#!/usr/bin/env bash
# Evidence log on this machine's disk: durable appends per second (64 concurrent writers, 8 000-byte
# entries, WAL + synchronous=FULL, the sealing loop running) in medianed rounds, then inclusion and
# consistency proof times at 10^6 entries (every proof verified). Needs `make build` first.
# Usage: scripts/bench-log.sh [--seconds N] [--rounds N] [--concurrency N] [--proof-size N] [--proofs N]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --no-build --project bench/Gateway.Bench -- log "$@"
