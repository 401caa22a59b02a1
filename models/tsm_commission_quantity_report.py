from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_round

from ..tools.batch import bulk
from ..tools.commission_vocabulary import (
    ENG_MANAGER,
    EXCLUDED_SHARE_RULES,
    PIPE_KINDS,
    QUANTITY_JOB_KINDS,
    RATE_JOB_KINDS,
    REPORT_STATES,
    tsm_param,
)
from ..tools.flow import flow, in_flow
from ..tools.policy import Allow

LINE_FIELDS = "sequence pipe_kind diameter metres inner_welding"


def first_of_month(day):
    return day.replace(day=1) if day else day


class TsmQuantityReportParty(models.AbstractModel):
    """Who a quantity report (or one of its lines) concerns: the job lead
    who reports it, and the users paid from it (the job's lead and crew),
    who neither verify nor correct it."""

    _name = "tsm.quantity.report.party"
    _description = "Quantity Report Parties"

    def _tsm_report(self):
        raise NotImplementedError

    def _tsm_is_job_lead(self):
        """The records of the reports of jobs the current user leads."""
        user = self.env.user
        return self.filtered(
            lambda rec: rec._tsm_report().job_id.sudo().job_lead_id.user_id == user
        )

    def _tsm_is_uninvolved(self):
        """The records of reports of jobs the current user is neither lead
        nor crew of (or whose company lets one person act in two roles)."""
        user = self.env.user
        jobs = self.env["tsm.job"].union(*(rec._tsm_report().job_id for rec in self)).sudo()
        paid_from = jobs.filtered(lambda job: job.job_lead_id.user_id == user) | (
            self.env["tsm.job.member"]
            .sudo()
            .search([("job_id", "in", jobs.ids), ("employee_id.user_id", "=", user.id)])
            .job_id
        )
        return self.filtered(
            lambda rec: (
                rec._tsm_report().job_id not in paid_from
                or rec._tsm_report().company_id.sudo().tsm_allow_dual_role
            )
        )


