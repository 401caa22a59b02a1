"""Merge a freshly exported .pot into a .po, keeping known translations.
The .pot loses the code terms of the bridges inside the addon (they are the
bridges' own).

    i18n_merge.py TEMPLATE.pot LANG.po [--fill TRANSLATIONS.tsv] [--odoo ODOO_SRC]

--fill reads "msgid<TAB>msgstr" lines (\\n for new lines) and sets them.
--odoo takes still-missing standard terms (Followers, Messages...) from the
zh_CN.po files of Odoo's own addons, so that they read as in the rest of Odoo.
Prints the msgids still untranslated; exits 1 if there are any.
"""

import glob
import os
import sys

import polib


def _norm(text):
    """Match fill lines whatever the white space of the exported term."""
    return " ".join(text.split())


def main(argv):
    pot_path, po_path = argv[1], argv[2]
    fill = {}
    if "--fill" in argv:
        with open(argv[argv.index("--fill") + 1], encoding="utf-8") as tsv:
            for line in tsv:
                line = line.rstrip("\n")
                if "\t" in line:
                    msgid, msgstr = line.split("\t", 1)
                    fill[_norm(msgid.replace("\\n", "\n"))] = msgstr.replace("\\n", "\n")
    standard = {}
    if "--odoo" in argv:
        src = argv[argv.index("--odoo") + 1]
        for name in ("base", "web", "mail", "hr", "resource", "rating", "portal"):
            for path in glob.glob(f"{src}/addons/{name}/i18n/zh_CN.po") + glob.glob(
                f"{src}/odoo/addons/{name}/i18n/zh_CN.po"
            ):
                for entry in polib.pofile(path):
                    if entry.msgstr and not entry.fuzzy:
                        standard.setdefault(entry.msgid, entry.msgstr)
    pot = polib.pofile(pot_path, wrapwidth=78)
    module = os.path.splitext(os.path.basename(pot_path))[0]
    try:
        old = {entry.msgid: entry.msgstr for entry in polib.pofile(po_path)}
    except OSError:
        old = {}
    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(pot.metadata)
    po.metadata.update(
        {
            "Language": "zh_CN",
            "Content-Type": "text/plain; charset=UTF-8",
            "Plural-Forms": "nplurals=1; plural=0;",
        }
    )
    po.header = (
        "Translation of Odoo Server.\n"
        "This file contains the translation of the following modules:\n"
        f"\t* {module}"
    )
    # Odoo counts the files of a folder inside an addon as the addon's: the
    # code terms of bridges/<bridge>/ belong to the bridge's own .po.
    nested = f"addons/{module}/bridges/"
    for entry in list(pot):
        occurrences = [occ for occ in entry.occurrences if nested not in occ[0]]
        if entry.occurrences and not occurrences:
            pot.remove(entry)
        entry.occurrences = occurrences
    pot.save(pot_path)
    missing = []
    for entry in pot:
        msgstr = (
            fill.get(_norm(entry.msgid)) or old.get(entry.msgid) or standard.get(entry.msgid, "")
        )
        if not msgstr:
            missing.append(entry.msgid)
        po.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgstr=msgstr,
                occurrences=entry.occurrences,
                comment=entry.comment,
                tcomment=entry.tcomment,
                flags=entry.flags,
            )
        )
    po.save(po_path)
    for msgid in missing:
        print(msgid.replace("\n", "\\n"))
    print(f"{len(pot)} terms, {len(missing)} untranslated", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
