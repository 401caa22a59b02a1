from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_round

from ..tools.commission_vocabulary import (
    COMMISSION_READERS,
    ENG_MANAGER,
    JOB_KINDS,
    JOB_STATES,
    OPEN_JOB_STATES,
    tsm_param,
)
from ..tools.flow import flow
from ..tools.policy import Allow

JOB_TOTAL_GROUPS = (
    "hr_tech_service.group_tsm_leader,hr_tech_service.group_tsm_finance,"
    "hr_tech_service.group_tsm_payroll,hr_tech_service.group_tsm_hr_officer"
)
# What the engineering manager sets up on a job while it runs: who and where...
JOB_INFO_FIELDS = (
    "title company_id customer_id site salesperson_id manager_id handover_notes outside_team "
    "internal_priority_checked repair_fee repair_materials repair_materials_amount"
)
# ...and what its commission and the contractor's salary follow: the kind,
# the lead, the dates (the completion date starts the retention period) and
# the contract prices; never on a job they are paid from.
JOB_PAY_FIELDS = (
    "kind job_lead_id date_start date_done contract_scope contract_list_price "
    "contract_share_factor contract_scope_factor contract_markup contract_salary_stop_date"
)
SIGNATURES = "handover_manager_signed handover_sales_signed handover_lead_signed"

# The crew lines a job writes itself (its create and write): their shares are
# checked once all of them are written. A Python object, which no RPC client
# can put in a request's context, like the flow() mark.
_JOB_CREW = object()


def _in_job_crew_write(env):
    return env.context.get("tsm_job_crew") is _JOB_CREW


