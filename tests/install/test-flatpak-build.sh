#!/bin/bash
# flatpak-build: flatpak-builder builds the manifest, offline, when this
# machine has flatpak-builder and the GNOME 43 SDK and runtime installed.
# Otherwise it says which is missing and skips: it never passes without a build.
#
# usage: test-flatpak-build.sh MANIFEST
. "${TCGUI_SRCDIR}/tests/lib.sh"

manifest=$1
command -v flatpak-builder >/dev/null ||
  skip "flatpak-builder is not installed: the Flatpak is NOT built (the manifest is checked by flatpak-manifest)"
for ref in org.gnome.Sdk//43 org.gnome.Platform//43; do
  flatpak info "$ref" >/dev/null 2>&1 ||
    skip "$ref is not installed and cannot be fetched here (no internet): the Flatpak is NOT built"
done

work=$(mktemp -d /tmp/tcgui-flatpak-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
check "flatpak-builder builds the app offline" \
  flatpak-builder --disable-download --disable-rofiles-fuse --force-clean \
    --state-dir="$work/state" "$work/app" "$manifest"
check "the app is installed as /app/bin/tcgui" [ -x "$work/app/files/bin/tcgui" ]
check "no helper in the Flatpak" [ ! -e "$work/app/files/libexec/tcgui-helper" ]
finish
