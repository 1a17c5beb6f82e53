#!/usr/bin/env bash
# Coverage-guided fuzzing with SharpFuzz and AFL++ (fuzz/README.md).
#   scripts/fuzz.sh run TARGET SECONDS   one target under afl-fuzz (make fuzz TARGET=... SECONDS=...)
#   scripts/fuzz.sh smoke                every harness over its seeds, then every target under AFL for a few seconds (make test)
# Prints executions, coverage (corpus paths, edges, bitmap) and crashes, and the folder the crashes are saved in.
# A missing afl-fuzz or sharpfuzz is a failure, never a skip (`make fuzz-deps` installs both).
set -uo pipefail
cd "$(dirname "$0")/.."
config=${CONFIG:-Release}
bin=fuzz/Gateway.Fuzz/bin/$config/net10.0
work=artifacts/fuzz
# What is instrumented for a fuzzing session: our assemblies and the parsers they build on (ASN.1/CMS in BouncyCastle,
# protobuf). The smoke run instruments only the assemblies with our parsers: BouncyCastle alone takes 10-15 s.
ours=(Gateway.Pdf Gateway.Crypto Gateway.Pkix Gateway.Validation Gateway.Evidence Gateway.Exchange Gateway.Server)
everything=("${ours[@]}" Gateway.EvidenceLog Gateway.Merkle Gateway.Signing Gateway.Api BouncyCastle.Cryptography Google.Protobuf)

fail() { echo "fuzz: $*" >&2; exit 1; }

require_tools() {
  command -v afl-fuzz >/dev/null || fail "afl-fuzz is missing: run make fuzz-deps (Debian package afl++)"
  dotnet tool restore >/dev/null || fail "cannot restore the sharpfuzz tool (.config/dotnet-tools.json)"
  [ -f "$bin/Gateway.Fuzz.dll" ] || fail "$bin/Gateway.Fuzz.dll is missing: build fuzz/Gateway.Fuzz first"
}

# instrument DIR NAME...: a copy of the harness in DIR with the named assemblies instrumented. Instrumenting is slow
# and sharpfuzz refuses an assembly twice, so each instrumented assembly is kept with the hash of the build it came
# from and redone only when the build changed.
instrument() {
  local afl_bin=$1 name plain hash keep
  shift
  mkdir -p "$afl_bin" "$work/instrumented"
  cp -a "$bin/." "$afl_bin/"
  for name in "$@"; do
    plain="$bin/$name.dll"
    [ -f "$plain" ] || fail "$plain is missing"
    hash=$(sha256sum "$plain" | cut -d' ' -f1)
    keep="$work/instrumented/$name.dll"
    if [ "$(cat "$keep.source-sha256" 2>/dev/null)" != "$hash" ]; then
      cp "$plain" "$afl_bin/$name.dll"
      dotnet tool run sharpfuzz "$afl_bin/$name.dll" >"$work/instrument.log" 2>&1
      if cmp -s "$plain" "$afl_bin/$name.dll"; then cat "$work/instrument.log" >&2; fail "sharpfuzz did not instrument $name.dll"; fi
      cp "$afl_bin/$name.dll" "$keep"
      echo "$hash" > "$keep.source-sha256"
      echo "instrumented $name.dll"
    fi
    cp "$keep" "$afl_bin/$name.dll"
  done
}

stat_of() { sed -n "s/^$2 *: *//p" "$1" | head -n1; }

