"""Print the benchmark table from the results of two sizes, with PASS/FAIL.

python bench/report.py SMALL.json LARGE.json [--memory-mb LARGE_PEAK]
"""

import argparse
import json
import sys

CLOSE_SECONDS = 60.0
QUERY_RATIO = 1.5
READ_SECONDS = 0.5
READ_QUERIES = 40
MEMORY_MB = 1536


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("small")
    parser.add_argument("large")
    parser.add_argument("--memory-mb", type=float, help="peak RSS of the large run's process")
    args = parser.parse_args()
    small = json.load(open(args.small))
    large = json.load(open(args.large))
    small_steps = {step["name"]: step for step in small["steps"]}
    n_small, n_large = small["employees"], large["employees"]
    header = (
        f"{'step':<56} {'records':>8} {'seconds':>8} {'queries':>8} "
        f"{'q@' + str(n_small):>8} {'ratio':>6} {'peak MB':>8}  result"
    )
    print(header)
    print("-" * len(header))
    failed = False
    close_total = 0.0
    for step in large["steps"]:
        other = small_steps.get(step["name"], {})
        ratio = step["queries"] / other["queries"] if other.get("queries") else 1.0
        if step["kind"] == "close":
            close_total += step["seconds"]
            ok = ratio <= QUERY_RATIO
            why = f"queries x{ratio:.2f} for x{n_large / n_small:.0f} employees"
        else:
            ok = step["seconds"] <= READ_SECONDS and step["queries"] <= READ_QUERIES
            why = f"<= {READ_SECONDS} s and <= {READ_QUERIES} queries"
        failed |= not ok
        print(
            f"{step['name']:<56} {step['records']:>8} {step['seconds']:>8.2f} "
            f"{step['queries']:>8.0f} {other.get('queries', 0):>8.0f} {ratio:>6.2f} "
            f"{step['peak_mb']:>8.0f}  {'PASS' if ok else 'FAIL'} ({why})"
        )
    ok = close_total <= CLOSE_SECONDS
    failed |= not ok
    print("-" * len(header))
    print(
        f"{'whole month close for ' + str(n_large) + ' employees':<56} {'':>8} {close_total:>8.2f}"
        f"{'':>37}  {'PASS' if ok else 'FAIL'} (<= {CLOSE_SECONDS:.0f} s)"
    )
    if args.memory_mb:
        ok = args.memory_mb <= MEMORY_MB
        failed |= not ok
        print(
            f"{'peak memory of the Odoo process':<56} {'':>8} {'':>8}{'':>37}  "
            f"{'PASS' if ok else 'FAIL'} ({args.memory_mb:.0f} MB <= {MEMORY_MB} MB)"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
