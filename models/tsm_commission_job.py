from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_round

from ..tools.commission_crew import job_crew_write
from ..tools.commission_vocabulary import (
    ENG_MANAGER,
    JOB_KINDS,
    JOB_STATES,
    OPEN_JOB_STATES,
)
from ..tools.flow import flow
from ..tools.policy import Allow
from ..tools.settings import setting

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


class TsmJob(models.Model):
    """An engineering job (工程项目): the customer and site, its kind, the
    job lead and crew with their agreed shares, the site hand-over (交接表)
    and its states; its monthly quantity reports earn the commission that
    tsm_commission_job_payment.py pays (60% on verification, up to 90% at
    completion, the rest retained two years)."""

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
        help="The date unused goods are returned to the company.",
    )
    state = fields.Selection(
        JOB_STATES, default="draft", required=True, index=True, copy=False, tracking=True
    )
    # Hand-over (交接表): signed by the manager, the salesperson and the lead before any report
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
    # Outside teams: the company's own installers are offered the job first
    outside_team = fields.Char(help="The outside team contracting the job.")
    internal_priority_checked = fields.Boolean(
        string="Internal Crew Offered First",
        tracking=True,
        help="At the same price the company's own installers have priority.",
    )
    # Individual contracting: unit price = list price × share × scope factor × markup
    contract_scope = fields.Selection(
        [("install", "Install"), ("weld", "Weld only")], default="install"
    )
    contract_list_price = fields.Monetary(string="List Price per Metre")
    contract_share_factor = fields.Float(
        digits=(16, 4), default=lambda self: setting(self.env.company, "contract_share_factor")
    )
    contract_scope_factor = fields.Float(
        compute="_compute_contract_scope_factor", store=True, readonly=False, digits=(16, 4)
    )
    contract_markup = fields.Float(
        digits=(16, 4), default=lambda self: setting(self.env.company, "contract_markup")
    )
    contract_unit_price = fields.Monetary(
        string="Unit Price per Metre", compute="_compute_contract_unit_price", store=True
    )
    contract_salary_stop_date = fields.Date(
        string="Salary Stops On",
        tracking=True,
        help="From this day the contractor's salary stops; payroll reads it through "
        "hr.employee.tech_service_salary_stopped().",
    )
    # Repairs: the customer's cost fee and the materials, noted for finance
    repair_fee = fields.Monetary(string="Customer Cost Fee", tracking=True)
    repair_materials = fields.Text(string="Materials")
    repair_materials_amount = fields.Monetary(string="Materials Amount")
    repair_fee_warning = fields.Char(compute="_compute_repair_fee_warning")
    report_ids = fields.One2many("tsm.quantity.report", "job_id", string="Quantity Reports")
    report_count = fields.Integer(compute="_compute_report_count")
    daywork_ids = fields.One2many("tsm.job.daywork", "job_id", string="Day-rate Work")
    release_ids = fields.One2many("tsm.commission.release", "job_id", string="Releases")
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
            job.contract_scope_factor = setting(
                job.company_id,
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
        for job in self:
            job.repair_fee_warning = False
            low = setting(job.company_id, "repair_fee_min")
            high = setting(job.company_id, "repair_fee_max")
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
        jobs = super(TsmJob, job_crew_write(self)).create(vals_list)
        jobs = jobs.with_env(self.env)
        jobs._tsm_default_shares()
        jobs._tsm_check_shares()
        return jobs

    def write(self, vals):
        res = super(TsmJob, job_crew_write(self)).write(vals)
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
    # Crew shares: agreed per member, equal when none is set, 100% in all
    # ------------------------------------------------------------------
    def _tsm_default_shares(self):
        """Crews whose shares are all unset share equally (the last member
        takes the rounding rest)."""
        for job in self:
            members = job.member_ids
            if members and not any(members.mapped("share")):
                equal = float_round(100.0 / len(members), precision_digits=2)
                crew = job_crew_write(flow(members))
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
        salesperson and the job lead have signed it; without it no quantities
        are reported."""
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
        commission up to the settlement percentage (90%). Nobody completes
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
        """Post the repair's cost fee and materials as a note for finance."""
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
        """The current user's request for their retention (the last 10%): an
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
