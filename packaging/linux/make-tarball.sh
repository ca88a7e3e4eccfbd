#!/usr/bin/env bash
# Linux release: dist/tsunagi-<version>-linux-<arch>.tar.gz, an AppImage-style folder that runs
# from anywhere (home folder, /opt, a USB stick) without installing anything:
#
#   tsunagi-<version>-linux-<arch>/
#     AppRun                     start here (also works from sticks mounted without exec rights)
#     install-desktop-entry.sh   add it to this user's application menu (no root)
#     tsunagi.desktop, tsunagi.png, README.txt
#     tsunagi/                   the PyInstaller one-folder bundle (dist/tsunagi)
#
# Usage: make dist && packaging/linux/make-tarball.sh     (prints the sizes it measured)
set -euo pipefail
cd "$(dirname "$0")/../.."

test -x dist/tsunagi/tsunagi || { echo "make-tarball: run 'make dist' first" >&2; exit 1; }
version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' index/__init__.py)
arch=$(uname -m)
name="tsunagi-$version-linux-$arch"
stage_root=build/linux
stage="$stage_root/$name"
rm -rf "$stage_root"
mkdir -p "$stage"

cp -a dist/tsunagi "$stage/tsunagi"
rm -rf "$stage/tsunagi/data" "$stage/tsunagi/tsunagi-portable.txt" # never ship someone's data
install -m 755 packaging/linux/AppRun "$stage/AppRun"
install -m 755 packaging/linux/install-desktop-entry.sh "$stage/install-desktop-entry.sh"
install -m 644 packaging/linux/tsunagi.desktop "$stage/tsunagi.desktop"
install -m 644 packaging/linux/README.txt "$stage/README.txt"
install -m 644 packaging/icons/tsunagi-256.png "$stage/tsunagi.png"

tarball="dist/$name.tar.gz"
tar -C "$stage_root" --sort=name --owner=0 --group=0 --numeric-owner \
    --mtime="@${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}" \
    -cf - "$name" | gzip -9n >"$tarball.partial"
mv "$tarball.partial" "$tarball"

echo "folder:  $(du -sh "$stage" | cut -f1)  $stage"
echo "tarball: $(du -sh "$tarball" | cut -f1)  $tarball"
