#!/usr/bin/env bash
# RUSTC_WRAPPER: libflux sets deny(warnings); newer rustc adds lints, so cap them at warn.
rustc="$1"; shift
for a in "$@"; do [[ "$a" == --cap-lints* ]] && exec "$rustc" "$@"; done
exec "$rustc" --cap-lints warn "$@"
