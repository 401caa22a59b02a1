#!/usr/bin/env bash
# make bench-data / make bench: generate the benchmark companies (200 and
# 2,000 employees, fixed seed) in throw-away databases, then time a month's
# close and the common reads on both and print the table with PASS/FAIL.
#   scripts/bench.sh data      # (re)create the databases tsm_bench_200 and tsm_bench_2000
#   scripts/bench.sh run       # run the benchmark (creates missing databases first)
# Sizes: TSM_BENCH_SIZES="200 2000". Results in bench/out/.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SIZES=${TSM_BENCH_SIZES:-"200 2000"}
OUT=$ROOT/bench/out
setup_all
mkdir -p "$OUT"

make_db() {
    local n=$1 db=tsm_bench_$1 conf=$STATE_DIR/bench_$1.conf
    write_odoo_conf "$conf" "$db" "$(free_port)"
    dropdb --if-exists "$db" >/dev/null 2>&1 || true
    rm -rf "$STATE_DIR/data/filestore/$db"
    say "Creating $db ($n employees): install"
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$conf" -d "$db" -i "$ADDON" --without-demo=all \
        --stop-after-init --log-level=warn ||
        { dropdb --if-exists "$db"; die "Installing the addon into $db failed."; }
    say "Generating the data of $db"
    if ! "$VENV/bin/python" "$ROOT/bench/generate.py" -c "$conf" -d "$db" --employees "$n"; then
        dropdb --if-exists "$db"
        die "Generating the benchmark data failed; the database $db was removed."
    fi
    psql -d "$db" -qc "VACUUM ANALYZE" >/dev/null
}

case "${1:-run}" in
data)
    for n in $SIZES; do make_db "$n"; done
    ;;
run)
    for n in $SIZES; do db_exists "tsm_bench_$n" || make_db "$n"; done
    for n in $SIZES; do
        conf=$STATE_DIR/bench_$n.conf
        write_odoo_conf "$conf" "tsm_bench_$n" "$(free_port)"
        say "Benchmark on tsm_bench_$n (3 runs)"
        /usr/bin/time -v -o "$OUT/time_$n.txt" "$VENV/bin/python" "$ROOT/bench/run.py" \
            -c "$conf" -d "tsm_bench_$n" --employees "$n" --out "$OUT/result_$n.json" ||
            die "The benchmark on tsm_bench_$n failed (above)."
    done
    set -- $SIZES
    small=$1 large=${2:-$1}
    peak_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/time_$large.txt")
    echo
    echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
    "$VENV/bin/python" "$ROOT/bench/report.py" "$OUT/result_$small.json" "$OUT/result_$large.json" \
        --memory-mb "$((peak_kb / 1024))"
    ;;
*)
    die "usage: scripts/bench.sh data|run"
    ;;
esac
