"""Time a month's close and the most frequent reads on a generated database.

    python bench/run.py -c ODOO_CONF -d DB --out RESULT.json [--runs 3]

Each run executes every step in order in one transaction that is rolled
back at the end, so the three runs see the same data; a step's figures are
the median of the runs. Queries are counted with Odoo's SQL counter, peak
memory with getrusage (the whole process is also timed by /usr/bin/time -v
in scripts/bench.sh).
"""

import argparse
import json
import resource
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import CLOSE_MONTH, month_end  # noqa: E402
from bench.odoo_env import environment, load, query_count  # noqa: E402

CLOSE_START, CLOSE_END = CLOSE_MONTH, month_end(CLOSE_MONTH)


def user(env, login):
    return env["res.users"].search([("login", "=", login)], limit=1)


# ----------------------------------------------------------------------
# The month's close, in order
# ----------------------------------------------------------------------
def step_appraisal_sheets(env, ctx):
    sheets = env["tsm.appraisal.sheet"]._cron_generate_sheets(CLOSE_START)
    ctx["sheets"] = sheets
    return len(sheets)


def step_yearly_rules(env, ctx):
    employees = env["hr.employee"].search([])
    env["tsm.appraisal.yearly.rule"]._tsm_check(employees, {CLOSE_START.year})
    return len(employees)


def step_trip_flags(env, ctx):
    flags = env["tsm.trip"]._tsm_flag_missing_reports(today=CLOSE_END + timedelta(days=1))
    return len(flags)


def step_trip_pay_lines(env, ctx):
    lines = env["tsm.trip"]._tsm_generate_pay_lines(env.company, CLOSE_START, CLOSE_END)
    return len(lines)


def step_ticket_scores(env, ctx):
    """The month's ticket metrics of every engineer (the 15 codes template D
    and the scorecard use) and the completion rate of every area."""
    employees = env["hr.employee"].search([("tsm_area_id", "!=", False)])
    scores = employees._tsm_ticket_scores(CLOSE_START, CLOSE_END)
    rates = env["tsm.area"]._tsm_completion_rates(CLOSE_START, CLOSE_END)
    ctx["area_rates"] = rates
    return len(scores) + len(rates)


def step_commission_verify(env, ctx):
    """The engineering manager verifies last month's quantity reports on the
    3rd: commission per line, crew split, the 60% as pay lines."""
    reports = env["tsm.quantity.report"].search([("state", "=", "submitted")])
    reports.with_user(user(env, "bench_eng"))._tsm_verify(day=CLOSE_START + timedelta(days=2))
    return len(reports.line_ids)


def step_pay_lines_approve_export(env, ctx):
    period = env["tsm.pay.period"]._tsm_get_period(env.company, CLOSE_START)
    lines = env["tsm.pay.line"].search([("period_id", "=", period.id), ("state", "=", "draft")])
    payroll = user(env, "bench_payroll")
    lines.with_user(payroll).action_approve()
    data = period.with_user(payroll)._tsm_export_xlsx()
    ctx["xlsx_bytes"] = len(data)
    return len(lines)


# ----------------------------------------------------------------------
# Reads users do most (each as the user who does it)
# ----------------------------------------------------------------------
def _form_specification(model, view_type="form"):
    views = model.get_views([(False, view_type)])
    fields = views["models"][model._name]["fields"]
    spec = {}
    for name, description in fields.items():
        if description["type"] in ("many2one", "many2many", "one2many"):
            spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    return spec


def read_employee_form(env, ctx):
    hr = user(env, "bench_hr")
    Employee = env["hr.employee"].with_user(hr)
    employee = Employee.search([("tsm_area_id", "!=", False)], limit=1, order="id desc")
    spec = ctx.setdefault("employee_spec", _form_specification(Employee))
    employee.web_read(spec)
    return 1


def read_area_tickets(env, ctx):
    """An area leader opens the tickets of their area: the list's first page
    (80 rows, all states) with the count the pager shows."""
    leader = user(env, "bench_leader_000")
    Ticket = env["tsm.ticket"].with_user(leader)
    area = leader.employee_ids[:1].tsm_area_id
    spec = ctx.setdefault("ticket_list_spec", _form_specification(Ticket, "list"))
    result = Ticket.web_search_read([("area_id", "=", area.id)], spec, limit=80, count_limit=10001)
    return len(result["records"])


def read_grade_pivot(env, ctx):
    gm = user(env, "bench_gm")
    Sheet = env["tsm.appraisal.sheet"].with_user(gm)
    domain = [
        ("state", "=", "approved"),
        ("date_start", ">=", f"{CLOSE_START.year}-01-01"),
        ("date_start", "<=", f"{CLOSE_START.year}-12-31"),
    ]
    groups = 0
    for groupby in (["department_id", "grade_code"], ["department_id"], ["grade_code"], []):
        groups += len(Sheet.read_group(domain, ["total:avg"], groupby, lazy=False))
    return groups


# Each wing adds its steps here: (name, kind, function); kind is "close" or "read".
STEPS = [
    ("tickets: engineer scores and area completion rates", "close", step_ticket_scores),
    ("appraisal sheets: generate and compute", "close", step_appraisal_sheets),
    ("yearly-rule check", "close", step_yearly_rules),
    ("trips: flag missing daily reports (daily cron)", "close", step_trip_flags),
    ("trips: the month's allowance pay lines", "close", step_trip_pay_lines),
    ("commission: verify quantity reports, 60% pay lines", "close", step_commission_verify),
    ("pay lines: approve and export XLSX", "close", step_pay_lines_approve_export),
    ("read: ticket list of one area, first page", "read", read_area_tickets),
    ("read: employee form with smart buttons", "read", read_employee_form),
    ("read: grade pivot by department, one year", "read", read_grade_pivot),
]


def run_once(registry):
    figures = {}
    ctx = {}
    with environment(registry) as env:
        env = env(context=dict(env.context, tracking_disable=True, mail_notrack=True))
        for name, _kind, function in STEPS:
            env.flush_all()
            env.invalidate_all()
            queries = query_count()
            started = time.perf_counter()
            records = function(env, ctx)
            env.flush_all()
            seconds = time.perf_counter() - started
            figures[name] = {
                "records": records,
                "seconds": seconds,
                "queries": query_count() - queries,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
    return figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--employees", type=int, required=True)
    args = parser.parse_args()
    registry = load(args.config, args.database)
    runs = []
    for index in range(args.runs):
        runs.append(run_once(registry))
        print(f"  run {index + 1}/{args.runs} done", flush=True)
    result = {"employees": args.employees, "steps": []}
    for name, kind, _function in STEPS:
        result["steps"].append(
            {
                "name": name,
                "kind": kind,
                "records": runs[-1][name]["records"],
                "seconds": statistics.median(run[name]["seconds"] for run in runs),
                "queries": statistics.median(run[name]["queries"] for run in runs),
                "peak_mb": max(run[name]["peak_mb"] for run in runs),
            }
        )
    Path(args.out).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
