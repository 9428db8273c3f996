#!/bin/bash
# unit: the translations are in step with the sources.
#  - po/tcgui.pot equals a POT freshly extracted from po/POTFILES.in with the same
#    xgettext arguments meson's i18n.gettext(preset: 'glib') uses (header date ignored),
#    so `meson compile -C BUILD tcgui-pot` leaves no diff;
#  - every file listed in POTFILES.in exists, and every source file that marks a
#    string for translation is listed;
#  - every language in po/LINGUAS passes `msgfmt --check --check-format` and has no
#    untranslated or fuzzy message.
. "$(dirname "$0")/../lib.sh"
need_cmd xgettext msgfmt
src=${TCGUI_SRCDIR:?}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# The glib preset's keywords and flags (mesonbuild/modules/i18n.py PRESET_ARGS).
args=(--from-code=UTF-8 --add-comments --keyword=_ --keyword=N_ --keyword=C_:1c,2
      --keyword=NC_:1c,2 --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3
      --keyword=g_dpgettext2:2c,3 --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format
      --flag=NC_:2:pass-c-format --flag=g_dngettext:2:pass-c-format
      --flag=g_strdup_printf:1:c-format --flag=g_string_printf:2:c-format
      --flag=g_string_append_printf:2:c-format --flag=g_error_new:3:c-format
      --flag=g_set_error:4:c-format --flag=g_markup_printf_escaped:1:c-format
      --flag=g_log:3:c-format --flag=g_print:1:c-format --flag=g_printerr:1:c-format
      --flag=g_printf:1:c-format --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format
      --flag=g_snprintf:3:c-format)

missing=$(cd "$src" && while read -r f; do [ -z "$f" ] || [ -f "$f" ] || echo "$f"; done < po/POTFILES.in)
check "every file in po/POTFILES.in exists" [ -z "$missing" ]
[ -z "$missing" ] || echo "# missing: $missing"

unlisted=$(cd "$src" && grep -lE '\b(N?_|C_|ngettext|g_dngettext)\s*\(|translatable="yes"' \
             src/*.c src/*.ui src/gtk/*.ui helper/*.c tools/*.c common/*.c 2>/dev/null |
           grep -vxF -f po/POTFILES.in)
check "every source file with translatable strings is in po/POTFILES.in" [ -z "$unlisted" ]
[ -z "$unlisted" ] || echo "# not listed: $unlisted"

(cd "$src" && xgettext "${args[@]}" --package-name=tcgui -D "$src" -f po/POTFILES.in \
   -o "$tmp/fresh.pot") 2> "$tmp/xgettext.err"
check "xgettext extracts the POT" [ -s "$tmp/fresh.pot" ]
bad=$(grep -i 'warning' "$tmp/xgettext.err")
check "xgettext has no warning (format strings xgettext cannot read)" [ -z "$bad" ]
[ -z "$bad" ] || echo "# $bad"
strip() { grep -v '^"POT-Creation-Date:' "$1"; }
if diff -u <(strip "$src/po/tcgui.pot") <(strip "$tmp/fresh.pot") > "$tmp/pot.diff"; then
  pass "po/tcgui.pot is up to date"
else
  fail "po/tcgui.pot is stale: run meson compile -C BUILD tcgui-pot and commit it"
  head -40 "$tmp/pot.diff" | sed 's/^/# /'
fi

langs=$(sed 's/#.*//' "$src/po/LINGUAS" | tr -s ' \n' '\n' | grep -v '^$')
for l in $langs; do
  po="$src/po/$l.po"
  if [ ! -f "$po" ]; then fail "$l.po exists (listed in po/LINGUAS)"; continue; fi
  check "$l.po: msgfmt --check --check-format" \
    msgfmt --check --check-format -o "$tmp/$l.mo" "$po"
  stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$po" 2>&1)
  echo "# $l: $stats"
  check "$l.po: no untranslated or fuzzy message" \
    bash -c '! grep -qE "untranslated|fuzzy" <<< "$1"' _ "$stats"
  # Every msgid of the POT is in the po (it was merged after the last POT change).
  check "$l.po: every msgid of the POT is in it" \
    bash -c '[ -z "$(msgcmp "$1" "$2" 2>&1)" ]' _ "$po" "$src/po/tcgui.pot"
done
finish
