#!/usr/bin/env bash
# make i18n: export the addon's terms to i18n/hr_tech_service.pot from a
# throw-away database (with the same modules as the tests), merge them into i18n/zh_CN.po (keeping existing
# translations) and list the terms that still need a Chinese translation.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_all
DB=tsm_i18n_$$
CONF=$STATE_DIR/$DB.conf
trap 'dropdb --if-exists "$DB" >/dev/null 2>&1 || true; rm -f "$CONF"' EXIT
write_odoo_conf "$CONF" "$DB" "$(free_port)"
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" -i "$ADDON,payroll" --without-demo=all \
    --stop-after-init --log-level=warn
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" --modules="$ADDON" \
    --i18n-export="$ROOT/i18n/$ADDON.pot" --stop-after-init --log-level=warn
"$VENV/bin/python" "$ROOT/scripts/i18n_merge.py" "$ROOT/i18n/$ADDON.pot" "$ROOT/i18n/zh_CN.po" \
    --odoo "$ODOO_SRC" "$@"
