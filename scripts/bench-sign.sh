#!/usr/bin/env bash
# Signs one PDF (default 10 MiB) with three signers, RUNS times each (first run discarded as warm-up),
# in interleaved rounds, and prints median wall time and median peak RSS per tool (GNU time), the
# ratios against PDFsharp, and pdfsig's verdict on each output:
#   gw        `bin/gw sign pdf IN -o OUT --level B-B --as agency-a` (PAdES B-B, incremental update)
#   PDFsharp  6.2.4, bench/PdfSharpSigner (adbe.pkcs7.detached, rewrites the file)
#   @signpdf  3.3, bench/signpdf/sign.js (adbe.pkcs7.detached, incremental update; node-forge)
#   sha256sum of the same file, as a floor (not a signer).
# Keys: gw and PDFsharp sign with agency-a's ECDSA P-256 key of a fresh development PKI; @signpdf's
# P12Signer reads RSA keys only, so it gets an RSA-2048 leaf issued by the same issuing CA.
# Needs `make build` first. Usage: scripts/bench-sign.sh [--runs N] [--size-mb N]   (env RUNS, SIZE_MB)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-7}
size_mb=${SIZE_MB:-10}
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --size-mb) size_mb=$2; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--size-mb N]" >&2; exit 2 ;;
  esac
done
[ "$runs" -ge 2 ] || { echo "--runs must be at least 2 (the first is a warm-up)" >&2; exit 2; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

[ -x bin/gw ] || { echo "bin/gw is missing: run make build first" >&2; exit 1; }
if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null 2>&1 \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
fi
for tool in openssl pdfsig node; do command -v $tool >/dev/null || { echo "$tool is missing" >&2; exit 1; }; done

dotnet build -c Release bench/Gateway.Bench -nologo -clp:ErrorsOnly -v:q >/dev/null
dotnet build -c Release bench/PdfSharpSigner -nologo -clp:ErrorsOnly -v:q >/dev/null
if [ ! -f bench/signpdf/node_modules/@signpdf/signpdf/package.json ]; then
  (cd bench/signpdf && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/gw-bench-sign-XXXXXX")
trap 'rm -rf "$work"' EXIT
bin/gw pki init --dir "$work/pki" >/dev/null
agency="$work/pki/agencies/agency-a"
dotnet bench/Gateway.Bench/bin/Release/net10.0/Gateway.Bench.dll make-pdf "$work/in.pdf" "$size_mb" >/dev/null
# RSA-2048 leaf from the development issuing CA for @signpdf (node-forge signs RSA only).
openssl req -new -newkey rsa:2048 -nodes -keyout "$work/rsa.key" -out "$work/rsa.csr" \
  -subj "/C=TH/O=Demonstration Agency agency-a/OU=Agency/CN=agency-a signing RSA (bench)" 2>/dev/null
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n' > "$work/leaf.cnf"
openssl x509 -req -in "$work/rsa.csr" -CA "$work/pki/ca/issuing.crt" -CAkey "$work/pki/ca/issuing.key" \
  -set_serial "0x$(openssl rand -hex 16)" -days 30 -sha256 -extfile "$work/leaf.cnf" -out "$work/rsa.crt" 2>/dev/null
openssl pkcs12 -export -in "$work/rsa.crt" -inkey "$work/rsa.key" -certfile "$work/pki/ca/issuing.crt" \
  -out "$work/rsa.p12" -passout pass:bench

in="$work/in.pdf"
tools=(gw pdfsharp signpdf sha256sum)
declare -A label=([gw]="gw sign pdf (B-B)" [pdfsharp]="PDFsharp 6.2.4" [signpdf]="@signpdf 3.3 (node $(node --version))" [sha256sum]="sha256sum (floor, not a signer)")
command_for() {
  case "$1" in
    gw) echo bin/gw sign pdf "$in" -o "$work/out-gw.pdf" --level B-B --as agency-a --pki "$work/pki" ;;
    pdfsharp) echo dotnet bench/PdfSharpSigner/bin/Release/net10.0/PdfSharpSigner.dll "$in" "$work/out-pdfsharp.pdf" "$agency/signing.crt" "$agency/signing.key" ;;
    signpdf) echo node bench/signpdf/sign.js "$in" "$work/out-signpdf.pdf" "$work/rsa.p12" bench ;;
    sha256sum) echo sha256sum "$in" ;;
  esac
}

echo "signing $(stat -c %s "$in") bytes, $runs runs per tool (first discarded), $(nproc) cores, $(dotnet --version) SDK"
for ((round = 0; round < runs; round++)); do
  for t in "${tools[@]}"; do
    # shellcheck disable=SC2046
    if ! /usr/bin/time -f "%e %M" -o "$work/time" $(command_for "$t") >"$work/stdout" 2>"$work/stderr"; then
      echo "$t failed:" >&2; cat "$work/stderr" >&2; exit 1
    fi
    read -r seconds kib < "$work/time"
    [ "$round" -eq 0 ] && continue
    echo "$seconds" >> "$work/$t.s"
    echo "$kib" >> "$work/$t.kib"
  done
  [ "$round" -eq 0 ] && echo "warm-up done" || echo "round $round: $(for t in "${tools[@]}"; do printf '%s %ss %sMiB  ' "$t" "$(tail -1 "$work/$t.s")" "$(( $(tail -1 "$work/$t.kib") / 1024 ))"; done)"
done

median() { sort -g "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
verdict() {
  local f=$1 out n valid
  [ -f "$f" ] || { echo "n/a"; return; }
  out=$(pdfsig -nocert -no-ocsp "$f" 2>&1 || true)
  n=$(grep -c '^Signature #' <<<"$out" || true)
  valid=$(grep -c 'Signature is Valid' <<<"$out" || true)
  if [ "$n" -gt 0 ] && [ "$n" = "$valid" ]; then echo "Signature is Valid ($n)"; else echo "NOT valid: $valid of $n valid"; fi
}
ref_s=$(median "$work/pdfsharp.s")
ref_m=$(awk -v k="$(median "$work/pdfsharp.kib")" 'BEGIN { print k / 1024 }')
echo
echo "| tool | median s | median peak RSS MiB | time ÷ PDFsharp | RSS ÷ PDFsharp | output MiB | pdfsig |"
echo "|---|---:|---:|---:|---:|---:|---|"
for t in "${tools[@]}"; do
  s=$(median "$work/$t.s")
  m=$(awk -v k="$(median "$work/$t.kib")" 'BEGIN { print k / 1024 }')
  f="$work/out-$t.pdf"
  size=$([ -f "$f" ] && awk -v b="$(stat -c %s "$f")" 'BEGIN { printf "%.2f", b / 1048576 }' || echo "-")
  awk -v l="${label[$t]}" -v s="$s" -v m="$m" -v rs="$ref_s" -v rm="$ref_m" -v size="$size" -v v="$(verdict "$f")" \
    'BEGIN { printf "| %s | %.2f | %.0f | %.2f | %.2f | %s | %s |\n", l, s, m, s / rs, m / rm, size, v }'
done
