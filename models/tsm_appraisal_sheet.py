from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_round

from ..tools.appraisal_vocabulary import HR_MANAGER, SCORE_FIELDS, STAGE_LABEL_FIELDS
from ..tools.flow import flow
from ..tools.policy import Allow


class TsmAppraisalSheet(models.Model):
    """One employee's score sheet for one template and period (考核表).

    Each review stage keeps its own score column (一次得分, 二次得分, 三次得分);
    the final total is the last stage's, scaled to 100. This file holds the
    sheet itself: its fields, totals and grade, the start and cancellation of
    its review and what its final approval does (lock, grade money, yearly
    rules). Its review chain, appeal and generation are in
    ``tsm_appraisal_sheet_review.py``, ``tsm_appraisal_sheet_appeal.py`` and
    ``tsm_appraisal_sheet_generation.py``.
    """

    _name = "tsm.appraisal.sheet"
    _description = "Appraisal Sheet"
    _inherit = ["mail.thread", "mail.activity.mixin", "tsm.pay.source.mixin", "tsm.guard.mixin"]
    _order = "date_start desc, employee_id, id"
    _check_company_auto = True
    # The reviewer of the current stage types the remarks (the scores are on
    # the lines, each stage's column typed by that stage's reviewer); the
    # employee writes the improvement plan (its own policy). Everything else
    # (state, stage, reviewers, scale, max points, totals, grade, money,
    # dates) is set by the generation and the buttons.
    _tsm_policy = (
        Allow("remark improvement_points", states=("review",), who="_tsm_is_current_reviewer"),
        Allow(on="unlink", groups=HR_MANAGER, states=("draft", "cancel")),
    )

    name = fields.Char(compute="_compute_name", store=True)
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, check_company=True, readonly=True
    )
    employee_user_id = fields.Many2one(
        "res.users", related="employee_id.user_id", store=True, index="btree_not_null"
    )
    department_id = fields.Many2one("hr.department", index=True, readonly=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    template_id = fields.Many2one(
        "tsm.appraisal.template", required=True, index=True, ondelete="restrict", readonly=True
    )
    scale_id = fields.Many2one("tsm.grade.scale", string="Grade Scale", readonly=True)
    period_kind = fields.Selection(related="template_id.period_kind")
    date_start = fields.Date(string="Period Start", required=True, readonly=True, index=True)
    date_end = fields.Date(string="Period End", required=True, readonly=True)
    period_label = fields.Char(string="Period", readonly=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("review", "In Review"),
            ("approved", "Approved"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        index=True,
        copy=False,
        tracking=True,
    )
    stage_id = fields.Many2one(
        "tsm.appraisal.stage",
        string="Review Stage",
        index=True,
        tracking=True,
        copy=False,
        readonly=True,
    )
    stage_sequence = fields.Integer(
        string="Stage Number", compute="_compute_stage_sequence", store=True
    )
    stage_role = fields.Selection(related="stage_id.role", store=True, string="Stage Role")
    stage_group_id = fields.Many2one(
        "res.groups", compute="_compute_stage_group_id", store=True, string="Reviewing Group"
    )
    stage_count = fields.Integer(compute="_compute_stage_labels")
    stage_1_name = fields.Char(string="First Stage", compute="_compute_stage_labels")
    stage_2_name = fields.Char(string="Second Stage", compute="_compute_stage_labels")
    stage_3_name = fields.Char(string="Third Stage", compute="_compute_stage_labels")
    first_reviewer_user_id = fields.Many2one(
        "res.users",
        string="First Reviewer",
        index="btree_not_null",
        readonly=True,
        help="The employee's department manager (the manager's own manager for a "
        "department manager's sheet).",
    )
    deadline = fields.Date(readonly=True, index=True)
    line_ids = fields.One2many("tsm.appraisal.sheet.line", "sheet_id", string="Criteria")
    max_total = fields.Float(string="Sum of Max Points", readonly=True, digits=(16, 2))
    total_1 = fields.Float(
        string="First Review Total", compute="_compute_totals", store=True, digits=(16, 2)
    )
    total_2 = fields.Float(
        string="Second Review Total", compute="_compute_totals", store=True, digits=(16, 2)
    )
    total_3 = fields.Float(
        string="Final Approval Total", compute="_compute_totals", store=True, digits=(16, 2)
    )
    total = fields.Float(
        compute="_compute_totals",
        store=True,
        digits=(16, 2),
        aggregator="avg",
        help="On a 100-point scale: sum of the scores × 100 / sum of the max points.",
    )
    band_id = fields.Many2one(
        "tsm.grade.band", string="Grade", compute="_compute_band", store=True, index=True
    )
    grade_code = fields.Char(related="band_id.code", store=True, string="Grade Code")
    grade_amount = fields.Monetary(
        string="Grade Money", readonly=True, copy=False, help="Paid or deducted at approval."
    )
    remark = fields.Text(string="Remarks")
    improvement_points = fields.Text(
        help="Concrete points the employee should improve, from the reviewers."
    )
    approved_date = fields.Date(readonly=True, copy=False)
    color = fields.Integer(related="band_id.color")

    _sql_constraints = [
        (
            "employee_template_period_uniq",
            "unique(employee_id, template_id, date_start)",
            "This employee already has a sheet of this template for this period.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("template_id.name", "employee_id.name", "period_label")
    def _compute_name(self):
        for sheet in self:
            sheet.name = " - ".join(
                filter(None, [sheet.template_id.name, sheet.employee_id.name, sheet.period_label])
            )

    @api.depends("stage_id", "template_id.stage_ids")
    def _compute_stage_sequence(self):
        for sheet in self:
            stages = sheet.template_id.stage_ids
            sheet.stage_sequence = (
                list(stages).index(sheet.stage_id) + 1 if sheet.stage_id in stages else 0
            )

    @api.depends("stage_id.role", "stage_id.group_id")
    def _compute_stage_group_id(self):
        for sheet in self:
            stage = sheet.stage_id
            sheet.stage_group_id = (
                stage._tsm_group() if stage and stage.role != "dept_manager" else False
            )

    @api.depends("template_id.stage_ids.name")
    def _compute_stage_labels(self):
        for sheet in self:
            names = sheet.template_id.stage_ids.mapped("name")
            sheet.stage_count = len(names)
            for index, fname in enumerate(STAGE_LABEL_FIELDS):
                sheet[fname] = names[index] if index < len(names) else False

    @api.depends(
        "line_ids.score_1",
        "line_ids.score_2",
        "line_ids.score_3",
        "max_total",
        "state",
        "stage_sequence",
        "template_id.stage_ids",
    )
    def _compute_totals(self):
        for sheet in self:
            factor = 100.0 / sheet.max_total if sheet.max_total else 0.0
            totals = [
                float_round(sum(sheet.line_ids.mapped(fname)) * factor, precision_digits=2)
                for fname in SCORE_FIELDS
            ]
            sheet.total_1, sheet.total_2, sheet.total_3 = totals
            sheet.total = totals[sheet._tsm_score_column()]

    @api.depends("total", "scale_id")
    def _compute_band(self):
        for sheet in self:
            sheet.band_id = sheet.scale_id._tsm_band_for(sheet.total) if sheet.scale_id else False

    def _tsm_score_column(self):
        """Index (0 to 2) of the score column that counts now: the current
        stage's while the sheet is reviewed, the last stage's once approved."""
        self.ensure_one()
        if self.state == "approved":
            column = len(self.template_id.stage_ids)
        else:
            column = self.stage_sequence
        return min(max(column, 1), 3) - 1

    def _tsm_action_open(self):
        """The sheet list showing these sheets."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hr_tech_service.tsm_appraisal_sheet_action"
        )
        action["domain"] = [("id", "in", self.ids)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Start and cancel the review
    # ------------------------------------------------------------------
    def action_start_review(self):
        """Send draft sheets to their first review stage."""
        self._tsm_require(HR_MANAGER, action=self.env._("start the review of appraisal sheets"))
        self._tsm_check_not_own(self.env._("Nobody starts the review of their own appraisal."))
        if any(sheet.state != "draft" for sheet in self):
            raise UserError(self.env._("Only draft sheets can be sent to review."))
        self._tsm_start_review()
        return True

    def _tsm_check_not_own(self, message):
        if self.env.user in self.sudo().employee_user_id:
            raise AccessError(message)

    def _tsm_start_review(self):
        missing = self.filtered(lambda sheet: not sheet.first_reviewer_user_id).filtered(
            lambda sheet: sheet.template_id.stage_ids[:1].role == "dept_manager"
        )
        if missing:
            raise self._tsm_no_first_reviewer(missing[:10].mapped("employee_id.name"))
        by_stage = defaultdict(lambda: self.browse())
        for sheet in self:
            by_stage[sheet.template_id.stage_ids[:1]] |= sheet
        for stage, sheets in by_stage.items():
            flow(sheets).write({"state": "review", "stage_id": stage.id})
        self._tsm_schedule_review_activities()

    def action_cancel(self):
        self._tsm_require(HR_MANAGER, action=self.env._("cancel appraisal sheets"))
        self._tsm_check_not_own(self.env._("Nobody cancels their own appraisal sheet."))
        if any(sheet.state == "approved" for sheet in self):
            raise UserError(self.env._("An approved appraisal sheet cannot be cancelled."))
        self._tsm_close_review_activities()
        self.sudo().write({"state": "cancel"})
        return True

    # ------------------------------------------------------------------
    # Final approval: lock, grade money, yearly rules
    # ------------------------------------------------------------------
    def _tsm_finalize(self):
        """Lock the sheets, pay the grade money, apply the yearly rules and
        tell the employees."""
        today = fields.Date.context_today(self)
        self.write({"state": "approved", "approved_date": today, "is_appeal": False})
        self.flush_recordset(["total", "band_id"])
        for sheet in self:
            sheet.grade_amount = sheet.band_id.amount
        self._tsm_sync_grade_pay_lines()
        self.env["tsm.appraisal.yearly.rule"]._tsm_check(
            self.employee_id, {s.date_start.year for s in self}
        )
        for sheet in self:
            partners = sheet.employee_user_id.partner_id
            sheet.message_post(
                body=self.env._(
                    "Appraisal approved: %(total)s points, grade %(grade)s.",
                    total=sheet.total,
                    grade=sheet.band_id.name,
                ),
                partner_ids=partners.ids,
                subtype_xmlid="mail.mt_comment" if partners else "mail.mt_note",
            )

    def _tsm_sync_grade_pay_lines(self):
        vals_list = []
        for sheet in self:
            band = sheet.band_id
            if not band or sheet.currency_id.is_zero(band.amount):
                continue
            vals_list.append(
                {
                    "source": sheet,
                    "employee_id": sheet.employee_id.id,
                    "code": (
                        band.pay_code_id or self.env.ref("hr_tech_service.pay_code_appraisal")
                    ).code,
                    "date": sheet._tsm_pay_date(),
                    "amount": band.amount,
                    "name": self.env._(
                        "Appraisal %(period)s: grade %(grade)s",
                        period=sheet.period_label,
                        grade=band.name,
                    ),
                }
            )
        self._tsm_sync_pay_lines(vals_list)

    def _tsm_pay_date(self):
        """The grade money is paid with the appraised month's salary; if that
        pay period is already closed, with the next open one."""
        self.ensure_one()
        period = self.env["tsm.pay.period"]._tsm_get_period(self.company_id, self.date_end)
        if period.state == "closed":
            return period._tsm_next_open_period().date_start
        return self.date_end