# afl-fuzz on the instrumented copy in AFL_BIN for SECONDS over SEEDS into OUT, then its figures.
run_afl() {
  local target=$1 seconds=$2 seeds=$3 out=$4 afl_bin=$5 dictionary=()
  rm -rf "$out"; mkdir -p "$(dirname "$out")"
  # PDF syntax tokens help AFL past the lexer; the ASN.1 and protobuf targets do well without.
  case "$target" in pdf*) dictionary=(-x fuzz/dictionaries/pdf.dict) ;; esac
  # A hang is an input still running after 10 s; rpc and all get 30 s, because the first input after AFL restarts the
  # child includes starting a gateway, which on a busy machine took longer than 10 s and made every input a "hang".
  local hang_ms=10000
  case "$target" in rpc|all) hang_ms=30000 ;; esac
  # dotnet is not an AFL binary (the coverage comes from the instrumented assemblies); the machine is shared (no
  # CPU binding, no frequency or core_pattern demands); start-up (JIT, material, a gateway for rpc) takes seconds.
  # The heap limit turns unbounded allocation into an OutOfMemoryException (a crash) instead of a swapping machine.
  AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1 \
  AFL_FAST_CAL=1 AFL_FORKSRV_INIT_TMOUT=120000 DOTNET_GCHeapHardLimit=0xC0000000 \
    timeout $((seconds + 180)) afl-fuzz -i "$seeds" -o "$out" "${dictionary[@]}" -t "$hang_ms+" -m none -V "$seconds" -- \
    dotnet "$afl_bin/Gateway.Fuzz.dll" fuzz "$target" > "$out.log" 2>&1
  local status=$? stats="$out/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    tail -n 30 "$out.log" >&2
    echo "fuzz $target: afl-fuzz did not run (exit $status); its output is in $out.log"
    return 1
  fi
  local execs paths edges cvg crashes hangs run_time eps
  execs=$(stat_of "$stats" execs_done); eps=$(stat_of "$stats" execs_per_sec)
  paths=$(stat_of "$stats" corpus_count); [ -n "$paths" ] || paths=$(stat_of "$stats" paths_total)
  edges=$(stat_of "$stats" edges_found); cvg=$(stat_of "$stats" bitmap_cvg)
  crashes=$(stat_of "$stats" saved_crashes); [ -n "$crashes" ] || crashes=$(stat_of "$stats" unique_crashes)
  hangs=$(stat_of "$stats" saved_hangs); [ -n "$hangs" ] || hangs=$(stat_of "$stats" unique_hangs)
  run_time=$(stat_of "$stats" run_time)
  echo "fuzz $target: ${run_time:-?} s, executions $execs ($eps/s), coverage: $paths corpus paths, $edges edges, bitmap $cvg; crashes $crashes, hangs $hangs"
  echo "fuzz $target: crashes saved in $out/default/crashes, hangs in $out/default/hangs (replay: dotnet $bin/Gateway.Fuzz.dll replay $target DIR)"
  if [ "${crashes:-0}" != 0 ]; then
    dotnet "$bin/Gateway.Fuzz.dll" replay "$target" "$out/default/crashes" | grep -E '^(BUG|HANG|replay)' | cut -c1-400
    return 1
  fi
  [ "${hangs:-0}" = 0 ]
}

case "${1:-}" in
  run)
    target=${2:?target}; seconds=${3:-60}
    # FUZZ_NO_BUILD=1 fuzzes the build as it is (several runs in a row while other builds go on).
    if [ -z "${FUZZ_NO_BUILD:-}" ]; then
      dotnet build fuzz/Gateway.Fuzz -c "$config" -nologo -clp:ErrorsOnly >/dev/null || fail "build of fuzz/Gateway.Fuzz failed"
    fi
    require_tools
    instrument "$work/afl-bin" "${everything[@]}"
    stamp=$(date -u +%Y%m%d-%H%M%S)
    seeds="$work/seeds/$target"
    rm -rf "$seeds"
    dotnet "$bin/Gateway.Fuzz.dll" seeds "$target" "$seeds" || fail "no seeds for $target"
    run_afl "$target" "$seconds" "$seeds" "$work/runs/$target-$stamp" "$work/afl-bin"
    ;;
  smoke)
    # Every harness over all its seeds in process (catches rot in each), then all targets behind one AFL session
    # (the instrumented build, the forkserver and each harness under AFL). Two results, counted by scripts/test.sh.
    require_tools
    passed=0; failed=0
    if dotnet "$bin/Gateway.Fuzz.dll" smoke | grep -vE '^slow '; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
    if instrument "$work/afl-bin-smoke" "${ours[@]}" && rm -rf "$work/seeds/all" \
       && dotnet "$bin/Gateway.Fuzz.dll" seeds all "$work/seeds/all" --max-bytes 65536 \
       && run_afl all "${FUZZ_SMOKE_SECONDS:-10}" "$work/seeds/all" "$work/runs/smoke-all" "$work/afl-bin-smoke"; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
    fi
    echo "fuzz smoke result: passed=$passed failed=$failed"
    [ "$failed" = 0 ]
    ;;
  *)
    echo "usage: scripts/fuzz.sh run TARGET SECONDS | smoke" >&2; exit 2 ;;
esac
