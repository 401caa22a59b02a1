#!/usr/bin/env bash
# Shared setup for the project's commands (make demo, make test, make lint,
# make bench). Sourced, not run. Every step is idempotent: a second run
# reuses what the first one made.
#
# Settings (environment variables):
#   ODOO_SRC        Odoo 18.0 source tree          (default /opt/odoo/18.0)
#   TSM_STATE_DIR   virtualenv, addons link, logs  (default ~/.cache/hr_tech_service)
#   PYTHON          interpreter for the virtualenv (default python3.11)
#   PGHOST PGPORT PGUSER PGPASSWORD   PostgreSQL to use (default: local socket)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ADDON=hr_tech_service
ODOO_SRC=${ODOO_SRC:-/opt/odoo/18.0}
STATE_DIR=${TSM_STATE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hr_tech_service}
PYTHON=${PYTHON:-python3.11}
VENV=$STATE_DIR/venv
# One addons folder per checkout, holding a link named after the addon.
ADDONS_LINK_DIR=$STATE_DIR/addons/$(printf '%s' "$ROOT" | sha1sum | cut -c1-10)

say() { printf '==> %s\n' "$*"; }
die() {
    printf '\nerror: %s\n\n' "$*" | fold -s -w 100 >&2
    exit 1
}

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else return 1
    fi
}

apt_install() {
    # apt_install PACKAGE... : install Debian packages, or explain how to.
    command -v apt-get >/dev/null 2>&1 ||
        die "Missing system packages: $*. This is not a Debian system; install their equivalents, then run the command again."
    say "Installing Debian packages: $*"
    if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >"$STATE_DIR/apt.log" 2>&1; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update >>"$STATE_DIR/apt.log" 2>&1 || true
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >>"$STATE_DIR/apt.log" 2>&1 ||
            die "Could not install $* (log: $STATE_DIR/apt.log). Run as root: apt-get update && apt-get install -y $*"
    fi
}

ensure_odoo_src() {
    if [ -f "$ODOO_SRC/odoo-bin" ] && [ -f "$ODOO_SRC/odoo/release.py" ]; then
        grep -q "^version_info = (18, 0," "$ODOO_SRC/odoo/release.py" ||
            die "$ODOO_SRC is not Odoo 18.0 (see $ODOO_SRC/odoo/release.py). Point ODOO_SRC at an Odoo 18.0 source tree."
        return
    fi
    say "No Odoo 18.0 source in $ODOO_SRC: trying a shallow clone of odoo/odoo branch 18.0"
    local parent tmp
    parent=$(dirname "$ODOO_SRC")
    if mkdir -p "$parent" 2>/dev/null && tmp=$(mktemp -d "$parent/.odoo-clone.XXXXXX") &&
        timeout 1800 git clone --quiet --depth 1 --branch 18.0 https://github.com/odoo/odoo.git "$tmp/src" 2>"$STATE_DIR/clone.log" &&
        mv "$tmp/src" "$ODOO_SRC"; then
        rm -rf "$tmp"
        return
    fi
    [ -n "${tmp:-}" ] && rm -rf "$tmp"
    die "The Odoo 18.0 source is missing in $ODOO_SRC and cloning it failed (no network to github.com?). \
Get it yourself, then run the command again: \
'git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git $ODOO_SRC' \
or set ODOO_SRC to an existing Odoo 18.0 checkout (e.g. 'make test ODOO_SRC=/path/to/odoo')."
}