class TsmJob(models.Model):
    """An engineering job (工程项目, RULES.md §4.1, §4.3): the customer and
    site, its kind, the job lead and crew with their agreed shares, the site
    hand-over (交接表), monthly quantity reports and the commission they earn
    and how much of it is paid (60% / 90% / retention, §4.4)."""

    _name = "tsm.job"
    _description = "Engineering Job"
    _inherit = ["mail.thread", "mail.activity.mixin", "tsm.pay.source.mixin", "tsm.guard.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "title"]
    # The engineering manager sets up and runs the job (hand-over, crew,
    # shares, dates, prices; those that decide pay not on a job they lead or
    # are crew of); the job lead and the salesperson sign their own part of
    # the hand-over, and the lead keeps the site notes. The state and the
    # hand-over date change only through the buttons.
    _tsm_policy = (
        Allow(JOB_INFO_FIELDS, groups=ENG_MANAGER, states=OPEN_JOB_STATES),
        Allow(
            JOB_PAY_FIELDS,
            groups=ENG_MANAGER,
            states=OPEN_JOB_STATES,
            who="_tsm_is_not_paid_from",
        ),
        Allow("name", groups=ENG_MANAGER, on="create"),
        Allow(SIGNATURES, groups=ENG_MANAGER, states=("draft",)),
        Allow("handover_lead_signed", states=("draft",), who="_tsm_is_led"),
        Allow("handover_sales_signed", states=("draft",), who="_tsm_is_sold"),
        Allow(
            "site handover_notes repair_materials",
            states=OPEN_JOB_STATES,
            who="_tsm_is_led",
            on="write",
        ),
        Allow(on="unlink", groups=ENG_MANAGER, states=("draft",)),
    )

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    title = fields.Char(string="Project", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    customer_id = fields.Many2one("res.partner", tracking=True)
    site = fields.Char(tracking=True)
    salesperson_id = fields.Many2one("res.users", tracking=True)
    kind = fields.Selection(JOB_KINDS, required=True, default="weld", tracking=True)
    job_lead_id = fields.Many2one("hr.employee", index=True, check_company=True, tracking=True)
    member_ids = fields.One2many("tsm.job.member", "job_id", string="Crew", copy=True)
    member_count = fields.Integer(compute="_compute_member_count")
    date_start = fields.Date(string="Start Date", tracking=True)
    date_done = fields.Date(
        string="Completion Date",
        tracking=True,
        copy=False,
        help="The date unused goods are returned to the company (RULES.md §4.4).",
    )
    state = fields.Selection(
        JOB_STATES, default="draft", required=True, index=True, copy=False, tracking=True
    )
    # Hand-over (交接表, §4.3)
    manager_id = fields.Many2one(
        "res.users",
        string="Engineering Manager",
        default=lambda self: self.env.user,
        tracking=True,
    )
    handover_date = fields.Date(string="Hand-over Date", copy=False, tracking=True)
    handover_manager_signed = fields.Boolean(string="Manager Signed", copy=False, tracking=True)
    handover_sales_signed = fields.Boolean(string="Salesperson Signed", copy=False, tracking=True)
    handover_lead_signed = fields.Boolean(string="Job Lead Signed", copy=False, tracking=True)
    handover_notes = fields.Text(string="Technical Briefing")
    # Outside teams (§4.1, 4.14)
    outside_team = fields.Char(help="The outside team contracting the job.")
    internal_priority_checked = fields.Boolean(
        string="Internal Crew Offered First",
        tracking=True,
        help="At the same price the company's own installers have priority (4.14).",
    )
    # Individual contracting (§4.5)
    contract_scope = fields.Selection(
        [("install", "Install"), ("weld", "Weld only")], default="install"
    )
    contract_list_price = fields.Monetary(string="List Price per Metre")
    contract_share_factor = fields.Float(
        digits=(16, 4), default=lambda self: tsm_param(self.env, "contract_share_factor")
    )
    contract_scope_factor = fields.Float(
        compute="_compute_contract_scope_factor", store=True, readonly=False, digits=(16, 4)
    )
    contract_markup = fields.Float(
        digits=(16, 4), default=lambda self: tsm_param(self.env, "contract_markup")
    )
    contract_unit_price = fields.Monetary(
        string="Unit Price per Metre", compute="_compute_contract_unit_price", store=True
    )
    contract_salary_stop_date = fields.Date(
        string="Salary Stops On",
        tracking=True,
        help="From this day the contractor's salary stops (4.13); payroll reads it through "
        "hr.employee.tech_service_salary_stopped().",
    )
    # Repairs (§4.6)
    repair_fee = fields.Monetary(string="Customer Cost Fee", tracking=True)
    repair_materials = fields.Text(string="Materials")
    repair_materials_amount = fields.Monetary(string="Materials Amount")
    repair_fee_warning = fields.Char(compute="_compute_repair_fee_warning")
    report_ids = fields.One2many("tsm.quantity.report", "job_id", string="Quantity Reports")
    report_count = fields.Integer(compute="_compute_report_count")
    daywork_ids = fields.One2many("tsm.job.daywork", "job_id", string="Day-rate Work")
    release_ids = fields.One2many("tsm.commission.release", "job_id", string="Releases")
    # The commission page (§4.4): earned = paid + settled + released + retained.
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
    is_job_lead = fields.Boolean(compute="_compute_is_job_lead")

    _sql_constraints = [
        ("name_uniq", "unique(company_id, name)", "The job reference must be unique."),
    ]

    @api.depends("name", "title")
    def _compute_display_name(self):
        for job in self:
            job.display_name = f"{job.name} {job.title}" if job.title else job.name

    def _compute_member_count(self):
        counts = dict(
            self.env["tsm.job.member"]._read_group(
                [("job_id", "in", self.ids)], ["job_id"], ["__count"]
            )
        )
        for job in self:
            job.member_count = counts.get(job, 0)

    @api.depends("contract_scope")
    def _compute_contract_scope_factor(self):
        for job in self:
            job.contract_scope_factor = tsm_param(
                self.env,
                "contract_install_factor"
                if job.contract_scope == "install"
                else "contract_weld_factor",
            )

    @api.depends(
        "contract_list_price", "contract_share_factor", "contract_scope_factor", "contract_markup"
    )
    def _compute_contract_unit_price(self):
        for job in self:
            job.contract_unit_price = job.currency_id.round(
                job.contract_list_price
                * job.contract_share_factor
                * job.contract_scope_factor
                * job.contract_markup
            )

    @api.depends("kind", "repair_fee")
    def _compute_repair_fee_warning(self):
        low = tsm_param(self.env, "repair_fee_min")
        high = tsm_param(self.env, "repair_fee_max")
        for job in self:
            job.repair_fee_warning = False
            if job.kind == "repair" and not low <= job.repair_fee <= high:
                job.repair_fee_warning = self.env._(
                    "The customer cost fee is usually between %(low)s and %(high)s.",
                    low=low,
                    high=high,
                )

    def _compute_report_count(self):
        counts = dict(
            self.env["tsm.quantity.report"]._read_group(
                [("job_id", "in", self.ids)], ["job_id"], ["__count"]
            )
        )
        for job in self:
            job.report_count = counts.get(job, 0)

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
        years = int(tsm_param(self.env, "commission_retention_years"))
        for job in self:
            job.retention_release_date = job.date_done and job.date_done + relativedelta(
                years=years
            )

    @api.depends("job_lead_id")
    @api.depends_context("uid")
    def _compute_is_job_lead(self):
        for job in self:
            job.is_job_lead = job.job_lead_id.sudo().user_id == self.env.user

    @api.constrains("kind", "contract_list_price", "contract_share_factor", "contract_markup")
    def _check_contract(self):
        for job in self.filtered(lambda j: j.kind == "contracting"):
            if min(job.contract_list_price, job.contract_share_factor, job.contract_markup) < 0:
                raise ValidationError(self.env._("Contract prices and factors cannot be negative."))

    @api.constrains("date_start", "date_done")
    def _check_dates(self):
        for job in self:
            if job.date_start and job.date_done and job.date_done < job.date_start:
                raise ValidationError(
                    self.env._("Job %s cannot be completed before it starts.", job.name)
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"].with_company(company).next_by_code("tsm.job") or "/"
                )
        jobs = super(TsmJob, self.with_context(tsm_job_crew=_JOB_CREW)).create(vals_list)
        jobs = jobs.with_env(self.env)
        jobs._tsm_default_shares()
        jobs._tsm_check_shares()
        return jobs

    def write(self, vals):
        res = super(TsmJob, self.with_context(tsm_job_crew=_JOB_CREW)).write(vals)
        if "member_ids" in vals:
            self._tsm_default_shares()
            self._tsm_check_shares()
        return res

    def _tsm_is_led(self):
        """The jobs the current user leads."""
        return self.filtered(lambda job: job.sudo().job_lead_id.user_id == self.env.user)

    def _tsm_is_sold(self):
        """The jobs the current user is the salesperson of."""
        return self.filtered(lambda job: job.salesperson_id == self.env.user)

    def _tsm_is_not_paid_from(self):
        """The jobs the current user neither leads nor is crew of (or whose
        company lets one person act in two roles)."""
        user = self.env.user
        return self.filtered(
            lambda job: (
                user not in job._tsm_involved_users() or job.company_id.sudo().tsm_allow_dual_role
            )
        )

    def _tsm_involved_users(self):
        """The users paid from these jobs: their leads and crews."""
        jobs = self.sudo()
        return jobs.job_lead_id.user_id | jobs.member_ids.employee_id.user_id

    # ------------------------------------------------------------------
    # Crew shares (§4.7)
    # ------------------------------------------------------------------
    def _tsm_default_shares(self):
        """Crews whose shares are all unset share equally (the last member
        takes the rounding rest)."""
        for job in self:
            members = job.member_ids
            if members and not any(members.mapped("share")):
                equal = float_round(100.0 / len(members), precision_digits=2)
                crew = flow(members).with_context(tsm_job_crew=_JOB_CREW)
                crew[:-1].write({"share": equal})
                crew[-1].write({"share": 100.0 - equal * (len(members) - 1)})

    def _tsm_check_shares(self):
        for job in self:
            if not job.member_ids:
                continue
            total = sum(job.member_ids.mapped("share"))
            if float_compare(total, 100.0, precision_digits=2):
                raise ValidationError(
                    self.env._(
                        "The crew shares of job %(job)s add up to %(total)s%%, not 100%%.",
                        job=job.name,
                        total=float_round(total, precision_digits=2),
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _tsm_check_state(self, states):
        for job in self:
            if job.state not in states:
                raise UserError(
                    self.env._(
                        "Job %(job)s is %(state)s: this cannot be done now.",
                        job=job.name,
                        state=dict(self._fields["state"]._description_selection(self.env))[
                            job.state
                        ],
                    )
                )

    def action_hand_over(self):
        """Record the site hand-over (交接表): the engineering manager, the
        salesperson and the job lead have signed it (§4.3)."""
        self._tsm_require(ENG_MANAGER, action=self.env._("record site hand-overs"))
        self._tsm_check_state(["draft"])
        for job in self:
            missing = []
            if not job.job_lead_id:
                missing.append(self.env._("a job lead"))
            if not job.salesperson_id:
                missing.append(self.env._("a salesperson"))
            if not (
                job.handover_manager_signed
                and job.handover_sales_signed
                and job.handover_lead_signed
            ):
                missing.append(
                    self.env._("the signatures of the manager, the salesperson and the job lead")
                )
            if missing:
                raise UserError(
                    self.env._(
                        "The hand-over of job %(job)s needs %(missing)s.",
                        job=job.name,
                        missing=", ".join(missing),
                    )
                )
            if job.kind == "contracting" and not job.contract_salary_stop_date:
                flow(job).contract_salary_stop_date = job.date_start or fields.Date.context_today(
                    self
                )
        flow(self).write(
            {
                "state": "handed_over",
                "handover_date": fields.Date.context_today(self),
            }
        )
        return True

    def action_start(self):
        self._tsm_require(ENG_MANAGER, action=self.env._("start jobs"))
        self._tsm_check_state(["handed_over"])
        flow(self).write({"state": "in_progress"})
        return True

    def action_complete(self):
        """Complete the jobs (unused goods returned) and settle their
        commission up to the settlement percentage (§4.4). Nobody completes
        a job they lead or are crew of: completion pays them."""
        self._tsm_require(ENG_MANAGER, action=self.env._("complete jobs"))
        self._tsm_check_state(["handed_over", "in_progress"])
        for job in self:
            job._tsm_check_other_actor(job._tsm_involved_users(), self.env._("complete and settle"))
        open_reports = self.report_ids.filtered(lambda r: r.state != "verified")
        if open_reports:
            raise UserError(
                self.env._(
                    "Verify or delete the open quantity reports first: %s.",
                    ", ".join(open_reports.mapped("display_name")),
                )
            )
        undated = self.filtered(lambda j: not j.date_done)
        flow(undated).write({"date_done": fields.Date.context_today(self)})
        flow(self).write({"state": "done"})
        self._tsm_settle()
        return True

    def action_close(self):
        self._tsm_require(ENG_MANAGER, action=self.env._("close jobs"))
        self._tsm_check_state(["done"])
        flow(self).write({"state": "closed"})
        return True

    def action_reset_draft(self):
        self._tsm_require(ENG_MANAGER, action=self.env._("send jobs back to draft"))
        self._tsm_check_state(["handed_over"])
        if self.report_ids:
            raise UserError(self.env._("A job with quantity reports cannot go back to draft."))
        flow(self).write({"state": "draft"})
        return True

    def action_post_finance_note(self):
        """Post the repair's cost fee and materials as a note for finance (§4.6)."""
        self._tsm_require(ENG_MANAGER, action=self.env._("post notes for finance"))
        for job in self:
            if job.kind != "repair":
                raise UserError(self.env._("Only repair jobs have a cost fee for finance."))
            job.message_post(
                body=self.env._(
                    "For finance: customer cost fee %(fee)s %(currency)s; materials "
                    "%(amount)s %(currency)s: %(materials)s",
                    fee=job.repair_fee,
                    amount=job.repair_materials_amount,
                    currency=job.currency_id.name,
                    materials=job.repair_materials or "-",
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_request_retention(self):
        """The current user's request for their retention (§4.4): an
        engineering manager releases it."""
        self.ensure_one()
        employee = self.env.user.employee_id
        if not employee:
            raise UserError(self.env._("Your user has no employee."))
        self._tsm_request_retention(employee)
        return True

    def action_view_reports(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hr_tech_service.tsm_quantity_report_action"
        )
        action["domain"] = [("job_id", "=", self.id)]
        action["context"] = {"default_job_id": self.id}
        return action

    def action_view_commission(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hr_tech_service.tsm_commission_line_action"
        )
        action["domain"] = [("job_id", "=", self.id)]
        return action

    # ------------------------------------------------------------------
    # Business methods (batch)
    # ------------------------------------------------------------------
    def _tsm_commission_figures(self, by_employee=False):
        """{job id: {metres, earned, paid, settled, released, retained}} (or
        keyed by (job id, employee id) with ``by_employee``), in a fixed
        number of grouped queries."""
        if not self.ids:
            return {}
        PayLine = self.env["tsm.pay.line"].sudo()
        extra = ["employee_id"] if by_employee else []

        def key(job_id, employee):
            return (job_id, employee.id) if by_employee else job_id

        figures = defaultdict(
            lambda: dict.fromkeys(
                ("metres", "earned", "paid", "settled", "released", "retained"), 0.0
            )
        )
        for job, *rest, metres, amount in (
            self.env["tsm.commission.line"]
            .sudo()
            ._read_group(
                [("job_id", "in", self.ids)], ["job_id", *extra], ["metres:sum", "amount:sum"]
            )
        ):
            figures[key(job.id, rest[0] if rest else None)]["metres"] += metres
            figures[key(job.id, rest[0] if rest else None)]["earned"] += amount
        reports = (
            self.env["tsm.quantity.report"]
            .sudo()
            .search_read([("job_id", "in", self.ids)], ["job_id"])
        )
        report_job = {report["id"]: report["job_id"][0] for report in reports}
        releases = (
            self.env["tsm.commission.release"]
            .sudo()
            .search_read([("job_id", "in", self.ids)], ["job_id"])
        )
        release_job = {release["id"]: release["job_id"][0] for release in releases}
        sources = [
            ("tsm.quantity.report", report_job, "paid"),
            ("tsm.job", {job_id: job_id for job_id in self.ids}, "settled"),
            ("tsm.commission.release", release_job, "released"),
        ]
        for model, job_of, figure in sources:
            if not job_of:
                continue
            for res_id, *rest, amount in PayLine._read_group(
                [
                    ("res_model", "=", model),
                    ("res_id", "in", list(job_of)),
                    ("state", "!=", "cancel"),
                    ("code", "in", ("COMM_INST", "COMM_RET")),
                ],
                ["res_id", *extra],
                ["amount:sum"],
            ):
                figures[key(job_of[res_id], rest[0] if rest else None)][figure] += amount
        for values in figures.values():
            values["retained"] = (
                values["earned"] - values["paid"] - values["settled"] - values["released"]
            )
        return figures

    def _tsm_settle(self):
        """Bring the paid commission of each crew member of these completed
        jobs up to the settlement percentage (90%) of what they earned on the
        whole job: one COMM_INST pay line per job and employee, dated today.
        Idempotent; a fixed number of queries for any number of jobs."""
        jobs = self.filtered(lambda j: j.state in ("done", "closed"))
        if not jobs:
            return self.env["tsm.pay.line"]
        percent = tsm_param(self.env, "commission_settle_percent") / 100.0
        today = fields.Date.context_today(self)
        figures = jobs._tsm_commission_figures(by_employee=True)
        vals_list = []
        for (job_id, employee_id), values in figures.items():
            job = jobs.browse(job_id)
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
                        years=int(tsm_param(self.env, "commission_retention_years")),
                        done=job.date_done,
                    )
                )
        figures = self._tsm_commission_figures(by_employee=True)
        Release = self.env["tsm.commission.release"].sudo()
        existing = {
            (release.job_id.id, release.employee_id.id)
            for release in Release.search(
                [("job_id", "in", self.ids), ("employee_id", "in", employees.ids)]
            )
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
        if not todo:
            raise UserError(self.env._("There is no retention left to release."))
        releases = Release.create(todo)
        for release in releases:
            note = self.env._(
                "%(employee)s requests the release of their retention (%(amount)s %(currency)s).",
                employee=release.employee_id.name,
                amount=release.amount,
                currency=release.currency_id.name,
            )
            release.job_id.message_post(body=note, subtype_xmlid="mail.mt_note")
            if release.job_id.manager_id:
                release.job_id.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=release.job_id.manager_id.id,
                    summary=self.env._("Release a retention"),
                    note=note,
                )
        return releases.with_env(self.env)


class TsmJobMember(models.Model):
    """A crew member of a job and the agreed share of its commission (§4.7);
    the shares of a crew add up to 100% (equal when not set)."""

    _name = "tsm.job.member"
    _description = "Job Crew Member"
    _inherit = ["tsm.guard.mixin"]
    _order = "job_id, id"
    _check_company_auto = True
    # The engineering manager sets the crew and its shares while the job
    # runs, never of a job they lead or are crew of; a line never moves to
    # another job.
    _tsm_state_field = "job_state"
    _tsm_policy = (
        Allow(
            "job_id employee_id share",
            groups=ENG_MANAGER,
            states=OPEN_JOB_STATES,
            who="_tsm_is_not_paid_from",
            on="create",
        ),
        Allow(
            "employee_id share",
            groups=ENG_MANAGER,
            states=OPEN_JOB_STATES,
            who="_tsm_is_not_paid_from",
            on="write",
        ),
        Allow(on="unlink", groups=ENG_MANAGER, states=OPEN_JOB_STATES, who="_tsm_is_not_paid_from"),
    )

    job_id = fields.Many2one("tsm.job", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="job_id.company_id", store=True, index=True)
    job_state = fields.Selection(related="job_id.state", string="Job State")
    employee_id = fields.Many2one("hr.employee", required=True, index=True, check_company=True)
    share = fields.Float(string="Share (%)", digits=(16, 2))
    in_probation = fields.Boolean(
        compute="_compute_in_probation",
        help="In probation (a new employee) today: no piece commission (§3.4, §4.7).",
    )

    _sql_constraints = [
        ("job_employee_uniq", "unique(job_id, employee_id)", "An employee is twice in the crew."),
        ("share_check", "CHECK(share >= 0 AND share <= 100)", "A share is between 0 and 100%."),
    ]

    def _tsm_is_not_paid_from(self):
        """The crew lines of jobs the current user may set the crew of."""
        return self.filtered(lambda member: member.job_id._tsm_is_not_paid_from())

    @api.depends("job_id", "employee_id")
    def _compute_display_name(self):
        for member in self:
            member.display_name = f"{member.job_id.name} {member.employee_id.sudo().name}"

    @api.depends("employee_id")
    def _compute_in_probation(self):
        today = fields.Date.context_today(self)
        for member in self:
            member.in_probation = member.employee_id.sudo()._tsm_in_probation_on(today)

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        if not _in_job_crew_write(self.env):
            members.job_id._tsm_default_shares()
            members.job_id._tsm_check_shares()
        return members

    def write(self, vals):
        res = super().write(vals)
        if not _in_job_crew_write(self.env) and {"share", "job_id"} & set(vals):
            self.job_id._tsm_check_shares()
        return res

    def unlink(self):
        jobs = self.job_id
        res = super().unlink()
        if not _in_job_crew_write(self.env):
            jobs._tsm_check_shares()
        return res
