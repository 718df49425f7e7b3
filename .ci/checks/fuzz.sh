#!/usr/bin/env bash
# Fuzzing: builds the libFuzzer targets (Sources/sopc-fuzz) with coverage and the address sanitizer, then
# runs each briefly from its seed corpus (Fuzz/corpus/<target>, plus the shipped trees and the compiler
# fixtures for `yaml`). Any crash, sanitizer report, failed invariant, input that runs past 10 s or uses
# more than 2 GB fails the check, with the input saved for a regression test.
#
#   .ci/checks/fuzz.sh [SECONDS_PER_TARGET]     (default 12: about a minute for the four targets)
#
# Extra libFuzzer flags can be given in FUZZ_FLAGS (e.g. FUZZ_FLAGS="-runs=3000000" for a long run).
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds="${1:-12}"
bin="${SOPC_FUZZ_BIN:-}"
if [[ -z "$bin" ]]; then
    swift build --product sopc-fuzz --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address 2>&1 | grep -v "ld.gold: warning" | tail -1
    bin="$PWD/.build-fuzz/debug/sopc-fuzz"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
for target in yaml expression jsonl csv; do
    mkdir -p "$work/$target" "$work/artifacts-$target"
    # New inputs go to a scratch corpus; the committed seeds are read only.
    seeds=("Fuzz/corpus/$target")
    if [[ "$target" == yaml ]]; then
        cp trees/*.sop.yaml Tests/SOPCompilerTests/Fixtures/*.sop.yaml "$work/$target/"
    fi
    echo "== fuzz $target (${seconds}s)"
    # shellcheck disable=SC2086
    if ! ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}" SOPC_FUZZ_TARGET="$target" "$bin" "$work/$target" "${seeds[@]}" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=32768 -detect_leaks=0 \
        -artifact_prefix="$work/artifacts-$target/" -print_final_stats=1 ${FUZZ_FLAGS:-} \
        > "$work/$target.log" 2>&1; then
        status=1
        echo "fuzz target $target failed:"
        grep -v "^#\|^INFO\|^MS:" "$work/$target.log" | tail -40
        for artifact in "$work/artifacts-$target"/*; do
            [[ -e "$artifact" ]] || continue
            mkdir -p Fuzz/failures
            cp "$artifact" "Fuzz/failures/$target-$(basename "$artifact")"
            echo "input saved as Fuzz/failures/$target-$(basename "$artifact") (base64: $(base64 -w0 "$artifact" | head -c 300))"
        done
    fi
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$work/$target.log" | sed "s/^/  $target /" || true
done
exit "$status"
