#!/usr/bin/env bash
# make test: lint, then a throw-away database with the addon, the OCA
# payroll addon its integration test needs and the bridges (bridges/*, with
# their dependencies) installed, then the whole test suite of the addon and
# the bridges through pytest-odoo, browser tours included. Extra arguments go
# to pytest (e.g. make test ARGS="-k pay_line -x").
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_all browser
[ -n "${TSM_SKIP_LINT:-}" ] || "$ROOT/scripts/lint.sh"

DB=tsm_test_$(date +%Y%m%d%H%M%S)_$$
CONF=$STATE_DIR/$DB.conf
LOG=$STATE_DIR/$DB.install.log
cleanup() {
    dropdb --if-exists "$DB" >/dev/null 2>&1 || true
    rm -rf "$CONF" "$STATE_DIR/data/filestore/$DB"
}
trap cleanup EXIT INT TERM
write_odoo_conf "$CONF" "$DB" "$(free_port)"

MODULES=$ADDON,payroll${BRIDGES:+,$BRIDGES}
say "Installing $MODULES into the throw-away database $DB (log: $LOG)"
start=$(date +%s)
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$CONF" -d "$DB" -i "$MODULES" \
    --without-demo=all --load-language=en_US,zh_CN --stop-after-init \
    --log-level=warn --logfile="$LOG" || {
    grep -E -A12 "Error|error" "$LOG" | grep -v '^  File\|^    ' | tail -40 >&2
    die "Installing the addon failed (above; full log: $LOG)."
}
if grep -E " (ERROR|CRITICAL) " "$LOG" >/dev/null; then
    grep -E -A15 " (ERROR|CRITICAL) " "$LOG" | head -60 >&2
    die "Installing the addon logged errors (above; full log: $LOG)."
fi
rm -f "$LOG"
say "Installed in $(($(date +%s) - start)) s; running the tests"

# Run through the link so that Odoo sees the addon under its name; each
# bridge's tests/ too.
TEST_DIRS=("$ADDON_DIR/tests")
for bridge in ${BRIDGES//,/ }; do
    if [ -d "$BRIDGES_DIR/$bridge/tests" ]; then TEST_DIRS+=("$BRIDGES_DIR/$bridge/tests"); fi
done
cd "$ADDONS_LINK_DIR"
PYTHONPATH=$ROOT/scripts "$VENV/bin/python" -m pytest -p pytest_tsm -p no:cacheprovider \
    --rootdir="$ADDON_DIR" -c "$ADDON_DIR/pyproject.toml" \
    --odoo-config="$CONF" --odoo-database="$DB" --odoo-http --odoo-log-level=warn \
    "${TEST_DIRS[@]}" "$@"