class TsmQuantityReport(models.Model):
    """The monthly quantity report of a job (工程量统计表, RULES.md §4.4): the
    job lead reports last month's metres by the 3rd, the engineering manager
    verifies (and may correct) them; verification computes the commission,
    splits it over the crew and pays the first instalment (60%)."""

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
        day = int(tsm_param(self.env, "quantity_report_deadline_day"))
        for report in self:
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
                        "completed: no quantities can be reported for it (§4.3).",
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

    @bulk
    def _tsm_verify(self, day=None):
        """Verify the reports (many at once): compute each line's commission
        from the rate table, split it over the job's crew by share (probation
        members get none; their share is dropped or redistributed as the
        company setting says) and pay the verification instalment (60%) in
        the pay period of ``day`` (default today). An engineering manager
        verifies, never one of the job's lead or crew. A fixed number of
        queries (plus the ORM's one INSERT per 100 rows) whatever the number
        of reports and lines."""
        self._tsm_require(ENG_MANAGER, action=self.env._("verify quantity reports"))
        if any(report.state != "submitted" for report in self):
            raise UserError(
                self.env._("Only submitted quantity reports can be verified, and only once.")
            )
        if not self:
            return self.env["tsm.commission.line"]
        self._tsm_check_jobs(self.job_id)
        members = self.env["tsm.job.member"].sudo().search([("job_id", "in", self.job_id.ids)])
        members.fetch(["job_id", "employee_id", "share"])
        members.employee_id.fetch(["tsm_probation_end", "company_id", "user_id"])
        self.job_id.sudo().job_lead_id.fetch(["user_id"])
        crew = defaultdict(list)
        for member in members:
            crew[member.job_id.id].append(member)
        for report in self:
            involved = report.job_id.sudo().job_lead_id.user_id.union(
                *(member.employee_id.user_id for member in crew.get(report.job_id.id, ()))
            )
            report._tsm_check_other_actor(involved, self.env._("verify"))
        lines = self.line_ids
        lines._tsm_compute_amounts()
        today = day or fields.Date.context_today(self)
        percent = tsm_param(self.env, "commission_verify_percent") / 100.0
        # {report id: {pipe kind: [metres, amount]}}
        groups = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0]))
        for line in lines:
            totals = groups[line.report_id.id][line.pipe_kind]
            totals[0] += line.metres
            totals[1] += line.amount
        commission_vals = []
        instalments = defaultdict(float)
        for report in self:
            rule = report.company_id.tsm_commission_excluded_rule or "drop"
            month_end = report.date_month + relativedelta(months=1, days=-1)
            round_ = report.currency_id.round
            job_crew = crew.get(report.job_id.id) or []
            if not job_crew:
                raise UserError(
                    self.env._("Job %s has no crew to pay the commission to.", report.job_id.name)
                )
            excluded = {
                member.id
                for member in job_crew
                if member.employee_id._tsm_in_probation_on(month_end)
            }
            eligible_total = sum(m.share for m in job_crew if m.id not in excluded)
            for pipe_kind, (metres, amount) in groups[report.id].items():
                for member in job_crew:
                    share = member.share
                    paid_share = 0.0
                    if member.id not in excluded:
                        paid_share = (
                            share * 100.0 / eligible_total
                            if rule == "redistribute" and eligible_total
                            else share
                        )
                    value = round_(amount * paid_share / 100.0)
                    commission_vals.append(
                        {
                            "report_id": report.id,
                            "job_id": report.job_id.id,
                            "employee_id": member.employee_id.id,
                            "company_id": report.company_id.id,
                            "date": report.date_month,
                            "pipe_kind": pipe_kind,
                            "share": float_round(paid_share, precision_digits=4),
                            "metres": metres * share / 100.0,
                            "amount": value,
                            "excluded": member.id in excluded,
                            "excluded_amount": round_(amount * share / 100.0)
                            if member.id in excluded
                            else 0.0,
                        }
                    )
                    instalments[(report.id, member.employee_id.id)] += value
        Commission = self.env["tsm.commission.line"].sudo()
        commissions = Commission.create(commission_vals)
        pay_vals = []
        for (report_id, employee_id), earned in instalments.items():
            report = self.browse(report_id)
            amount = report.currency_id.round(earned * percent)
            if amount <= 0:
                continue
            pay_vals.append(
                {
                    "source": report,
                    "employee_id": employee_id,
                    "code": "COMM_INST",
                    "date": today,
                    "amount": amount,
                    "name": self.env._(
                        "Commission %(percent)s%% of %(report)s",
                        percent=float_round(percent * 100, precision_digits=2),
                        report=report.display_name,
                    ),
                }
            )
        self._tsm_sync_pay_lines(pay_vals)
        vals = {"state": "verified", "verified_by_id": self.env.user.id, "verified_date": today}
        flowing = flow(self)
        if len(self) == 1:
            flowing.write(vals)
        else:
            flowing.with_context(tracking_disable=True).write(vals)
        flow(self.job_id.filtered(lambda j: j.state == "handed_over")).write(
            {"state": "in_progress"}
        )
        return commissions.with_env(self.env)

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
        deadline = month + relativedelta(
            months=1, day=int(tsm_param(self.env, "quantity_report_deadline_day"))
        )
        for job in jobs.filtered(lambda j: j.id not in reported):
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


