#!/usr/bin/env bash
# Runs a real S3-compatible server natively for tests and benchmarks: moto's server mode
# (PyPI `moto[server]`, pinned), installed once into a virtualenv under the tool cache.
#
#   scripts/s3-server.sh install      create the virtualenv if missing (idempotent)
#   scripts/s3-server.sh run PORT     install if needed, then exec the server on 127.0.0.1:PORT
#
# Env: TICKFLOW_CACHE (default ~/.cache/tickflow).
set -euo pipefail

MOTO_VER="5.2.5"
CACHE="${TICKFLOW_CACHE:-$HOME/.cache/tickflow}"
VENV="$CACHE/moto-$MOTO_VER"

install() {
  if [[ -x "$VENV/bin/moto_server" ]]; then return 0; fi
  command -v python3 >/dev/null || { echo "[s3-server] ERROR: python3 is needed to install moto" >&2; exit 1; }
  echo "[s3-server] installing moto[server]==$MOTO_VER into $VENV (once, from PyPI)" >&2
  # Installed under a temporary name would break the scripts (a venv records its path), so a
  # failed install is removed instead.
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "moto[server]==$MOTO_VER" >&2 || { rm -rf "$VENV"; exit 1; }
}

case "${1:-}" in
  install) install ;;
  run)
    [[ "${2:-}" =~ ^[0-9]+$ ]] || { echo "usage: $0 run PORT" >&2; exit 2; }
    install
    exec "$VENV/bin/moto_server" -H 127.0.0.1 -p "$2"
    ;;
  *) echo "usage: $0 install | run PORT" >&2; exit 2 ;;
esac
