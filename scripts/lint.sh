#!/usr/bin/env bash
# make lint: ruff (format and lint, import order included) and pylint-odoo's
# mandatory checks, of the addon and of its bridges (bridges/*). Non-zero
# exit on any finding.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ -x "$VENV/bin/ruff" ] || { mkdir -p "$STATE_DIR"; ensure_odoo_src; ensure_venv; }
cd "$ROOT"
say "Lint: ruff format --check, ruff check, pylint-odoo (mandatory checks)"
"$VENV/bin/ruff" format --check --quiet . || die "ruff format found unformatted files: run 'make format'."
"$VENV/bin/ruff" check --quiet . || die "ruff check found problems (above); 'make format' fixes most."
bridges=()
for manifest in bridges/*/__manifest__.py; do
    if [ -f "$manifest" ]; then bridges+=("$(dirname "$manifest")"); fi
done
PYTHONPATH=$ODOO_SRC "$VENV/bin/pylint" --rcfile=.pylintrc-mandatory --score=n \
    models wizards reports tests __init__.py __manifest__.py "${bridges[@]}" ||
    die "pylint-odoo found problems (above)."
