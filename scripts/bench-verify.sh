#!/usr/bin/env bash
# Validates the 40 PDFs of the EU DSS corpus (../shared/corpus/pades), RUNS times (first run discarded as
# warm-up), in interleaved rounds, and prints the median wall time of:
#   gw      `bin/gw verify pdf --offline --trust ROOTS FILE...` (one process, all files, modification analysis on)
#   pdfsig  poppler's `pdfsig -no-ocsp FILE` in a loop, one process per file (as a verifier would run it)
# and the ratio pdfsig/gw. Both run offline; pdfsig does no modification analysis.
# Needs `make build` first. Usage: scripts/bench-verify.sh [--runs N]   (env RUNS)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-7}
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: $0 [--runs N]" >&2; exit 2 ;;
  esac
done
[ "$runs" -ge 2 ] || { echo "--runs must be at least 2 (the first is a warm-up)" >&2; exit 2; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
[ -x bin/gw ] || { echo "bin/gw is missing: run make build first" >&2; exit 1; }
command -v pdfsig >/dev/null || { echo "pdfsig is missing (make deps)" >&2; exit 1; }
corpus=$(cd .. && pwd)/shared/corpus/pades
[ -f "$corpus/manifest.json" ] || { echo "the corpus is expected at $corpus" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/gw-bench-verify-XXXXXX")
trap 'rm -rf "$work"' EXIT
bin/gw pki init --dir "$work/pki" >/dev/null
mapfile -t files < <(cd "$corpus" && find . -name '*.pdf' | sort)
cd "$corpus"

now() { date +%s%N; }
secs() { awk -v ns="$1" 'BEGIN { printf "%.3f", ns / 1e9 }'; }
declare -a gw_times pdfsig_times
for round in $(seq 1 "$runs"); do
  start=$(now)
  "$OLDPWD/bin/gw" verify pdf --offline --trust "$work/pki/trust" --json "${files[@]}" > "$work/gw.json" || true
  gw=$(secs $(( $(now) - start )))
  start=$(now)
  for f in "${files[@]}"; do pdfsig -no-ocsp "$f" > /dev/null 2>&1 || true; done
  ps=$(secs $(( $(now) - start )))
  if [ "$round" -gt 1 ]; then gw_times+=("$gw"); pdfsig_times+=("$ps"); fi
  printf 'round %d: gw %.3f s, pdfsig loop %.3f s\n' "$round" "$gw" "$ps"
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
g=$(median "${gw_times[@]}")
p=$(median "${pdfsig_times[@]}")
signatures=$(grep -c '"id": "S' "$work/gw.json" || true)
printf '\n%d files, %s signatures, median of %d runs after a warm-up\n' "${#files[@]}" "$signatures" $((runs - 1))
printf '  gw verify pdf (one process)   %.3f s\n' "$g"
printf '  pdfsig -no-ocsp (loop)        %.3f s\n' "$p"
printf '  pdfsig / gw                   %sx\n' "$(awk -v p="$p" -v g="$g" 'BEGIN { printf "%.2f", p / g }')"
