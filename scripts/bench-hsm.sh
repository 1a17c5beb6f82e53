#!/usr/bin/env bash
# Signatures per second through SoftHSM2 (PKCS#11) next to PKCS#12 keys in the same run: raw ECDSA
# P-256 and RSA-2048 signatures, and receipts sealed with the P-256 key (bench/Gateway.Bench `hsm`).
# Sets up a throwaway token in a temporary folder (its own softhsm2.conf), keys made by pkcs11-tool.
# Needs softhsm2 and opensc (`make deps`). Usage: scripts/bench-hsm.sh [--seconds N] [--rounds N] [--threads N]
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
for tool in softhsm2-util pkcs11-tool; do command -v $tool >/dev/null || { echo "$tool is missing: run make deps" >&2; exit 1; }; done
module=""
for candidate in /usr/lib/softhsm/libsofthsm2.so /usr/lib/*-linux-gnu/softhsm/libsofthsm2.so; do
  [ -f "$candidate" ] && { module=$candidate; break; }
done
[ -n "$module" ] || { echo "libsofthsm2.so not found: run make deps" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/gw-bench-hsm-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/tokens"
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$work/tokens" > "$work/softhsm2.conf"
export SOFTHSM2_CONF="$work/softhsm2.conf"
# A throwaway PIN for a throwaway token; the benchmark reads it from the environment like the gateway.
export GW_PKCS11_PIN=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
p11() { pkcs11-tool --module "$module" --token-label gw-bench "$@" >/dev/null; }
softhsm2-util --init-token --free --label gw-bench --pin "$GW_PKCS11_PIN" --so-pin "$GW_PKCS11_PIN" >/dev/null
p11 --login --pin "$GW_PKCS11_PIN" --keypairgen --key-type EC:prime256v1 --label bench-ec --id 01
p11 --login --pin "$GW_PKCS11_PIN" --keypairgen --key-type rsa:2048 --label bench-rsa --id 02
p11 --read-object --type pubkey --id 01 --output-file "$work/ec.der"
p11 --read-object --type pubkey --id 02 --output-file "$work/rsa.der"

dotnet build -c Release bench/Gateway.Bench -nologo -clp:ErrorsOnly -v:q >/dev/null
dotnet bench/Gateway.Bench/bin/Release/net10.0/Gateway.Bench.dll hsm --module "$module" --token gw-bench \
  --ec-public "$work/ec.der" --rsa-public "$work/rsa.der" "$@"