ensure_system_packages() {
    # ensure_system_packages [browser]: PDF rendering with CJK fonts always,
    # the headless browser only for the tests.
    local missing=()
    command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
    fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || missing+=(fonts-noto-cjk)
    command -v pg_config >/dev/null 2>&1 || missing+=(libpq-dev)
    command -v gcc >/dev/null 2>&1 || missing+=(gcc)
    if [ "${1:-}" = browser ]; then
        command -v chromium >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1 ||
            command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
    fi
    [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

venv_fingerprint() {
    {
        "$PYTHON" --version 2>&1
        cat "$ODOO_SRC/requirements.txt" "$ROOT/requirements.txt" "$ROOT/requirements-dev.txt"
        sed -n '/^ensure_venv()/,/^}/p' "$ROOT/scripts/lib.sh"
    } | sha1sum | cut -c1-16
}

ensure_venv() {
    command -v "$PYTHON" >/dev/null 2>&1 ||
        die "$PYTHON is not installed. Odoo 18.0's pinned requirements need Python 3.11: install it (Debian 12: apt-get install python3.11 python3.11-venv python3.11-dev) or set PYTHON=/path/to/python3.11."
    local want have=""
    want=$(venv_fingerprint)
    [ -f "$VENV/.tsm-fingerprint" ] && have=$(cat "$VENV/.tsm-fingerprint")
    if [ "$want" = "$have" ] && [ -x "$VENV/bin/python" ]; then
        say "Reusing the virtualenv $VENV (nothing changed)"
        return
    fi
    say "Setting up the virtualenv $VENV (first run: a few minutes)"
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV" ||
        die "Could not create a virtualenv with $PYTHON (Debian: apt-get install python3.11-venv)."
    local constraints=$STATE_DIR/pip-constraints.txt log=$STATE_DIR/pip.log
    # cbor2's old sdist needs pkg_resources, gone from setuptools 75.
    echo "setuptools<75" >"$constraints"
    export PIP_CONSTRAINT=$constraints PIP_DISABLE_PIP_VERSION_CHECK=1
    # python-ldap (LDAP login) is not needed here and needs OpenLDAP headers.
    grep -v '^python-ldap' "$ODOO_SRC/requirements.txt" >"$STATE_DIR/odoo-requirements.txt"
    {
        "$VENV/bin/pip" install "setuptools<75" wheel &&
            "$VENV/bin/pip" install -r "$STATE_DIR/odoo-requirements.txt" &&
            "$VENV/bin/pip" install -r "$ROOT/requirements.txt" -r "$ROOT/requirements-dev.txt" &&
            # OCA addons on PyPI require the 'odoo' distribution, which is a
            # source tree here: install them without dependencies.
            "$VENV/bin/pip" install --no-deps -r "$ROOT/requirements-oca.txt"
    } >"$log" 2>&1 || die "Installing Python packages failed; the last lines of $log say why. Fix that, then run the command again."
    # Make 'import odoo' work for pytest-odoo and the scripts.
    "$VENV/bin/python" - "$ODOO_SRC" <<'PY'
import site, sys
with open(site.getsitepackages()[0] + "/odoo-src.pth", "w") as f:
    f.write(sys.argv[1] + "\n")
PY
    echo "$want" >"$VENV/.tsm-fingerprint"
}

bridge_names() {
    # The optional bridge addons of the checkout (bridges/<addon>/), comma-separated.
    local manifest
    for manifest in "$ROOT"/bridges/*/__manifest__.py; do
        if [ -f "$manifest" ]; then basename "$(dirname "$manifest")"; fi
    done | paste -sd, -
}

ensure_addons_link() {
    mkdir -p "$ADDONS_LINK_DIR"
    ln -sfn "$ROOT" "$ADDONS_LINK_DIR/$ADDON"
    ADDON_DIR="$ADDONS_LINK_DIR/$ADDON"
    # <checkout>/bridges holds the bridge addons, seen through the same link.
    BRIDGES_DIR="$ADDON_DIR/bridges"
    ADDONS_PATH="$ODOO_SRC/addons,$ADDONS_LINK_DIR,$BRIDGES_DIR"
    BRIDGES=$(bridge_names)
}

pg_ready() { pg_isready -q -t 3 >/dev/null 2>&1; }

ensure_postgres() {
    command -v pg_isready >/dev/null 2>&1 || apt_install postgresql postgresql-client
    if ! pg_ready; then
        if [ -n "${PGHOST:-}" ] && [ "${PGHOST#/}" = "$PGHOST" ] && [ "$PGHOST" != localhost ] && [ "$PGHOST" != 127.0.0.1 ]; then
            die "PostgreSQL at $PGHOST:${PGPORT:-5432} is not reachable. Start it, fix PGHOST/PGPORT, or unset PGHOST to use a local server that this command starts for you."
        fi
        command -v pg_lsclusters >/dev/null 2>&1 || apt_install postgresql
        if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
            local ver
            ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
            say "Creating the local PostgreSQL $ver cluster"
            as_root pg_createcluster "$ver" main >/dev/null || die "Could not create a PostgreSQL cluster. Run as root: pg_createcluster $ver main --start"
        fi
        say "Starting the local PostgreSQL cluster"
        local ver name
        while read -r ver name _; do
            as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start 2>/dev/null ||
                as_root pg_ctlcluster "$ver" "$name" start 2>/dev/null || true
        done < <(pg_lsclusters -h)
        local i
        for i in $(seq 1 20); do pg_ready && break; sleep 1; done
        pg_ready || die "PostgreSQL does not answer (pg_isready). Start it as root with 'pg_ctlcluster --skip-systemctl-redirect 15 main start' and check /var/log/postgresql/."
    fi
    local user=${PGUSER:-$(id -un)}
    [ "$user" != postgres ] ||
        die "Odoo refuses to connect as the PostgreSQL superuser 'postgres'. Set PGUSER to another role (e.g. 'export PGUSER=$(id -un)'); this command creates it on a local server."
    if ! psql -d postgres -Atc 'select 1' >/dev/null 2>&1; then
        # A local server without a role for us: create one.
        if as_root su postgres -c "createuser --superuser '$user'" >/dev/null 2>&1 &&
            psql -d postgres -Atc 'select 1' >/dev/null 2>&1; then
            say "Created the PostgreSQL role $user"
        else
            die "Cannot log in to PostgreSQL as '$user'. Create the role (as root: su postgres -c \"createuser --createdb $user\") or set PGUSER/PGPASSWORD."
        fi
    fi
}

db_exists() { [ "$(psql -d postgres -Atc "select 1 from pg_database where datname = '$1'")" = 1 ]; }

port_free() {
    "$VENV/bin/python" - "$1" <<'PY'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("0.0.0.0", int(sys.argv[1])))
except OSError:
    sys.exit(1)
PY
}

free_port() {
    "$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

write_odoo_conf() {
    # write_odoo_conf FILE DBNAME HTTP_PORT
    mkdir -p "$STATE_DIR/data"
    cat >"$1" <<CONF
[options]
addons_path = $ADDONS_PATH
data_dir = $STATE_DIR/data
db_name = $2
dbfilter = ^$2\$
list_db = False
http_port = $3
db_host = ${PGHOST:-False}
db_port = ${PGPORT:-False}
db_user = ${PGUSER:-False}
db_password = ${PGPASSWORD:-False}
without_demo = False
CONF
}

setup_all() {
    # setup_all [browser]
    mkdir -p "$STATE_DIR"
    ensure_odoo_src
    ensure_system_packages "${1:-}"
    ensure_venv
    ensure_addons_link
    ensure_postgres
}
