#!/usr/bin/env bash
# Add Treatyscope to the desktop's menu: the .desktop entry, the icons and the AppStream data.
#
#   bash packaging/install-desktop.sh                        # for you, in ~/.local/share
#   sudo PREFIX=/usr/local bash packaging/install-desktop.sh # for everyone
#
# The entry runs `treatyscope`, which `pip install .` (or the folder app, on PATH) provides.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
share="${PREFIX:-$HOME/.local}/share"
app=io.github.treatyscope.Treatyscope

install -Dm644 "$here/$app.desktop" "$share/applications/$app.desktop"
install -Dm644 "$here/$app.metainfo.xml" "$share/metainfo/$app.metainfo.xml"
for icon in "$here"/icons/hicolor/*/apps/"$app".*; do
  install -Dm644 "$icon" "$share/icons/${icon#"$here"/icons/}"
done
command -v update-desktop-database >/dev/null && update-desktop-database -q "$share/applications" || true
echo "installed the menu entry and icons in $share"
