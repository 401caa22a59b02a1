#!/usr/bin/env bash
# make i18n: export the terms of the addon and of each bridge (bridges/*) to
# their i18n/<module>.pot from a throw-away database (with the same modules as
# the tests), merge them into each i18n/zh_CN.po (keeping existing
# translations) and list the terms that still need a Chinese translation.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_all
DB=tsm_i18n_$$
CONF=$STATE_DIR/$DB.conf
trap 'dropdb --if-exists "$DB" >/dev/null 2>&1 || true; rm -f "$CONF"' EXIT
write_odoo_conf "$CONF" "$DB" "$(free_port)"
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" -i "$ADDON,payroll${BRIDGES:+,$BRIDGES}" \
    --without-demo=all --stop-after-init --log-level=warn
status=0
for module in $ADDON ${BRIDGES//,/ }; do
    dir=$ROOT
    [ "$module" = "$ADDON" ] || dir=$ROOT/bridges/$module
    mkdir -p "$dir/i18n"
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" --modules="$module" \
        --i18n-export="$dir/i18n/$module.pot" --stop-after-init --log-level=warn
    say "$module"
    "$VENV/bin/python" "$ROOT/scripts/i18n_merge.py" "$dir/i18n/$module.pot" "$dir/i18n/zh_CN.po" \
        --odoo "$ODOO_SRC" "$@" || status=1
done
exit $status
