#!/bin/sh
# Add tsunagi to this user's application menu, pointing at this folder (no admin rights needed).
# Run it again after moving the folder; `install-desktop-entry.sh --remove` takes the entry away.
set -eu
HERE=$(dirname "$(readlink -f "$0")")
APPS="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
ICONS="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
if [ "${1:-}" = "--remove" ]; then
    rm -f "$APPS/tsunagi.desktop" "$ICONS/tsunagi.png"
    echo "tsunagi: removed from the application menu (your data is untouched)"
    exit 0
fi
mkdir -p "$APPS" "$ICONS"
cp "$HERE/tsunagi.png" "$ICONS/tsunagi.png"
# Desktop-entry quoting: the path goes in double quotes, with \ " ` $ escaped (and \ doubled again
# for the string layer of the format).
quoted=$(printf '%s' "$HERE/AppRun" | sed -e 's/\\/\\\\\\\\/g' -e 's/"/\\\\"/g' -e 's/`/\\\\`/g' -e 's/\$/\\\\$/g')
while IFS= read -r line; do
    case "$line" in
        Exec=*) printf 'Exec="%s" %%F\n' "$quoted" ;;
        *) printf '%s\n' "$line" ;;
    esac
done <"$HERE/tsunagi.desktop" >"$APPS/tsunagi.desktop"
chmod 644 "$APPS/tsunagi.desktop"
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$APPS" >/dev/null 2>&1 || true
fi
echo "tsunagi: added to the application menu ($APPS/tsunagi.desktop)"