class TsmQuantityReportLine(models.Model):
    """A line of a quantity report: pipe kind, diameter, metres and whether
    it was welded inside; its commission comes from the rate table (or the
    contract's unit price for individual contracting)."""

    _name = "tsm.quantity.report.line"
    _description = "Quantity Report Line"
    _inherit = ["tsm.guard.mixin", "tsm.quantity.report.party"]
    _order = "report_id, sequence, id"
    _check_company_auto = True
    # Lines follow their report: the job lead (or an engineering manager)
    # enters them while it is a draft; once submitted only an engineering
    # manager who is not paid from the job corrects them (each change is
    # noted on the report); verified, nobody. A line is created in its
    # report and never moves to another one.
    _tsm_state_field = "state"
    _tsm_policy = (
        Allow(f"report_id {LINE_FIELDS}", states=("draft",), who="_tsm_is_job_lead", on="create"),
        Allow(f"report_id {LINE_FIELDS}", groups=ENG_MANAGER, states=("draft",), on="create"),
        Allow(
            f"report_id {LINE_FIELDS}",
            groups=ENG_MANAGER,
            states=("submitted",),
            who="_tsm_is_uninvolved",
            on="create",
        ),
        Allow(LINE_FIELDS, states=("draft",), who="_tsm_is_job_lead", on="write"),
        Allow(LINE_FIELDS, groups=ENG_MANAGER, states=("draft",), on="write"),
        Allow(
            LINE_FIELDS,
            groups=ENG_MANAGER,
            states=("submitted",),
            who="_tsm_is_uninvolved",
            on="write",
        ),
        Allow(on="unlink", states=("draft",), who="_tsm_is_job_lead"),
        Allow(on="unlink", groups=ENG_MANAGER, states=("draft",)),
        Allow(on="unlink", groups=ENG_MANAGER, states=("submitted",), who="_tsm_is_uninvolved"),
    )

    report_id = fields.Many2one(
        "tsm.quantity.report", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    job_id = fields.Many2one(related="report_id.job_id", store=True, index=True)
    company_id = fields.Many2one(related="report_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="report_id.currency_id")
    date_month = fields.Date(related="report_id.date_month", store=True, string="Month")
    state = fields.Selection(related="report_id.state", string="Report State")
    pipe_kind = fields.Selection(PIPE_KINDS, required=True, default="water_supply")
    diameter = fields.Integer(string="Diameter (mm)", required=True)
    metres = fields.Float(required=True, digits=(16, 2))
    inner_welding = fields.Boolean()
    rate_id = fields.Many2one(
        "tsm.pipe.rate",
        string="Rate Row",
        compute="_compute_figures",
        store=True,
        precompute=True,
    )
    rate = fields.Float(
        string="Rate per Metre",
        digits=(16, 4),
        compute="_compute_figures",
        store=True,
        precompute=True,
    )
    amount = fields.Monetary(
        string="Commission", compute="_compute_figures", store=True, precompute=True
    )

    @api.depends("report_id", "pipe_kind", "diameter")
    def _compute_display_name(self):
        kinds = dict(self._fields["pipe_kind"]._description_selection(self.env))
        for line in self:
            line.display_name = (
                f"{line.report_id.display_name} {kinds.get(line.pipe_kind, '')} Φ{line.diameter}"
            )

    @api.depends("report_id.job_id", "pipe_kind", "diameter", "inner_welding", "metres")
    def _compute_figures(self):
        """Rate row, rate per metre and commission from the rate table (an
        error for a diameter no row covers) or the contract's unit price.
        Verification computes them again from the table of its day."""
        matcher = self.env["tsm.pipe.rate"]._tsm_matcher()
        for line in self:
            if not (line.report_id and line.diameter and line.metres):
                line.rate_id, line.rate, line.amount = False, 0.0, 0.0
                continue
            line.rate_id, line.rate, line.amount = self._tsm_line_figures(
                line.report_id.job_id,
                {
                    "pipe_kind": line.pipe_kind,
                    "diameter": line.diameter,
                    "inner_welding": line.inner_welding,
                    "metres": line.metres,
                },
                matcher,
            )

    @api.constrains("metres")
    def _check_metres(self):
        maximum = tsm_param(self.env, "quantity_max_metres")
        for line in self:
            if line.metres <= 0 or line.metres > maximum:
                raise ValidationError(
                    self.env._(
                        "%(metres)s m is not a valid quantity: a line has more than 0 and at "
                        "most %(max)s metres.",
                        metres=line.metres,
                        max=maximum,
                    )
                )

    @api.constrains("diameter")
    def _check_diameter(self):
        for line in self:
            if line.diameter <= 0:
                raise ValidationError(self.env._("The diameter must be positive."))

    def write(self, vals):
        if in_flow(self.env):
            return super().write(vals)
        tracked = ("pipe_kind", "diameter", "metres", "inner_welding")
        submitted = self.filtered(lambda line: line.report_id.state == "submitted")
        before = {line.id: {f: line[f] for f in tracked} for line in submitted}
        res = super().write(vals)
        if set(tracked) & set(vals):
            # The figures now, so that a diameter no rate covers is refused here.
            self.flush_recordset(["rate_id", "rate", "amount"])
            for line in submitted:
                changes = [
                    f"{self._fields[f].get_description(self.env)['string']}: "
                    f"{before[line.id][f]} → {line[f]}"
                    for f in tracked
                    if before[line.id][f] != line[f]
                ]
                if changes:
                    line.report_id.message_post(
                        body=Markup("%s<br/>%s")
                        % (
                            self.env._("Corrected by %s:", self.env.user.name),
                            "; ".join(changes),
                        ),
                        subtype_xmlid="mail.mt_note",
                    )
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_note_correction(self):
        """Lines removed from a submitted report are noted on it."""
        for report in self.report_id.filtered(lambda r: r.state == "submitted"):
            removed = self.filtered(lambda line, r=report: line.report_id == r)
            report.message_post(
                body=self.env._(
                    "Lines removed by %(user)s: %(lines)s",
                    user=self.env.user.name,
                    lines="; ".join(
                        f"{line.pipe_kind} Φ{line.diameter} {line.metres} m" for line in removed
                    ),
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _tsm_report(self):
        return self.report_id

    def _tsm_guard_refuse(self, operation, name):
        """A line added to a report past the state its role may add lines in
        is refused as such (a UserError naming the state), not as a value
        nobody may set."""
        if operation == "create" and self._tsm_guard_could("create", name):
            report = self.report_id
            raise UserError(
                self.env._(
                    "No lines can be added to quantity report %(report)s while it is %(state)s.",
                    report=report.display_name,
                    state=dict(report._fields["state"]._description_selection(self.env)).get(
                        report.state
                    ),
                )
            )
        return super()._tsm_guard_refuse(operation, name)

    @api.model
    def _tsm_line_figures(self, job, vals, matcher):
        """(rate row, rate per metre, commission) of a line of ``job`` with
        ``vals`` (pipe_kind, diameter, inner_welding, metres)."""
        job = job.sudo()
        if job.kind in RATE_JOB_KINDS:
            row, rate, inner = matcher(
                job.company_id, vals["pipe_kind"], job.kind, vals["diameter"]
            )
            if vals.get("inner_welding") and not inner:
                raise ValidationError(
                    self.env._(
                        "The rate row %s has no inner-welding rate: untick inner welding or "
                        "add an inner-welding component to the row.",
                        row.name,
                    )
                )
            per_metre = rate + (inner if vals.get("inner_welding") else 0.0)
        else:
            row, per_metre = self.env["tsm.pipe.rate"], job.contract_unit_price
        per_metre = float_round(per_metre, precision_digits=4)
        return row, per_metre, job.currency_id.round(vals["metres"] * per_metre)

    def _tsm_compute_amounts(self):
        """Rate and commission of the lines from the rate table (raises for a
        diameter no row covers) or the contract's unit price; writes only the
        lines whose figures changed."""
        matcher = self.env["tsm.pipe.rate"]._tsm_matcher()
        updates = defaultdict(lambda: self.browse())
        for line in self:
            row, per_metre, amount = self._tsm_line_figures(
                line.report_id.job_id,
                {
                    "pipe_kind": line.pipe_kind,
                    "diameter": line.diameter,
                    "inner_welding": line.inner_welding,
                    "metres": line.metres,
                },
                matcher,
            )
            if (line.rate_id, line.rate, line.amount) != (row, per_metre, amount):
                updates[(row.id, per_metre, amount)] |= line
        for (row_id, rate, amount), lines in updates.items():
            flow(lines).write({"rate_id": row_id, "rate": rate, "amount": amount})
        return True
