#!/bin/bash
# install: `meson install` into a DESTDIR installs exactly the files of
# expected-files.txt (paths under the prefix written as PREFIX/), plus one
# translation per language of po/LINGUAS. Fails with the diff.
#
# usage: test-install.sh PREFIX
. "${TCGUI_SRCDIR}/tests/lib.sh"
need_cmd meson find diff sort

prefix=$1
destdir=$(mktemp -d /tmp/tcgui-install-test.XXXXXX)
trap 'rm -rf "$destdir"' EXIT

# Installing writes meson-logs/install-log.txt: the build dir is shared, the
# rest of the install goes to our DESTDIR only.
if ! meson install -C "$TCGUI_BUILDDIR" --destdir "$destdir" --no-rebuild --quiet \
     > "$destdir.log" 2>&1; then
  cat "$destdir.log"; rm -f "$destdir.log"
  fail "meson install into a DESTDIR"
  finish; exit 1
fi
rm -f "$destdir.log"
pass "meson install into a DESTDIR"

# The translations follow po/LINGUAS (one language per word; '#' comments).
expected=$destdir.expected
{
  grep -v '^[[:space:]]*$' "$TCGUI_SRCDIR/tests/install/expected-files.txt" | grep -v '^#'
  sed 's/#.*//' "$TCGUI_SRCDIR/po/LINGUAS" | tr -s ' \t' '\n\n' | grep -v '^$' |
    sed 's|.*|PREFIX/share/locale/&/LC_MESSAGES/tcgui.mo|'
} | LC_ALL=C sort > "$expected"

# Files and symlinks, with the prefix written as PREFIX: anything installed
# outside the prefix shows up with its full path and fails the diff.
actual=$destdir.actual
(cd "$destdir" && find . \( -type f -o -type l \) | sed 's|^\.||' |
   sed "s|^${prefix%/}/|PREFIX/|") | LC_ALL=C sort > "$actual"

if diff -u "$expected" "$actual"; then
  pass "installed files match tests/install/expected-files.txt (+ po/LINGUAS)"
else
  echo "# '-' expected but not installed, '+' installed but not expected"
  fail "installed files differ from tests/install/expected-files.txt (+ po/LINGUAS)"
fi
rm -f "$expected" "$actual"
finish
