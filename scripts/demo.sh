#!/usr/bin/env bash
# make demo: set everything up and run Odoo with this addon, the OCA payroll
# addon and the bridges (bridges/*, with their dependencies) and their demo
# data at http://localhost:$PORT (login admin / admin). A second run keeps
# the database and its data, updates the addon and the bridges and installs
# what is missing.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB=${TSM_DEMO_DB:-hr_tech_service_demo}
PORT=${PORT:-8069}

setup_all
port_free "$PORT" ||
    die "Port $PORT is already taken (another Odoo or 'make demo'? 'ss -ltnp | grep :$PORT' shows the process). Stop it, or run on another port: make demo PORT=8070"
CONF=$STATE_DIR/demo.conf
write_odoo_conf "$CONF" "$DB" "$PORT"

LOG=$STATE_DIR/demo-install.log
MODULES=$ADDON,payroll${BRIDGES:+,$BRIDGES}
OURS=$ADDON${BRIDGES:+,$BRIDGES}
if db_exists "$DB"; then
    state=$(psql -d "$DB" -Atc "select state from ir_module_module where name = '$ADDON'" 2>/dev/null || true)
    if [ "$state" = installed ]; then
        say "Updating $OURS in the existing database $DB (its data is kept; missing modules of $MODULES are installed)"
        action=(-i "$MODULES" -u "$OURS")
    else
        say "Installing $MODULES into the existing database $DB"
        action=(-i "$MODULES")
    fi
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" "${action[@]}" \
        --load-language=en_US,zh_CN --stop-after-init --logfile="$LOG" ||
        die "Updating the database $DB failed; see $LOG. (To start afresh: dropdb $DB && make demo)"
else
    say "Creating the database $DB with $MODULES and their demo data, in English and Chinese (log: $LOG)"
    if ! "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" -i "$MODULES" \
        --load-language=en_US,zh_CN --stop-after-init --logfile="$LOG"; then
        dropdb --if-exists "$DB" >/dev/null 2>&1 || true
        rm -rf "$STATE_DIR/data/filestore/$DB"
        die "Installing the addon failed, so the database $DB was removed again; see $LOG."
    fi
fi

cat <<MSG

==========================================================================
  Odoo is starting: open http://localhost:$PORT
  Log in as admin / admin (English). Demo users, password = login:
  gm, deputy, manager, leader, hr, payroll, engineer (Chinese interface).
  Stop with Ctrl+C; 'make demo' again keeps this database and its data.
==========================================================================

MSG
exec "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" --log-level=info
