from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round

from ..tools.commission_vocabulary import COMMISSION_READERS
from ..tools.settings import setting

# Who reads a job's totals: its lead (the compute checks it is the lead), the
# engineering manager (a leader too), finance, payroll and HR.
JOB_TOTAL_GROUPS = (
    "hr_tech_service.group_tsm_leader,hr_tech_service.group_tsm_finance,"
    "hr_tech_service.group_tsm_payroll,hr_tech_service.group_tsm_hr_officer"
)


class TsmJobPayment(models.Model):
    """What a job pays: the commission its verified quantity reports earned,
    how much of it was paid on verification, settled at completion, released
    from retention or is still retained, and the settlement and retention
    requests that pay it."""

    _inherit = "tsm.job"

    # The commission page: earned = paid + settled + released + retained.
    # The whole job's figures are for the lead, the managers, finance and
    # payroll; a crew member reads their own commission lines and statement.
    commission_metres = fields.Float(
        compute="_compute_commission", digits=(16, 2), groups=JOB_TOTAL_GROUPS
    )
    commission_earned = fields.Monetary(
        compute="_compute_commission", string="Earned", groups=JOB_TOTAL_GROUPS
    )
    commission_paid = fields.Monetary(
        compute="_compute_commission", string="Paid on Verification", groups=JOB_TOTAL_GROUPS
    )
    commission_settled = fields.Monetary(
        compute="_compute_commission", string="Settled at Completion", groups=JOB_TOTAL_GROUPS
    )
    commission_released = fields.Monetary(
        compute="_compute_commission", string="Released", groups=JOB_TOTAL_GROUPS
    )
    commission_retained = fields.Monetary(
        compute="_compute_commission",
        string="Retained",
        groups=JOB_TOTAL_GROUPS,
        help="Earned and not paid yet: the rest of the 40% before completion, the retention "
        "after it.",
    )
    retention_release_date = fields.Date(compute="_compute_retention_release_date")

    @api.depends_context("uid")
    def _compute_commission(self):
        figures = self._tsm_commission_figures()
        user = self.env.user
        sees_all = self.env.su or any(user.has_group(group) for group in COMMISSION_READERS)
        for job in self:
            # A leader who is only a crew member on this job sees no totals.
            visible = sees_all or job.job_lead_id.sudo().user_id == user
            values = figures.get(job.id, {}) if visible else {}
            job.commission_metres = values.get("metres", 0.0)
            job.commission_earned = values.get("earned", 0.0)
            job.commission_paid = values.get("paid", 0.0)
            job.commission_settled = values.get("settled", 0.0)
            job.commission_released = values.get("released", 0.0)
            job.commission_retained = values.get("retained", 0.0)

    @api.depends("date_done")
    def _compute_retention_release_date(self):
        for job in self:
            job.retention_release_date = job.date_done and job.date_done + relativedelta(
                years=setting(job.company_id, "commission_retention_years")
            )

    def _tsm_commission_figures(self, by_employee=False):
        """{job id: {metres, earned, paid, settled, released, retained}} (or
        keyed by (job id, employee id) with ``by_employee``), in a fixed
        number of grouped queries."""
        if not self.ids:
            return {}
        figures = defaultdict(
            lambda: dict.fromkeys(
                ("metres", "earned", "paid", "settled", "released", "retained"), 0.0
            )
        )
        self._tsm_add_earned(figures, by_employee)
        self._tsm_add_paid(figures, by_employee)
        for values in figures.values():
            values["retained"] = (
                values["earned"] - values["paid"] - values["settled"] - values["released"]
            )
        return figures

    def _tsm_add_earned(self, figures, by_employee):
        """Add the metres and commission of the jobs' commission lines to
        ``figures`` (one grouped query)."""
        extra = ["employee_id"] if by_employee else []
        for job, *employee, metres, amount in (
            self.env["tsm.commission.line"]
            .sudo()
            ._read_group(
                [("job_id", "in", self.ids)], ["job_id", *extra], ["metres:sum", "amount:sum"]
            )
        ):
            values = figures[(job.id, employee[0].id) if by_employee else job.id]
            values["metres"] += metres
            values["earned"] += amount

    def _tsm_add_paid(self, figures, by_employee):
        """Add to ``figures`` the commission pay lines (not cancelled) of the
        jobs' quantity reports ("paid" on verification), of the jobs
        themselves ("settled") and of their retention releases ("released"):
        one grouped query per kind of source."""
        reports = (
            self.env["tsm.quantity.report"]
            .sudo()
            .search_read([("job_id", "in", self.ids)], ["job_id"])
        )
        releases = (
            self.env["tsm.commission.release"]
            .sudo()
            .search_read([("job_id", "in", self.ids)], ["job_id"])
        )
        sources = [
            ("tsm.quantity.report", {r["id"]: r["job_id"][0] for r in reports}, "paid"),
            ("tsm.job", {job_id: job_id for job_id in self.ids}, "settled"),
            ("tsm.commission.release", {r["id"]: r["job_id"][0] for r in releases}, "released"),
        ]
        extra = ["employee_id"] if by_employee else []
        PayLine = self.env["tsm.pay.line"].sudo()
        for model, job_of, figure in sources:
            if not job_of:
                continue
            for res_id, *employee, amount in PayLine._read_group(
                [
                    ("res_model", "=", model),
                    ("res_id", "in", list(job_of)),
                    ("state", "!=", "cancel"),
                    ("code", "in", ("COMM_INST", "COMM_RET")),
                ],
                ["res_id", *extra],
                ["amount:sum"],
            ):
                job_id = job_of[res_id]
                figures[(job_id, employee[0].id) if by_employee else job_id][figure] += amount

    def _tsm_settle(self):
        """Bring the paid commission of each crew member of these completed
        jobs up to the settlement percentage (90%) of what they earned on the
        whole job: one COMM_INST pay line per job and employee, dated today.
        Idempotent; a fixed number of queries for any number of jobs."""
        jobs = self.filtered(lambda j: j.state in ("done", "closed"))
        if not jobs:
            return self.env["tsm.pay.line"]
        today = fields.Date.context_today(self)
        figures = jobs._tsm_commission_figures(by_employee=True)
        vals_list = []
        for (job_id, employee_id), values in figures.items():
            job = jobs.browse(job_id)
            percent = setting(job.company_id, "commission_settle_percent") / 100.0
            target = job.currency_id.round(values["earned"] * percent)
            amount = job.currency_id.round(target - values["paid"])
            if amount <= 0:
                continue
            vals_list.append(
                {
                    "source": job,
                    "employee_id": employee_id,
                    "code": "COMM_INST",
                    "date": today,
                    "amount": amount,
                    "name": self.env._(
                        "Commission settlement to %(percent)s%% of job %(job)s",
                        percent=float_round(percent * 100, precision_digits=2),
                        job=job.name,
                    ),
                }
            )
        return jobs._tsm_sync_pay_lines(vals_list)

    def _tsm_request_retention(self, employees, day=None):
        """Request the release of the retention (what is left of the earned
        commission) of ``employees`` on these jobs, when the retention period
        after completion has passed on ``day`` (today); refused before, with
        the date it can be requested. The requests wait for an engineering
        manager (tsm.commission.release.action_release); the caller checked
        who asks (the employee themself)."""
        day = day or fields.Date.context_today(self)
        self._tsm_check_retention_due(day)
        todo = self._tsm_retention_vals(employees, day)
        if not todo:
            raise UserError(self.env._("There is no retention left to release."))
        releases = self.env["tsm.commission.release"].sudo().create(todo)
        releases._tsm_notify_request()
        return releases.with_env(self.env)

    def _tsm_check_retention_due(self, day):
        """Refuse a job not completed, or whose retention period has not
        passed on ``day``, naming the day it can be requested."""
        for job in self:
            if job.state not in ("done", "closed") or not job.date_done:
                raise UserError(
                    self.env._(
                        "Job %s is not completed: its retention cannot be released.", job.name
                    )
                )
            if day < job.retention_release_date:
                raise UserError(
                    self.env._(
                        "The retention of job %(job)s can be requested from %(date)s "
                        "(%(years)s years after completion on %(done)s).",
                        job=job.name,
                        date=job.retention_release_date,
                        years=setting(job.company_id, "commission_retention_years"),
                        done=job.date_done,
                    )
                )

    def _tsm_retention_vals(self, employees, day):
        """The values of the release requests of ``employees`` on these jobs:
        what each has left retained, where they have not requested it yet."""
        figures = self._tsm_commission_figures(by_employee=True)
        existing = {
            (release.job_id.id, release.employee_id.id)
            for release in self.env["tsm.commission.release"]
            .sudo()
            .search([("job_id", "in", self.ids), ("employee_id", "in", employees.ids)])
        }
        todo = []
        for job in self:
            for employee in employees:
                values = figures.get((job.id, employee.id))
                if (job.id, employee.id) in existing or not values:
                    continue
                amount = job.currency_id.round(values["retained"])
                if amount > 0:
                    todo.append(
                        {
                            "job_id": job.id,
                            "employee_id": employee.id,
                            "date": day,
                            "amount": amount,
                            "requested_by_id": self.env.uid,
                        }
                    )
        return todo
