"""Generate a realistic company for the benchmark, through the ORM in batches.

    python bench/generate.py -c ODOO_CONF -d DB --employees 2000 [--seed 42]

The month to close is CLOSE_MONTH; the history covers the twelve months
before and up to it. Every wing of the addon adds its part (see WINGS).
Sizes scale with the number of employees (figures for 2,000):
20 departments, 100 areas, 300,000 tickets with visits and callbacks,
20,000 trip-days, 2,000 jobs with 50,000 quantity-report lines, and a year
of approved appraisal sheets on templates A-D.
"""

import argparse
import random
import sys
import time
from datetime import (
    date,
    datetime,
    time as dtime,
    timedelta,
)
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.odoo_env import environment, load  # noqa: E402

# The month the benchmark closes: one already over, so that every daily
# report, visit and callback of it lies in the past.
CLOSE_MONTH = date(2026, 10, 1)
DEPARTMENTS = 20
BATCH = 2000
NO_MAIL = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "no_reset_password": True,
}


def months_back(count):
    """The ``count`` month starts before CLOSE_MONTH, oldest first."""
    result = []
    year, month = CLOSE_MONTH.year, CLOSE_MONTH.month
    for _i in range(count):
        month -= 1
        if not month:
            year, month = year - 1, 12
        result.append(date(year, month, 1))
    return list(reversed(result))


def month_end(start):
    nxt = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def chunks(items, size=BATCH):
    for index in range(0, len(items), size):
        yield items[index : index + size]


def create(env, model, vals_list):
    Model = env[model].with_context(**NO_MAIL)
    records = Model.browse()
    for chunk in chunks(vals_list):
        records |= Model.create(chunk)
        env.flush_all()
        env.invalidate_all()
    return records


