#!/usr/bin/env bash
# Server load: receipts per second for 4 KiB submissions next to an echo RPC, same server, same run.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --no-build --project bench/Gateway.Bench -- load --gw bin/gw "$@"
