#!/usr/bin/env python3
# flatpak: the manifest (flatpak/io.github.tcgui.TcGui.json) builds the app
# only, from this source tree, against the GNOME runtime of GTK 4.8 and
# libadwaita 1.2, with a sandbox that may reach the host's helper and nothing
# more. TAP output; exit 1 on any failed check.
#
# usage: test-flatpak.py MANIFEST
import json
import sys

FINISH_ARGS = {  # the allow-list, each with why the app needs it
    '--share=ipc',                                # X11's MIT-SHM
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',                               # GL rendering
    '--system-talk-name=io.github.tcgui.Helper1', # the host's helper
}

checks = []


def check(desc, ok):
    checks.append(ok)
    print(('ok' if ok else 'not ok') + ' %d - %s' % (len(checks), desc))


def main(path):
    try:
        with open(path, encoding='utf-8') as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print('not ok 1 - %s is valid JSON: %s' % (path, e))
        return 1
    check('the manifest is valid JSON', True)
    check('app ID io.github.tcgui.TcGui', manifest.get('id') == 'io.github.tcgui.TcGui')
    check('runtime org.gnome.Platform', manifest.get('runtime') == 'org.gnome.Platform')
    check('sdk org.gnome.Sdk', manifest.get('sdk') == 'org.gnome.Sdk')
    check('GNOME 43: GTK 4.8 and libadwaita 1.2',
          manifest.get('runtime-version') == '43')
    check('command tcgui', manifest.get('command') == 'tcgui')

    args = manifest.get('finish-args', [])
    extra = sorted(set(args) - FINISH_ARGS)
    check('finish-args only from the allow-list (extra: %s)' % extra, not extra)
    check('finish-args without duplicates', len(args) == len(set(args)))
    check('the sandbox may talk to the host helper',
          '--system-talk-name=io.github.tcgui.Helper1' in args)
    check('no file system access', not any(a.startswith('--filesystem') for a in args))

    modules = manifest.get('modules', [])
    check('one module, tcgui', [m.get('name') for m in modules] == ['tcgui'])
    module = modules[0] if modules else {}
    opts = module.get('config-opts', [])
    check('built with meson', module.get('buildsystem') == 'meson')
    check('-Dhelper=false: the helper comes from the host', '-Dhelper=false' in opts)
    check('-Dctl=false: tcguictl comes from the host with the helper', '-Dctl=false' in opts)
    check('-Dtests=false', '-Dtests=false' in opts)
    check('no -Dapp=false', '-Dapp=false' not in opts)
    check('built from this source tree (one dir source, path ..)',
          module.get('sources') == [{'type': 'dir', 'path': '..'}])

    print('1..%d' % len(checks))
    return 0 if all(checks) else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
