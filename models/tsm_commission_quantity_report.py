from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.commission_vocabulary import (
    ENG_MANAGER,
    EXCLUDED_SHARE_RULES,
    QUANTITY_JOB_KINDS,
    REPORT_STATES,
)
from ..tools.flow import flow
from ..tools.policy import Allow
from ..tools.settings import setting


def first_of_month(day):
    """The first day of ``day``'s month: a report is kept under its month."""
    return day.replace(day=1) if day else day


class TsmQuantityReport(models.Model):
    """The monthly quantity report of a job (工程量统计表): the job lead
    reports last month's metres by the 3rd, the engineering manager verifies
    (and may correct) them; verification (tsm_commission_quantity_report_verify.py)
    computes the commission, splits it over the crew and pays the first
    instalment (60%)."""

    _name = "tsm.quantity.report"
    _description = "Monthly Quantity Report"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "tsm.pay.source.mixin",
        "tsm.guard.mixin",
        "tsm.quantity.report.party",
    ]
    _order = "date_month desc, job_id, id"
    _check_company_auto = True
    # The job lead (or an engineering manager for them) enters the report as
    # a draft; the state, dates, late flag, verifier and the probation rule
    # are set by the buttons and the cron; the lines have their own policy.
    _tsm_policy = (
        Allow("job_id date_month note", states=("draft",), who="_tsm_is_job_lead"),
        Allow("job_id date_month note", groups=ENG_MANAGER, states=("draft",)),
        Allow("note", groups=ENG_MANAGER, states=("submitted",), on="write"),
        Allow(on="unlink", states=("draft",), who="_tsm_is_job_lead"),
        Allow(
            on="unlink", groups=ENG_MANAGER, states=("draft", "submitted"), who="_tsm_is_uninvolved"
        ),
    )

    job_id = fields.Many2one(
        "tsm.job",
        required=True,
        index=True,
        tracking=True,
        domain="[('state', 'in', ('handed_over', 'in_progress')), "
        "('kind', 'in', ('install', 'weld', 'contracting'))]",
    )
    company_id = fields.Many2one(related="job_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    job_kind = fields.Selection(related="job_id.kind")
    job_lead_id = fields.Many2one(related="job_id.job_lead_id", store=True, index=True)
    date_month = fields.Date(
        string="Month",
        required=True,
        index=True,
        default=lambda self: first_of_month(
            fields.Date.context_today(self) - relativedelta(months=1)
        ),
        tracking=True,
        help="The month the quantities were done in (any day of it).",
    )
    deadline = fields.Date(compute="_compute_deadline", store=True)
    state = fields.Selection(
        REPORT_STATES, default="draft", required=True, index=True, copy=False, tracking=True
    )
    submitted_date = fields.Date(readonly=True, copy=False)
    is_late = fields.Boolean(
        string="Late", readonly=True, copy=False, index=True, help="Submitted after the deadline."
    )
    verified_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    verified_date = fields.Date(readonly=True, copy=False)
    line_ids = fields.One2many("tsm.quantity.report.line", "report_id", string="Lines", copy=True)
    commission_line_ids = fields.One2many(
        "tsm.commission.line", "report_id", string="Commission Split"
    )
    metres_total = fields.Float(
        string="Metres", compute="_compute_totals", store=True, digits=(16, 2)
    )
    amount_total = fields.Monetary(string="Commission", compute="_compute_totals", store=True)
    excluded_rule = fields.Selection(
        EXCLUDED_SHARE_RULES,
        string="Share of Probation Members",
        compute="_compute_excluded_rule",
        store=True,
        readonly=True,
        help="What happens to the share of crew members in probation (no piece commission): "
        "the company setting at verification.",
    )
    note = fields.Text()

    _sql_constraints = [
        (
            "job_month_uniq",
            "unique(job_id, date_month)",
            "There is already a quantity report for this job and month.",
        ),
    ]

    @api.depends("job_id", "date_month")
    def _compute_display_name(self):
        for report in self:
            month = report.date_month.strftime("%Y-%m") if report.date_month else ""
            report.display_name = f"{report.job_id.name or ''} {month}".strip()

    @api.depends("date_month")
    def _compute_deadline(self):
        for report in self:
            day = setting(report.company_id, "quantity_report_deadline_day")
            report.deadline = report.date_month and (
                first_of_month(report.date_month) + relativedelta(months=1, day=day)
            )

    @api.depends("line_ids.metres", "line_ids.amount")
    def _compute_totals(self):
        groups = {
            report: (metres, amount)
            for report, metres, amount in self.env["tsm.quantity.report.line"]._read_group(
                [("report_id", "in", self.ids)], ["report_id"], ["metres:sum", "amount:sum"]
            )
        }
        for report in self:
            report.metres_total, report.amount_total = groups.get(report, (0.0, 0.0))

    @api.depends("state", "company_id.tsm_commission_excluded_rule")
    def _compute_excluded_rule(self):
        for report in self:
            if report.state != "verified" or not report.excluded_rule:
                report.excluded_rule = report.company_id.tsm_commission_excluded_rule or "drop"

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        jobs = self.env["tsm.job"].browse(
            {vals.get("job_id") for vals in vals_list} - {None, False}
        )
        for vals in vals_list:
            if vals.get("date_month"):
                vals["date_month"] = first_of_month(fields.Date.to_date(vals["date_month"]))
        self._tsm_check_jobs(jobs)
        self._tsm_check_unique([(vals.get("job_id"), vals.get("date_month")) for vals in vals_list])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("date_month"):
            vals["date_month"] = first_of_month(fields.Date.to_date(vals["date_month"]))
        if {"job_id", "date_month"} & set(vals):
            self._tsm_check_jobs(self.env["tsm.job"].browse(vals.get("job_id")) or self.job_id)
            self._tsm_check_unique(
                [
                    (
                        vals.get("job_id", report.job_id.id),
                        vals.get("date_month", report.date_month),
                    )
                    for report in self
                ],
                exclude=self,
            )
        return super().write(vals)

    def _tsm_report(self):
        return self

    def _tsm_check_jobs(self, jobs):
        for job in jobs:
            if job.kind not in QUANTITY_JOB_KINDS:
                raise ValidationError(
                    self.env._(
                        "Job %s reports no quantities: only install, weld-only and contracting "
                        "jobs do.",
                        job.name,
                    )
                )
            if job.state not in ("handed_over", "in_progress"):
                raise ValidationError(
                    self.env._(
                        "Job %(job)s has no recorded site hand-over (交接表) or is already "
                        "completed: no quantities can be reported for it.",
                        job=job.name,
                    )
                    if job.state == "draft"
                    else self.env._(
                        "Job %s is completed: no more quantities can be reported for it.",
                        job.name,
                    )
                )

    def _tsm_check_unique(self, pairs, exclude=None):
        pairs = [(job_id, month) for job_id, month in pairs if job_id and month]
        if not pairs:
            return
        seen = set()
        for pair in pairs:
            if pair in seen:
                raise ValidationError(
                    self.env._("Two quantity reports for the same job and month.")
                )
            seen.add(pair)
        existing = self.sudo().search(
            [
                ("job_id", "in", [job_id for job_id, _m in pairs]),
                ("date_month", "in", [month for _j, month in pairs]),
                ("id", "not in", (exclude or self.browse()).ids),
            ]
        )
        for report in existing:
            if (report.job_id.id, report.date_month) in seen:
                raise ValidationError(
                    self.env._(
                        "Job %(job)s already has a quantity report for %(month)s.",
                        job=report.job_id.name,
                        month=report.date_month.strftime("%Y-%m"),
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_submit(self):
        self._tsm_submit()
        return True

    def action_verify(self):
        self._tsm_verify()
        return True

    def action_reset_draft(self):
        self._tsm_require(ENG_MANAGER, action=self.env._("send quantity reports back"))
        if any(report.state != "submitted" for report in self):
            raise UserError(self.env._("Only submitted reports can go back to draft."))
        flow(self).write({"state": "draft"})
        return True

    # ------------------------------------------------------------------
    # Business methods (batch)
    # ------------------------------------------------------------------
    def _tsm_submit(self, day=None):
        """The job lead (or an engineering manager for them) submits the
        reports; those submitted after their deadline are flagged late."""
        day = day or fields.Date.context_today(self)
        if not self.env.user.has_group(ENG_MANAGER) and self._tsm_is_job_lead() != self:
            raise AccessError(
                self.env._("Only the job lead or an Engineering Manager submits a quantity report.")
            )
        if any(report.state != "draft" for report in self):
            raise UserError(self.env._("Only draft quantity reports can be submitted."))
        empty = self.filtered(lambda r: not r.line_ids)
        if empty:
            raise UserError(self.env._("Quantity report %s has no lines.", empty[0].display_name))
        late = self.filtered(lambda r: r.deadline and day > r.deadline)
        flowing = flow(self)
        (flowing - late).write({"state": "submitted", "submitted_date": day, "is_late": False})
        (flowing & late).write({"state": "submitted", "submitted_date": day, "is_late": True})

    @api.model
    def _cron_daily(self, today=None):
        """Flag the overdue draft reports late and, on the 1st, remind each
        job lead of a job without last month's report (one activity each)."""
        today = today or fields.Date.context_today(self)
        flow(
            self.search(
                [("state", "=", "draft"), ("deadline", "<", today), ("is_late", "=", False)]
            )
        ).write({"is_late": True})
        if today.day != 1:
            return
        month = first_of_month(today - relativedelta(months=1))
        jobs = self.env["tsm.job"].search(
            [
                ("state", "in", ("handed_over", "in_progress")),
                ("kind", "in", QUANTITY_JOB_KINDS),
                ("job_lead_id.user_id", "!=", False),
            ]
        )
        reported = set(
            self.search([("job_id", "in", jobs.ids), ("date_month", "=", month)]).job_id.ids
        )
        for job in jobs.filtered(lambda j: j.id not in reported):
            deadline = month + relativedelta(
                months=1, day=setting(job.company_id, "quantity_report_deadline_day")
            )
            job.activity_schedule(
                "hr_tech_service.mail_activity_type_quantity_report",
                date_deadline=deadline,
                user_id=job.job_lead_id.user_id.id,
                summary=self.env._(
                    "Report the quantities of %(month)s by %(deadline)s",
                    month=month.strftime("%Y-%m"),
                    deadline=deadline,
                ),
            )
