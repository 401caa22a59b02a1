#!/usr/bin/env bash
# make format: apply ruff's formatting and safe fixes.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ -x "$VENV/bin/ruff" ] || { mkdir -p "$STATE_DIR"; ensure_odoo_src; ensure_venv; }
cd "$ROOT"
"$VENV/bin/ruff" check --fix --quiet . || true
"$VENV/bin/ruff" format --quiet .
