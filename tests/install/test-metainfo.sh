#!/bin/bash
# metainfo: `appstreamcli validate --pedantic` is clean, and what software
# centres show is there: screenshots that exist in docs/screenshots/,
# release notes, content rating, display size and input.
#
# usage: test-metainfo.sh METAINFO.xml
. "${TCGUI_SRCDIR}/tests/lib.sh"
need_cmd xmllint
command -v appstreamcli >/dev/null ||
  skip "appstreamcli is not installed (apt-get install appstream): the metainfo is NOT validated"

metainfo=$1

xpath() { xmllint --xpath "$1" "$metainfo" 2>/dev/null; }

# The one pedantic hint allowed, and only for the component's own <id>:
# cid-contains-uppercase-letter. AppStream's validator (as-validator.c, 0.16)
# reports it for any capital letter in <id>, with no exception to claim: it is
# a style hint ("P:", shown only with --pedantic), which every reverse-DNS ID
# in GNOME's CamelCase convention gets (org.gnome.TextEditor does). The ID
# cannot follow it: io.github.tcgui.TcGui is the project's fixed app ID, and
# the .desktop file, the GSettings schema and path (the users' settings), the
# D-Bus name of the GApplication and the icons are all named after it. Every
# other hint, or this one for any other ID (a <provides> entry, say), fails.
app_id=$(xpath 'string(/component/id)')
allowed="cid-contains-uppercase-letter $app_id"
out=$(appstreamcli validate --no-net --pedantic --explain "$metainfo" 2>&1); rc=$?
echo "$out"
check "appstreamcli validate passes" [ "$rc" = 0 ]
issues=$(echo "$out" | grep -E '^[EWIP]: ' | cut -d' ' -f3- | grep -vxF "$allowed")
check "no pedantic hint but “$allowed”" [ -z "$issues" ]
[ -z "$issues" ] || echo "# not allowed: $issues"

# Screenshots: stable raw GitHub URLs of files checked in under docs/screenshots/.
urls=$(xpath '//screenshot/image/text()')
check "has screenshots" [ -n "$urls" ]
check "one default screenshot" [ "$(xpath 'count(//screenshot[@type="default"])')" = 1 ]
for url in $urls; do
  name=${url#https://raw.githubusercontent.com/tcgui/tcgui/main/docs/screenshots/}
  check "screenshot URL is the project's raw GitHub URL: $url" [ "$name" != "$url" ]
  check "screenshot exists: docs/screenshots/$name" [ -s "$TCGUI_SRCDIR/docs/screenshots/$name" ]
done
check "every screenshot has a caption" \
  [ "$(xpath 'count(//screenshot[not(caption)])')" = 0 ]

check "release notes for the project's version ($TCGUI_VERSION)" \
  [ "$(xpath "count(//releases/release[@version=\"$TCGUI_VERSION\"]/description)")" = 1 ]
check "OARS content rating" [ "$(xpath 'string(//content_rating/@type)')" = oars-1.1 ]
check "requires a display of at least 360 px" \
  [ "$(xpath 'string(//requires/display_length[@compare="ge"])')" = 360 ]
for control in keyboard pointing; do
  check "supports $control input" [ "$(xpath "count(//supports/control[text()=\"$control\"])")" = 1 ]
done
finish
