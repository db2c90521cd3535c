#!/usr/bin/env bash
# Builds influxd 2.x from its Go module into $TICKFLOW_CACHE/influxd-<ver>/influxd.
# Why a wrapper module: `go install mod@ver` refuses modules with replace directives,
# so we reuse influxdb's own go.mod/go.sum under another module name.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
INFLUX_VERSION="${INFLUX_VERSION:-v2.7.12}"
CACHE="${TICKFLOW_CACHE:-$HOME/.cache/tickflow}"
OUT="$CACHE/influxd-$INFLUX_VERSION"
BIN="$OUT/influxd"
log() { echo "[build-influxd] $*" >&2; }

if [[ -x "$BIN" ]]; then log "cached: $BIN"; exit 0; fi
command -v go >/dev/null || { log "go toolchain not found"; exit 1; }
command -v cargo >/dev/null || { log "cargo (Rust) not found: libflux needs it"; exit 1; }
command -v pkg-config >/dev/null || { log "Debian pkg-config not found (apt-get install pkg-config)"; exit 1; }

WORK="$CACHE/build/influxd-$INFLUX_VERSION"
mkdir -p "$WORK" "$OUT" "$CACHE/bin"
cd "$WORK"
go mod download -x github.com/influxdata/influxdb/v2@"$INFLUX_VERSION" 2>/dev/null || go mod download github.com/influxdata/influxdb/v2@"$INFLUX_VERSION"
SRC="$(go env GOMODCACHE)/github.com/influxdata/influxdb/v2@$INFLUX_VERSION"
sed 's#^module .*#module tickflow.local/influxd-build#' "$SRC/go.mod" > go.mod
cp "$SRC/go.sum" go.sum
chmod u+w go.mod go.sum
go mod edit -require=github.com/influxdata/influxdb/v2@"$INFLUX_VERSION"
cat > tools.go <<'GO'
//go:build tools

package tools

import _ "github.com/influxdata/influxdb/v2/cmd/influxd/launcher"
GO
PKG_CONFIG_VERSION="$(go list -m -mod=mod -f '{{.Version}}' github.com/influxdata/pkg-config)"
log "building influxdata/pkg-config $PKG_CONFIG_VERSION (it builds libflux with cargo)"
GOFLAGS=-mod=mod go build -o "$CACHE/bin/influx-pkg-config" github.com/influxdata/pkg-config

# The active rustup toolchain, so libflux's rust-toolchain.toml (1.72) never triggers a download.
export RUSTUP_TOOLCHAIN="${RUSTUP_TOOLCHAIN:-$(rustup show active-toolchain 2>/dev/null | awk '{print $1}')}"
# libflux has deny(warnings); newer rustc adds lints. RUSTFLAGS did not reach its rustc, a wrapper does.
export RUSTC_WRAPPER="$HERE/rustc-cap-lints.sh"
export PKG_CONFIG="$CACHE/bin/influx-pkg-config"
export CGO_ENABLED=1
log "building influxd $INFLUX_VERSION (toolchain $RUSTUP_TOOLCHAIN); a cold build takes 10-25 min on 2 cores"
start=$(date +%s)
# No 'assets' tag: the UI is not needed and would need a download.
GOFLAGS=-mod=mod go build -tags sqlite_foreign_keys,sqlite_json \
  -ldflags "-X main.version=${INFLUX_VERSION#v} -X main.commit=tickflow" \
  -o "$BIN.tmp" github.com/influxdata/influxdb/v2/cmd/influxd
mv "$BIN.tmp" "$BIN"
log "built $BIN in $(( $(date +%s) - start ))s"
