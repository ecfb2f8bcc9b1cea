#!/usr/bin/env bash
# Build the self-contained folder app dist/treatyscope/ with PyInstaller.
#
#   bash packaging/build.sh            # then: ./dist/treatyscope/treatyscope
#
# It makes its own virtualenv (build/pyinstaller-venv, or $TREATYSCOPE_BUILD_VENV) with the
# app's dependencies and PyInstaller, so the project's test venv is left as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${TREATYSCOPE_BUILD_VENV:-build/pyinstaller-venv}"
python="${PYTHON:-python3}"
started=$(date +%s)

if [ ! -x "$venv/bin/pyinstaller" ]; then
  "$python" -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip
  "$venv/bin/pip" install -q ".[package]"
fi
"$venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/treatyscope.spec

echo "built dist/treatyscope in $(( $(date +%s) - started )) s, $(du -sh dist/treatyscope | cut -f1)"