def gen_base(env, ctx):
    """Company, departments with managers, users of every role, employees and areas."""
    rng = ctx["rng"]
    n = ctx["employees"]
    company = env.ref("base.main_company")
    cny = env.ref("base.CNY")
    cny.active = True
    company.currency_id = cny
    group = env.ref
    users = create(
        env,
        "res.users",
        [
            {
                "name": "Bench GM",
                "login": "bench_gm",
                "email": "bench_gm@bench.example",
                "password": "bench_gm",
                "groups_id": [(6, 0, [group("hr_tech_service.group_tsm_gm").id])],
            },
            {
                "name": "Bench Deputy",
                "login": "bench_deputy",
                "email": "bench_deputy@bench.example",
                "password": "bench_deputy",
                "groups_id": [(6, 0, [group("hr_tech_service.group_tsm_deputy_gm").id])],
            },
            {
                "name": "Bench HR",
                "login": "bench_hr",
                "email": "bench_hr@bench.example",
                "password": "bench_hr",
                "groups_id": [(6, 0, [group("hr_tech_service.group_tsm_hr_manager").id])],
            },
            {
                "name": "Bench Payroll",
                "login": "bench_payroll",
                "email": "bench_payroll@bench.example",
                "password": "bench_payroll",
                "groups_id": [(6, 0, [group("hr_tech_service.group_tsm_payroll").id])],
            },
        ]
        + [
            {
                "name": f"Bench Manager {d:02d}",
                "login": f"bench_manager_{d:02d}",
                "email": f"bench_manager_{d:02d}@bench.example",
                "password": "bench",
                "groups_id": [(6, 0, [group("hr_tech_service.group_tsm_dept_manager").id])],
            }
            for d in range(DEPARTMENTS)
        ],
    )
    gm, deputy, hr, payroll = users[:4]
    manager_users = users[4:]
    top = create(
        env,
        "hr.employee",
        [
            {"name": "Bench GM", "user_id": gm.id},
            {"name": "Bench Deputy", "user_id": deputy.id},
            {"name": "Bench HR", "user_id": hr.id},
            {"name": "Bench Payroll", "user_id": payroll.id},
        ],
    )
    top[1].parent_id = top[0]
    departments = create(
        env, "hr.department", [{"name": f"Service Dept {d:02d}"} for d in range(DEPARTMENTS)]
    )
    managers = create(
        env,
        "hr.employee",
        [
            {
                "name": f"Manager {d:02d}",
                "user_id": manager_users[d].id,
                "department_id": departments[d].id,
                "parent_id": top[1].id,
                "tsm_hire_date": "2015-01-01",
            }
            for d in range(DEPARTMENTS)
        ],
    )
    for department, manager in zip(departments, managers, strict=True):
        department.manager_id = manager
    managers.parent_id = top[1]
    n_areas = max(10, n // 20)
    areas = create(
        env,
        "tsm.area",
        [
            {
                "name": f"Area {a:03d}",
                "code": f"A{a:03d}",
                "screen_count": rng.randint(100, 400),
                "failure_rate": rng.choice([0.05, 0.08, 0.1, 0.12]),
            }
            for a in range(n_areas)
        ],
    )
    grades = env["tsm.service.grade"].search([])
    vals = []
    for i in range(n - DEPARTMENTS - 4):
        d = i % DEPARTMENTS
        hired = date(2016, 1, 1) + timedelta(days=rng.randint(0, 3500))
        vals.append(
            {
                "name": f"Engineer {i:05d}",
                "department_id": departments[d].id,
                "parent_id": managers[d].id,
                "tsm_area_id": areas[i % n_areas].id,
                "tsm_hire_date": hired,
                "tsm_probation_end": hired + timedelta(days=90),
                "tsm_grade_id": grades[rng.randrange(len(grades))].id if grades else False,
            }
        )
    engineers = create(env, "hr.employee", vals)
    # Area leaders get a user (they read their area's tickets).
    leader_users = create(
        env,
        "res.users",
        [
            {
                "name": f"Leader {a:03d}",
                "login": f"bench_leader_{a:03d}",
                "email": f"bench_leader_{a:03d}@bench.example",
                "password": "bench",
                "groups_id": [(6, 0, [group("hr_tech_service.group_tsm_leader").id])],
            }
            for a in range(n_areas)
        ],
    )
    by_area = {}
    for engineer in engineers:
        by_area.setdefault(engineer.tsm_area_id.id, engineer)
    for area, user in zip(areas, leader_users, strict=True):
        leader = by_area.get(area.id)
        if leader:
            leader.user_id = user
            area.leader_id = leader
    env.flush_all()
    ctx.update(
        company=company,
        departments=departments,
        managers=managers,
        areas=areas,
        engineers=engineers,
        all_employees=managers | engineers,
        top=top,
    )


def gen_appraisals(env, ctx):
    """Templates A-D assigned by department, and the year's approved sheets."""
    rng = ctx["rng"]
    tpl = {code: env.ref(f"hr_tech_service.appraisal_template_{code.lower()}") for code in "ACD"}
    departments = ctx["departments"]
    assignment = {"A": departments[:5], "C": departments[5:10], "D": departments[10:]}
    for code, depts in assignment.items():
        tpl[code].department_ids = [(6, 0, depts.ids)]
    template_of = {}
    for code, depts in assignment.items():
        for dept in depts:
            template_of[dept.id] = tpl[code]
    employees = ctx["all_employees"]
    employees.fetch(["department_id", "user_id"])
    sheet_vals = []
    # One employee in twenty excels every month, one in twenty struggles:
    # the yearly rules have cases to flag at every size.
    level = {
        employee.id: (0.95, 1.0) if i % 20 == 0 else (0.3, 0.6) if i % 20 == 1 else (0.55, 1.0)
        for i, employee in enumerate(employees)
    }
    for start in months_back(11):
        end = month_end(start)
        for employee in employees:
            template = template_of[employee.department_id.id]
            stages = template.stage_ids
            lines = []
            for criterion in template.criterion_ids:
                score = round(rng.uniform(*level[employee.id]) * criterion.max_points * 2) / 2
                lines.append(
                    (
                        0,
                        0,
                        {
                            "criterion_id": criterion.id,
                            "sequence": criterion.sequence,
                            "max_points": criterion.max_points,
                            "kind": criterion.kind,
                            "computed_value": score if criterion.kind == "computed" else 0,
                            "score_1": score,
                            "score_2": score,
                            "score_3": score,
                        },
                    )
                )
            sheet_vals.append(
                {
                    "employee_id": employee.id,
                    "company_id": ctx["company"].id,
                    "department_id": employee.department_id.id,
                    "template_id": template.id,
                    "scale_id": template.scale_id.id,
                    "date_start": start,
                    "date_end": end,
                    "period_label": f"{start.year}-{start.month:02d}",
                    "deadline": date(end.year, end.month, 25),
                    "max_total": template.total_max,
                    "state": "approved",
                    "stage_id": stages[-1].id,
                    "approved_date": end,
                    "line_ids": lines,
                }
            )
    # As superuser, like the monthly generation: sheets already approved.
    create(env, "tsm.appraisal.sheet", sheet_vals)


def gen_pay_history(env, ctx):
    """Closed pay periods before the month to close (payroll's history)."""
    Period = env["tsm.pay.period"]
    for start in months_back(3):
        period = Period._tsm_get_period(ctx["company"], start)
        env["tsm.pay.line"].search([("period_id", "=", period.id)]).state = "paid"
        period.state = "closed"


def gen_trips(env, ctx):
    """About ten allowance days per employee (20,000 at 2,000 employees): two
    six-night trips for every engineer (one earlier in the year, one
    returning in the month to close), settled, and a fifth of them under way
    at the end of the month with most of their daily reports filed."""
    rng = ctx["rng"]
    engineers = ctx["engineers"]
    engineers.write({"tz": "UTC"})
    customer = env["res.partner"].create({"name": "Bench Water Works"})
    classes = ["out_of_province", "prefecture", "county"]
    purposes = {
        "out_of_province": "guidance",
        "prefecture": "construction",
        "county": "construction",
    }

    def legs(start, nights, destination_class):
        back = start + timedelta(days=nights)
        return [
            (
                0,
                0,
                {
                    "from_place": "Hefei",
                    "to_place": "Site",
                    "city": "Site city",
                    "sequence": 1,
                    "destination_class": destination_class,
                    "transport_mode": "train",
                    "departure": datetime.combine(start, dtime(8)),
                    "arrival": datetime.combine(start, dtime(14)),
                },
            ),
            (
                0,
                0,
                {
                    "from_place": "Site",
                    "to_place": "Hefei",
                    "is_return": True,
                    "sequence": 2,
                    "transport_mode": "train",
                    "departure": datetime.combine(back, dtime(9)),
                    "arrival": datetime.combine(back, dtime(18)),
                },
            ),
        ]

    travellers = engineers
    vals, underway = [], []
    for i, employee in enumerate(travellers):
        klass = classes[i % 3]
        earlier = date(2026, rng.randint(1, CLOSE_MONTH.month - 1), rng.randint(1, 20))
        in_month = CLOSE_MONTH + timedelta(days=rng.randint(0, 14))
        for start in (earlier, in_month):
            vals.append(
                {
                    "employee_id": employee.id,
                    "purpose": purposes[klass],
                    "customer_id": customer.id,
                    "leg_ids": legs(start, 6, klass),
                }
            )
        if i % 5 == 0:
            underway.append(
                {
                    "employee_id": employee.id,
                    "purpose": "guidance",
                    "customer_id": customer.id,
                    "leg_ids": legs(
                        month_end(CLOSE_MONTH) - timedelta(days=3), 6, "out_of_province"
                    ),
                }
            )
    Trip = env["tsm.trip"].with_context(**NO_MAIL)
    settled = create(env, "tsm.trip", vals)
    for chunk in chunks(settled.ids, 1000):
        batch = Trip.browse(chunk)
        batch.write({"state": "returned"})  # as superuser: the code's own write
        batch._tsm_compute_allowance_days()
        batch.write({"state": "settled"})
        env.flush_all()
        env.invalidate_all()
    running = create(env, "tsm.trip", underway)
    running.write({"state": "in_progress"})
    reports = []
    for trip in running:
        for day in range(3):
            if rng.random() < 0.8:
                reports.append(
                    {
                        "trip_id": trip.id,
                        "employee_id": trip.employee_id.id,
                        "date": trip.date_from + timedelta(days=day),
                        "place": "Site",
                        "work_done": "Commissioning",
                        "contact_made": "Site manager",
                    }
                )
    create(env, "tsm.trip.report", reports)
    ctx["trip_days"] = sum(settled.mapped("traveller_ids.allowance_days")) if settled else 0


def gen_commission(env, ctx):
    """One installation or welding job per engineer (2,000 at 2,000
    employees), each with a crew of three of its department, handed over and
    under way; monthly quantity reports of about eight lines (50,000 lines
    in all): those before September verified the 3rd of the next month (their
    60% paid in that month's period, before the period closed), September's
    submitted and waiting for the month's verification (a step of the
    close), and a tenth of the jobs completed and settled earlier."""
    rng = ctx["rng"]
    engineers = ctx["engineers"]
    eng_manager = env["res.users"].create(
        {
            "name": "Engineering Manager",
            "login": "bench_eng",
            "email": "bench_eng@bench.example",
            "password": "bench_eng",
            "groups_id": [(6, 0, [env.ref("hr_tech_service.group_tsm_eng_manager").id])],
        }
    )
    salesperson = ctx["top"][0].user_id or eng_manager
    customer = env["res.partner"].create({"name": "Bench Pipe Works"})
    by_department = {}
    for engineer in engineers:
        by_department.setdefault(engineer.department_id.id, []).append(engineer.id)
    verify_month = months_back(1)[0]  # reports waiting for the close's verification
    report_months = months_back(6)
    sizes = {
        "water_supply": [63, 90, 110, 160, 200, 250, 315, 400, 630],
        "winding": [300, 400, 500, 600, 700, 800, 1000, 1200],
        "steel_belt": [300, 500, 600, 800, 1000, 1500],
    }
    jobs_vals, spans = [], []
    for i, lead in enumerate(engineers):
        mates = [e for e in by_department[lead.department_id.id] if e != lead.id]
        crew = [lead.id, *rng.sample(mates, 2)]
        first = rng.randrange(len(report_months) - 2)
        months = report_months[first : first + 3]
        spans.append(months)
        jobs_vals.append(
            {
                "title": f"Pipeline {i:05d}",
                "customer_id": customer.id,
                "site": "Bench site",
                "salesperson_id": salesperson.id,
                "kind": rng.choice(["weld", "weld", "install"]),
                "job_lead_id": lead.id,
                "date_start": months[0],
                "member_ids": [(0, 0, {"employee_id": e}) for e in crew],
                "handover_manager_signed": True,
                "handover_sales_signed": True,
                "handover_lead_signed": True,
            }
        )
    Job = env["tsm.job"].with_user(eng_manager).with_context(**NO_MAIL)
    jobs = Job.browse(create(env, "tsm.job", jobs_vals).ids)
    jobs.action_hand_over()
    report_vals = []
    for job, months in zip(jobs, spans, strict=True):
        for month in months:
            lines = []
            for _l in range(rng.randint(6, 11)):
                kind = rng.choice(list(sizes))
                lines.append(
                    (
                        0,
                        0,
                        {
                            "pipe_kind": kind,
                            "diameter": rng.choice(sizes[kind]),
                            "metres": rng.randint(20, 400),
                            "inner_welding": kind != "water_supply" and rng.random() < 0.3,
                        },
                    )
                )
            report_vals.append({"job_id": job.id, "date_month": month, "line_ids": lines})
    reports = Job.env["tsm.quantity.report"].browse(
        create(env, "tsm.quantity.report", report_vals).ids
    )
    for month in report_months:
        batch = reports.filtered(lambda r, m=month: r.date_month == m)
        reported = month + timedelta(days=rng.randint(31, 35))
        batch._tsm_submit(day=reported)
        if month < verify_month:
            batch._tsm_verify(day=month_end(month) + timedelta(days=3))
        env.flush_all()
        env.invalidate_all()
    done = jobs.filtered(lambda j: all(r.state == "verified" for r in j.report_ids))
    done = done[: len(jobs) // 10]
    done.sudo().write({"state": "done", "date_done": verify_month - timedelta(days=10)})
    done._tsm_settle()
    ctx["report_lines"] = len(reports.line_ids)


def gen_tickets(env, ctx):
    """150 tickets per engineer over the 12 months up to the month to close
    (300,000 at 2,000 employees), each with its engineer lines, visits and a
    callback: a tenth shared with a colleague of the area, one in twenty
    with an intern, one in fifty with a visit lacking its work log (invalid),
    one in twenty callbacks dissatisfied and one in thirty forms marked
    unqualified. Tickets go in closed, as the service desk leaves them."""
    rng = ctx["rng"]
    engineers = ctx["engineers"]
    by_area = {}
    for engineer in engineers:
        by_area.setdefault(engineer.tsm_area_id.id, []).append(engineer.id)
    customers = create(
        env,
        "res.partner",
        [
            {
                "name": f"Customer {i:05d}",
                "tsm_first_engineer_id": engineer.id,
                "tsm_second_engineer_id": rng.choice(by_area[engineer.tsm_area_id.id]),
            }
            for i, engineer in enumerate(engineers)
        ],
    )
    customer_of = dict(zip(engineers.ids, customers.ids, strict=True))
    area_of = {engineer.id: engineer.tsm_area_id.id for engineer in engineers}
    months = [*months_back(11), CLOSE_MONTH]
    ratings = [0.5, 1.0, 1.5, 2.0]
    kinds = ["repair", "repair", "repair", "maintenance", "inspection", "upgrade"]
    Ticket = env["tsm.ticket"].with_context(tsm_no_customer_mail=True, **NO_MAIL)
    per_month = 150 / len(months)
    count = 0
    for month in months:
        last_day = month_end(month).day
        vals_list = []
        for engineer_id in engineers.ids:
            n = int(per_month) + (rng.random() < per_month - int(per_month))
            for _t in range(n):
                received = datetime.combine(
                    month.replace(day=rng.randint(1, last_day - 3)), dtime(rng.randint(8, 16))
                )
                solved = received + timedelta(hours=rng.randint(2, 40))
                crew = [engineer_id]
                mates = by_area[area_of[engineer_id]]
                if rng.random() < 0.1 and len(mates) > 1:
                    crew.append(rng.choice([m for m in mates if m != engineer_id]))
                lines = [
                    (0, 0, {"employee_id": e, "self_rating": rng.choice(ratings)}) for e in crew
                ]
                if rng.random() < 0.05 and len(mates) > 2:
                    intern = rng.choice([m for m in mates if m not in crew])
                    lines.append(
                        (
                            0,
                            0,
                            {
                                "employee_id": intern,
                                "is_intern": True,
                                "accompanied_ids": [(6, 0, [engineer_id])],
                            },
                        )
                    )
                visits = []
                for e in crew:
                    for v in range(1 + (rng.random() < 0.2)):
                        start = received + timedelta(hours=1 + v * 20)
                        visits.append(
                            (
                                0,
                                0,
                                {
                                    "employee_id": e,
                                    "start": start,
                                    "end": start + timedelta(hours=rng.randint(1, 4)),
                                    "work_done": "" if rng.random() < 0.02 else "Replaced board",
                                },
                            )
                        )
                reached = rng.random() < 0.9
                draw = rng.random()
                satisfaction = (
                    "dissatisfied" if draw < 0.05 else "neutral" if draw < 0.15 else "satisfied"
                )
                vals_list.append(
                    {
                        "partner_id": customer_of[engineer_id],
                        "area_id": area_of[engineer_id],
                        "equipment": f"Screen {rng.randint(1, 40)}",
                        "kind": rng.choice(kinds),
                        "urgency": rng.choice(["0", "1", "1", "2"]),
                        "importance": rng.choice(["0", "1", "1", "2"]),
                        "description": "Screen fault",
                        "solution": "Repaired on site",
                        "state": "closed",
                        "date_received": received,
                        "date_assigned": received + timedelta(minutes=30),
                        "date_responded": received + timedelta(hours=1),
                        "date_solved": solved,
                        "date_closed": solved + timedelta(days=1),
                        "reviewed_points": rng.choice(ratings),
                        "review_state": "supervisor",
                        "form_unqualified": rng.random() < 0.033,
                        "worklog_unqualified": rng.random() < 0.033,
                        "engineer_line_ids": lines,
                        "visit_ids": visits,
                        "callback_ids": [
                            (
                                0,
                                0,
                                {
                                    "date": solved + timedelta(days=1),
                                    "reached": reached,
                                    "satisfaction": satisfaction if reached else False,
                                },
                            )
                        ],
                    }
                )
        for chunk in chunks(vals_list, 1000):
            Ticket.create(chunk)
            env.flush_all()
            env.invalidate_all()
        count += len(vals_list)
        env.cr.commit()
    ctx["tickets"] = count


# Each wing adds its generator here: (name, function).
WINGS = [
    ("base", gen_base),
    ("appraisals", gen_appraisals),
    ("commission", gen_commission),
    ("pay history", gen_pay_history),
    ("trips", gen_trips),
    ("tickets", gen_tickets),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--employees", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    registry = load(args.config, args.database)
    ctx = {"employees": args.employees, "rng": random.Random(args.seed)}
    total = time.perf_counter()
    with environment(registry, commit=True) as env:
        env = env(context=dict(env.context, **NO_MAIL))
        for name, generator in WINGS:
            started = time.perf_counter()
            generator(env, ctx)
            env.flush_all()
            env.cr.commit()
            print(f"  {name:<14} {time.perf_counter() - started:7.1f} s", flush=True)
    print(f"  {'total':<14} {time.perf_counter() - total:7.1f} s for {args.employees} employees")


if __name__ == "__main__":
    main()
