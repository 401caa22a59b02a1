import logging
from collections import defaultdict
from datetime import date, timedelta

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_round

from ..tools import appraisal_formula as tsm_formula
from ..tools.flow import flow
from ..tools.period import period_bounds
from ..tools.policy import Allow

_logger = logging.getLogger(__name__)

SCORE_FIELDS = ("score_1", "score_2", "score_3")
STAGE_LABEL_FIELDS = ("stage_1_name", "stage_2_name", "stage_3_name")
HR_MANAGER = "hr_tech_service.group_tsm_hr_manager"


class TsmAppraisalSheet(models.Model):
    """One employee's score sheet for one template and period (考核表).

    Each review stage keeps its own score column (一次得分, 二次得分, 三次得分,
    RULES.md §1.2); the final total is the last stage's, scaled to 100.
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
    is_appeal = fields.Boolean(string="Under Appeal", readonly=True, copy=False, tracking=True)
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
    review_ids = fields.One2many("tsm.appraisal.review", "sheet_id", string="Review History")
    improvement_ids = fields.One2many(
        "tsm.appraisal.improvement", "sheet_id", string="Improvement Plan"
    )
    approved_date = fields.Date(readonly=True, copy=False)
    appeal_deadline = fields.Date(compute="_compute_appeal_deadline")
    can_appeal = fields.Boolean(compute="_compute_can_review")
    can_review = fields.Boolean(compute="_compute_can_review", search="_search_can_review")
    reviewed_1_by = fields.Char(compute="_compute_signatures", string="First Review Signed")
    reviewed_2_by = fields.Char(compute="_compute_signatures", string="Second Review Signed")
    reviewed_3_by = fields.Char(compute="_compute_signatures", string="Final Approval Signed")
    last_reminder_date = fields.Date(readonly=True, copy=False)
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
            if sheet.state == "approved":
                column = len(sheet.template_id.stage_ids)
            else:
                column = sheet.stage_sequence or 1
            sheet.total = totals[min(max(column, 1), 3) - 1]

    @api.depends("total", "scale_id")
    def _compute_band(self):
        for sheet in self:
            sheet.band_id = sheet.scale_id._tsm_band_for(sheet.total) if sheet.scale_id else False

    @api.depends("approved_date", "template_id.appeal_days")
    def _compute_appeal_deadline(self):
        for sheet in self:
            sheet.appeal_deadline = (
                sheet.approved_date + timedelta(days=sheet.template_id.appeal_days)
                if sheet.approved_date
                else False
            )

    @api.depends_context("uid")
    @api.depends("state", "stage_id", "first_reviewer_user_id", "employee_user_id")
    def _compute_can_review(self):
        today = fields.Date.context_today(self)
        for sheet in self:
            sheet.can_review = sheet.state == "review" and sheet._tsm_is_reviewer(self.env.user)
            sheet.can_appeal = bool(
                sheet.state == "approved"
                and sheet.employee_user_id == self.env.user
                and sheet.appeal_deadline
                and today <= sheet.appeal_deadline
            )

    def _search_can_review(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search on “Can Review”."))
        user = self.env.user
        domain = [
            ("state", "=", "review"),
            ("employee_user_id", "!=", user.id),
            "|",
            "&",
            ("stage_role", "=", "dept_manager"),
            ("first_reviewer_user_id", "=", user.id),
            ("stage_group_id", "in", user.groups_id.ids),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends("review_ids.action", "review_ids.stage_id")
    def _compute_signatures(self):
        for sheet in self:
            signed = {
                index: f"{review.user_id.name} {fields.Date.to_string(review.date)}"
                for index, review in sheet._tsm_signed_reviews().items()
            }
            sheet.reviewed_1_by = signed.get(0, False)
            sheet.reviewed_2_by = signed.get(1, False)
            sheet.reviewed_3_by = signed.get(2, False)

    def _tsm_signed_reviews(self):
        """{stage index (from 0): the approval in force at that stage}. A
        send-back undoes the approvals of its stage and of the previous one,
        which reviews and signs again."""
        self.ensure_one()
        stages = list(self.template_id.stage_ids)
        signed = {}
        for review in self.review_ids.sorted("id"):
            if review.stage_id not in stages:
                continue
            index = stages.index(review.stage_id)
            if review.action == "approve":
                signed[index] = review
            elif review.action == "send_back":
                signed.pop(index, None)
                signed.pop(index - 1, None)
        return signed

    # ------------------------------------------------------------------
    # Reviewers
    # ------------------------------------------------------------------
    def _tsm_is_reviewer(self, user, stage=None):
        """Whether ``user`` reviews this sheet at ``stage`` (by default its
        current stage). Nobody reviews their own sheet."""
        self.ensure_one()
        stage = stage or self.stage_id
        if not stage or (self.employee_user_id and self.employee_user_id == user):
            return False
        if stage.role == "dept_manager":
            return self.first_reviewer_user_id == user
        group = stage._tsm_group()
        # Odoo stores implied groups on the user, so a GM is also in the deputy group.
        return bool(group) and group in user.groups_id

    def _tsm_other_stage_users(self, stage=None):
        """Who signed another stage than ``stage`` (by default the current
        one): the approvals in force, counted since the last send-back."""
        self.ensure_one()
        stages = list(self.template_id.stage_ids)
        stage = stage or self.stage_id
        current = stages.index(stage) if stage in stages else -1
        signed = self.sudo()._tsm_signed_reviews()
        users = self.env["res.users"]
        for index, review in signed.items():
            if index != current:
                users |= review.user_id.with_env(self.env)
        return users

    def _tsm_may_act(self):
        """Whether the current user may act at the sheet's current stage: its
        reviewer, who signed no other stage of the sheet (separation of
        duties) unless the company lets one person hold two roles."""
        self.ensure_one()
        user = self.env.user
        return bool(
            self.state == "review"
            and self._tsm_is_reviewer(user)
            and (
                user not in self._tsm_other_stage_users()
                or self.company_id.sudo().tsm_allow_dual_role
            )
        )

    def _tsm_is_current_reviewer(self):
        """Write policy: the sheets the current user reviews now."""
        return self.filtered(lambda sheet: sheet._tsm_may_act())

    def _tsm_check_reviewer(self, action):
        """Refuse unless the current user reviews each sheet at its current
        stage and signed no other of its stages; ``action`` says what they
        tried ("approve")."""
        user = self.env.user
        for sheet in self:
            if sheet.sudo().employee_user_id == user:
                raise AccessError(self.env._("Nobody may review their own appraisal sheet."))
            if not any(
                sheet._tsm_is_reviewer(user, stage) for stage in sheet.template_id.stage_ids
            ):
                raise AccessError(
                    self.env._("You are not a reviewer of appraisal sheet %s.", sheet.name)
                )
            if sheet.state != "review":
                raise UserError(self.env._("Sheet %s is not in review.", sheet.name))
            if not sheet._tsm_is_reviewer(user):
                raise UserError(
                    self.env._(
                        "Sheet %(sheet)s is at stage %(stage)s, which you do not review.",
                        sheet=sheet.name,
                        stage=sheet.stage_id.name,
                    )
                )
            sheet._tsm_check_other_actor(sheet._tsm_other_stage_users(), action)

    def _tsm_stage_user(self, stage):
        """Who gets the to-do of ``stage`` for this sheet: preferably someone
        who signed no other stage of it."""
        self.ensure_one()
        if stage.role == "dept_manager":
            return self.first_reviewer_user_id
        others = self._tsm_other_stage_users(stage)
        if stage.user_id and stage.user_id != self.employee_user_id and stage.user_id not in others:
            return stage.user_id
        group = stage._tsm_group()
        users = group.sudo().users.filtered(
            lambda user: (
                user != self.employee_user_id
                and self.company_id in user.company_ids
                and user.active
                and not user.share
            )
        )
        users = (users - others) or users
        if stage.role == "deputy_gm":
            # GMs are in the deputy group too (implied): prefer a real deputy.
            deputies = users - self.env.ref("hr_tech_service.group_tsm_gm").sudo().users
            users = deputies or users
        return users.sorted("id")[:1]

    def _tsm_schedule_review_activities(self):
        """One to-do per sheet for its current stage's reviewer, created in one batch."""
        activity_type = self.env.ref("hr_tech_service.mail_activity_appraisal_review")
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for sheet in self:
            user = sheet._tsm_stage_user(sheet.stage_id)
            if not user:
                continue
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": sheet.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "date_deadline": sheet.deadline or fields.Date.context_today(self),
                    "summary": self.env._("%s: review", sheet.stage_id.name),
                }
            )
        if vals_list:
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
                vals_list
            )

    def _tsm_close_review_activities(self):
        activity_type = self.env.ref("hr_tech_service.mail_activity_appraisal_review")
        self.sudo().activity_ids.filtered(
            lambda activity: activity.activity_type_id == activity_type
        ).unlink()

    # ------------------------------------------------------------------
    # Actions
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
            raise UserError(
                self.env._(
                    "No first reviewer for %s: give the employee's department a manager with a "
                    "user (or the manager a manager of their own).",
                    ", ".join(missing[:10].mapped("employee_id.name")),
                )
            )
        by_stage = defaultdict(lambda: self.browse())
        for sheet in self:
            by_stage[sheet.template_id.stage_ids[:1]] |= sheet
        for stage, sheets in by_stage.items():
            flow(sheets).write({"state": "review", "stage_id": stage.id})
        self._tsm_schedule_review_activities()

    def action_refresh_computed(self):
        """Recompute the computed criteria from the metrics (until the first
        review is done): an HR Manager or the sheet's first reviewer."""
        user = self.env.user
        self._tsm_check_not_own(self.env._("Nobody refreshes the scores of their own appraisal."))
        hr_manager = user.has_group(HR_MANAGER)
        for sheet in self:
            if not (hr_manager or sheet._tsm_is_reviewer(user, sheet.template_id.stage_ids[:1])):
                raise AccessError(
                    self.env._(
                        "Only an HR Manager or the first reviewer refreshes the computed scores "
                        "of %s.",
                        sheet.name,
                    )
                )
            if (
                sheet.state not in ("draft", "review")
                or sheet.stage_sequence > 1
                or any(review.action == "approve" for review in sheet.review_ids)
            ):
                raise UserError(
                    self.env._(
                        "The computed criteria of %s can no longer be refreshed: the first "
                        "review is done.",
                        sheet.name,
                    )
                )
        self._tsm_fill_computed()
        return True

    def _tsm_fill_computed(self):
        """Fill every stage column of the computed lines from the metrics;
        one metric computation per template and period for all sheets."""
        groups = defaultdict(lambda: self.browse())
        for sheet in self:
            groups[(sheet.template_id, sheet.date_start, sheet.date_end)] |= sheet
        for (template, date_start, date_end), sheets in groups.items():
            criteria = template.criterion_ids.filtered(lambda c: c.kind == "computed")
            if not criteria:
                continue
            values = self.env["tsm.metric"]._tsm_compute(
                criteria._tsm_metric_codes(), sheets.employee_id, date_start, date_end
            )
            scores = self._tsm_evaluate(criteria, sheets.employee_id, values)
            updates = defaultdict(lambda: self.env["tsm.appraisal.sheet.line"])
            for line in sheets.line_ids.filtered(lambda line, c=criteria: line.criterion_id in c):
                score = scores[(line.criterion_id, line.sheet_id.employee_id.id)]
                if line.computed_value != score or line.score_1 != score:
                    updates[score] |= line
            for score, lines in updates.items():
                flow(lines).write(
                    {"computed_value": score, "score_1": score, "score_2": score, "score_3": score}
                )

    @api.model
    def _tsm_evaluate(self, criteria, employees, values):
        """{(criterion, employee id): score between 0 and its max points}."""
        parsed = criteria._tsm_parsed()
        scores = {}
        for criterion, tree in parsed.items():
            for employee_id in employees.ids:
                env_values = {
                    code: by_employee.get(employee_id, 0.0) for code, by_employee in values.items()
                }
                try:
                    raw = tsm_formula.evaluate(tree, env_values)
                except (tsm_formula.FormulaError, ArithmeticError, TypeError) as error:
                    raise UserError(
                        self.env._(
                            "The formula of criterion “%(criterion)s” failed: %(error)s",
                            criterion=criterion.name,
                            error=error,
                        )
                    ) from None
                scores[(criterion, employee_id)] = float_round(
                    min(max(raw, 0.0), criterion.max_points), precision_digits=2
                )
        return scores

    def action_approve_stage(self):
        """The current stage's reviewer approves: the next stage starts with
        these scores pre-filled, or, after the last stage, the sheet is final."""
        self._tsm_check_reviewer(self.env._("approve"))
        for sheet in self:
            manual = sheet.line_ids.filtered(lambda line: line.kind == "manual")
            column = SCORE_FIELDS[sheet.stage_sequence - 1]
            if manual and not any(manual.mapped(column)):
                raise UserError(
                    self.env._(
                        "Enter the scores of stage %(stage)s on %(sheet)s before approving.",
                        stage=sheet.stage_id.name,
                        sheet=sheet.name,
                    )
                )
        Review = self.env["tsm.appraisal.review"].sudo()
        Review.create(
            [
                {
                    "sheet_id": sheet.id,
                    "stage_id": sheet.stage_id.id,
                    "user_id": self.env.uid,
                    "action": "approve",
                    "total": sheet.total,
                }
                for sheet in self
            ]
        )
        self._tsm_close_review_activities()
        finals = self.browse()
        for sheet in self:
            stages = sheet.template_id.stage_ids
            index = sheet.stage_sequence
            if index < len(stages):
                column, next_column = SCORE_FIELDS[index - 1], SCORE_FIELDS[index]
                by_score = defaultdict(lambda: self.env["tsm.appraisal.sheet.line"])
                for line in sheet.line_ids:
                    if line[next_column] != line[column]:
                        by_score[line[column]] |= line
                for score, lines in by_score.items():
                    flow(lines).write({next_column: score})
                sheet.sudo().stage_id = stages[index]
            else:
                finals |= sheet
        (self - finals).sudo()._tsm_schedule_review_activities()
        if finals:
            finals.sudo()._tsm_finalize()
        return True

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

    def action_send_back(self):
        self.ensure_one()
        self._tsm_check_reviewer(self.env._("send back"))
        if self.stage_sequence <= 1:
            raise UserError(self.env._("The first review stage cannot send a sheet back."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "tsm.appraisal.sheet.send.back",
            "view_mode": "form",
            "target": "new",
            "context": {"default_sheet_id": self.id},
        }

    def _tsm_send_back(self, reason):
        self.ensure_one()
        self._tsm_check_reviewer(self.env._("send back"))
        if self.stage_sequence <= 1:
            raise UserError(self.env._("The first review stage cannot send a sheet back."))
        stages = self.template_id.stage_ids
        previous = stages[self.stage_sequence - 2]
        self.env["tsm.appraisal.review"].sudo().create(
            {
                "sheet_id": self.id,
                "stage_id": self.stage_id.id,
                "user_id": self.env.uid,
                "action": "send_back",
                "comment": reason,
                "total": self.total,
            }
        )
        self._tsm_close_review_activities()
        self.sudo().stage_id = previous
        self.sudo()._tsm_schedule_review_activities()
        self.message_post(
            body=self.env._(
                "Sent back to %(stage)s: %(reason)s", stage=previous.name, reason=reason
            )
        )

    def action_appeal(self):
        self.ensure_one()
        self._tsm_check_appeal()
        return {
            "type": "ir.actions.act_window",
            "res_model": "tsm.appraisal.sheet.appeal",
            "view_mode": "form",
            "target": "new",
            "context": {"default_sheet_id": self.id},
        }

    def _tsm_check_appeal(self):
        """Only the appraised employee appeals, once, within the template's
        days after the final approval."""
        self.ensure_one()
        if self.sudo().employee_user_id != self.env.user:
            raise AccessError(self.env._("Only the appraised employee can appeal an appraisal."))
        if any(review.action == "appeal" for review in self.sudo().review_ids):
            raise UserError(self.env._("An appraisal can be appealed only once."))
        if not self.can_appeal:
            raise UserError(
                self.env._(
                    "Only the appraised employee can appeal, within %(days)s days of the final "
                    "approval (until %(date)s).",
                    days=self.template_id.appeal_days,
                    date=self.appeal_deadline or "-",
                )
            )

    def _tsm_appeal(self, reason):
        """Reopen the sheet for the final stage, keeping its history. The
        employee sees it again once the final stage has decided."""
        self.ensure_one()
        self._tsm_check_appeal()
        sheet = self.sudo()
        final = sheet.template_id.stage_ids[-1:]
        sheet.env["tsm.appraisal.review"].create(
            {
                "sheet_id": sheet.id,
                "stage_id": final.id,
                "user_id": self.env.uid,
                "action": "appeal",
                "comment": reason,
                "total": sheet.total,
            }
        )
        sheet.write({"state": "review", "stage_id": final.id, "is_appeal": True})
        sheet._tsm_schedule_review_activities()
        sheet.message_post(
            body=self.env._("Appeal: %s", reason), author_id=self.env.user.partner_id.id
        )

    def action_cancel(self):
        self._tsm_require(HR_MANAGER, action=self.env._("cancel appraisal sheets"))
        self._tsm_check_not_own(self.env._("Nobody cancels their own appraisal sheet."))
        if any(sheet.state == "approved" for sheet in self):
            raise UserError(self.env._("An approved appraisal sheet cannot be cancelled."))
        self._tsm_close_review_activities()
        self.sudo().write({"state": "cancel"})
        return True

    # ------------------------------------------------------------------
    # Generation (wizard and monthly cron)
    # ------------------------------------------------------------------
    @api.model
    def _tsm_generate(
        self, template, employees, date_start, date_end, label=None, start_review=True
    ):
        """Create the missing sheets of ``template`` for ``employees`` and the
        period, compute their computed criteria and (optionally) start their
        review. Idempotent and safe when two workers run it at once: the
        second one waits for nothing and creates nothing twice. A fixed
        number of queries per template, whatever the number of employees.

        :return: the sheets created
        """
        Sheet = self.sudo().with_context(
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True
        )
        template._tsm_check_usable()
        key = f"tsm.appraisal.generate:{template.id}:{date_start}"
        self.env.cr.execute("SELECT pg_try_advisory_xact_lock(hashtext(%s))", [key])
        if not self.env.cr.fetchone()[0]:
            _logger.info(
                "Sheets of %s for %s are being generated by another worker.",
                template.name,
                date_start,
            )
            return self.browse()
        existing = Sheet.search(
            [
                ("template_id", "=", template.id),
                ("date_start", "=", date_start),
                ("employee_id", "in", employees.ids),
            ]
        )
        employees = employees.sudo() - existing.employee_id
        if not employees:
            return self.browse()
        if label is None:
            label = f"{fields.Date.to_string(date_start)} - {fields.Date.to_string(date_end)}"
        deadline = date(date_end.year, date_end.month, template.deadline_day)
        employees.fetch(["company_id", "department_id", "parent_id", "user_id"])
        first_stage = template.stage_ids[:1]
        reviewers = {employee: self._tsm_first_reviewer(employee) for employee in employees}
        if start_review and first_stage.role == "dept_manager":
            missing = [employee for employee, user in reviewers.items() if not user]
            if missing:
                raise UserError(
                    self.env._(
                        "No first reviewer for %s: give the employee's department a manager with "
                        "a user (or the manager a manager of their own).",
                        ", ".join(employee.name for employee in missing[:10]),
                    )
                )
        review = {"state": "review", "stage_id": first_stage.id} if start_review else {}
        vals_list = [
            {
                "employee_id": employee.id,
                "company_id": employee.company_id.id,
                "department_id": employee.department_id.id,
                "template_id": template.id,
                "scale_id": template.scale_id.id,
                "date_start": date_start,
                "date_end": date_end,
                "period_label": label,
                "deadline": deadline,
                "max_total": template.total_max,
                "first_reviewer_user_id": reviewers[employee].id,
                **review,
            }
            for employee in employees
        ]
        try:
            with self.env.cr.savepoint():
                sheets = Sheet.create(vals_list)
        except pg_errors.UniqueViolation:
            _logger.info(
                "Sheets of %s for %s were generated concurrently.", template.name, date_start
            )
            return self.browse()
        values = {}
        computed = template.criterion_ids.filtered(lambda c: c.kind == "computed")
        if computed:
            values = self.env["tsm.metric"]._tsm_compute(
                computed._tsm_metric_codes(), employees, date_start, date_end
            )
        scores = self._tsm_evaluate(computed, employees, values)
        sheets._tsm_insert_lines(template.criterion_ids, scores)
        if start_review:
            sheets._tsm_schedule_review_activities()
        return sheets.with_env(self.env)

    def _tsm_insert_lines(self, criteria, scores):
        """Insert the lines of new sheets in one statement (the ORM would
        issue one INSERT per 100 rows), then compute the sheets' totals.
        The values come from the template and from ``_tsm_evaluate``, which
        keeps computed scores between 0 and the max points."""
        rows = [
            (
                sheet.id,
                criterion.id,
                criterion.sequence,
                criterion.max_points,
                criterion.kind,
                scores.get((criterion, sheet.employee_id.id), 0.0),
            )
            for sheet in self
            for criterion in criteria
        ]
        columns = list(zip(*rows, strict=True)) if rows else [[]] * 6
        self.env.cr.execute(
            """
            INSERT INTO tsm_appraisal_sheet_line
                   (sheet_id, criterion_id, sequence, max_points, kind, computed_value,
                    score_1, score_2, score_3, create_uid, write_uid, create_date, write_date)
            SELECT s, c, q, m, k, v, v, v, v, %(uid)s, %(uid)s,
                   now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM unnest(%(s)s::int[], %(c)s::int[], %(q)s::int[], %(m)s::numeric[],
                          %(k)s::varchar[], %(v)s::numeric[]) AS t(s, c, q, m, k, v)
            """,
            {
                "uid": self.env.uid,
                "s": list(columns[0]),
                "c": list(columns[1]),
                "q": list(columns[2]),
                "m": list(columns[3]),
                "k": list(columns[4]),
                "v": list(columns[5]),
            },
        )
        self.env["tsm.appraisal.sheet.line"].invalidate_model()
        self.invalidate_recordset(["line_ids"])
        for fname in ("total_1", "total_2", "total_3", "total", "band_id", "grade_code"):
            self.env.add_to_compute(self._fields[fname], self)

    @api.model
    def _tsm_first_reviewer(self, employee):
        """The department manager's user; for the manager's own sheet, their manager's."""
        manager = employee.department_id.manager_id
        if not manager or manager == employee:
            manager = employee.parent_id
        return manager.user_id if manager.user_id != employee.user_id else self.env["res.users"]

    @api.model
    def _cron_generate_sheets(self, day=None):
        """Monthly: generate and start the sheets of the period containing
        ``day`` (today) for every template that generates automatically."""
        day = fields.Date.to_date(day) or fields.Date.context_today(self)
        templates = (
            self.env["tsm.appraisal.template"]
            .sudo()
            .search([("auto_generate", "=", True), ("period_kind", "!=", "assignment")])
        )
        companies = self.env["res.company"].sudo().search([("active", "=", True)])
        created = self.browse()
        for template in templates:
            date_start, date_end, label = period_bounds(template.period_kind, day)
            for company in companies:
                if template.company_id and template.company_id != company:
                    continue
                employees = template._tsm_assigned_employees(company)
                if employees:
                    created |= self._tsm_generate(template, employees, date_start, date_end, label)
        return created

    @api.model
    def _cron_remind_late(self):
        """Daily: remind the reviewers of sheets past their deadline."""
        today = fields.Date.context_today(self)
        late = self.sudo().search(
            [
                ("state", "=", "review"),
                ("deadline", "<", today),
                "|",
                ("last_reminder_date", "=", False),
                ("last_reminder_date", "<", today - timedelta(days=6)),
            ]
        )
        for sheet in late:
            user = sheet._tsm_stage_user(sheet.stage_id)
            sheet.message_post(
                body=self.env._(
                    "Reminder: the %(stage)s of this appraisal was due on %(deadline)s.",
                    stage=sheet.stage_id.name,
                    deadline=sheet.deadline,
                ),
                partner_ids=user.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        late.write({"last_reminder_date": today})
        return late


class TsmAppraisalSheetLine(models.Model):
    """One criterion of a sheet, with one score column per review stage."""

    _name = "tsm.appraisal.sheet.line"
    _description = "Appraisal Sheet Line"
    _inherit = ["tsm.guard.mixin"]
    _order = "sheet_id, sequence, id"
    # Each stage's column is typed by that stage's reviewer while the sheet
    # is at that stage, on typed criteria only; earlier columns stay as they
    # were approved. Lines are made by the generation; the criterion, points,
    # computed values and the sheet they belong to never change.
    _tsm_state_field = "state"
    _tsm_policy = (
        Allow("score_1", states=("review",), who="_tsm_at_stage_1", on="write"),
        Allow("score_2", states=("review",), who="_tsm_at_stage_2", on="write"),
        Allow("score_3", states=("review",), who="_tsm_at_stage_3", on="write"),
        Allow("remark", states=("review",), who="_tsm_of_current_reviewer", on="write"),
    )

    sheet_id = fields.Many2one("tsm.appraisal.sheet", required=True, ondelete="cascade", index=True)
    criterion_id = fields.Many2one(
        "tsm.appraisal.criterion", string="Template Criterion", ondelete="restrict", readonly=True
    )
    sequence = fields.Integer(readonly=True)
    group_name = fields.Char(related="criterion_id.group_id.name", string="Group")
    name = fields.Char(related="criterion_id.name", string="Criterion")
    max_points = fields.Float(string="Max", readonly=True, digits=(16, 2))
    kind = fields.Selection(
        [("manual", "Typed"), ("computed", "Computed")], readonly=True, default="manual"
    )
    computed_value = fields.Float(readonly=True, digits=(16, 2))
    score_1 = fields.Float(string="First Score", digits=(16, 2))
    score_2 = fields.Float(string="Second Score", digits=(16, 2))
    score_3 = fields.Float(string="Third Score", digits=(16, 2))
    final_score = fields.Float(compute="_compute_final_score", digits=(16, 2), string="Score")
    remark = fields.Char()
    state = fields.Selection(related="sheet_id.state")
    stage_sequence = fields.Integer(related="sheet_id.stage_sequence")

    @api.depends("score_1", "score_2", "score_3", "sheet_id.state", "sheet_id.stage_sequence")
    def _compute_final_score(self):
        for line in self:
            sheet = line.sheet_id
            column = (
                len(sheet.template_id.stage_ids)
                if sheet.state == "approved"
                else sheet.stage_sequence
            )
            line.final_score = line[SCORE_FIELDS[min(max(column, 1), 3) - 1]]

    @api.constrains("score_1", "score_2", "score_3")
    def _check_scores(self):
        for line in self:
            for fname in SCORE_FIELDS:
                score = line[fname]
                if score < 0 or score > line.max_points + 1e-6:
                    raise ValidationError(
                        self.env._(
                            "The score of “%(criterion)s” must lie between 0 and %(max)s, not "
                            "%(score)s.",
                            criterion=line.name,
                            max=line.max_points,
                            score=score,
                        )
                    )
                if line.kind == "manual" and abs(score * 2 - round(score * 2)) > 1e-6:
                    raise ValidationError(
                        self.env._(
                            "Scores are whole or half points: %(score)s is not allowed for "
                            "“%(criterion)s”.",
                            score=score,
                            criterion=line.name,
                        )
                    )

    # ------------------------------------------------------------------
    # Write policy
    # ------------------------------------------------------------------
    def _tsm_of_current_reviewer(self):
        sheets = self.sheet_id._tsm_is_current_reviewer()
        return self.filtered(lambda line: line.sheet_id in sheets)

    def _tsm_at_stage(self, number):
        """The typed lines of sheets at stage ``number`` that the current
        user reviews now."""
        return self._tsm_of_current_reviewer().filtered(
            lambda line: line.kind == "manual" and line.sheet_id.stage_sequence == number
        )

    def _tsm_at_stage_1(self):
        return self._tsm_at_stage(1)

    def _tsm_at_stage_2(self):
        return self._tsm_at_stage(2)

    def _tsm_at_stage_3(self):
        return self._tsm_at_stage(3)

    def _tsm_guard_refuse(self, operation, name):
        """Say precisely why a score cannot be typed."""
        if operation == "write" and name in SCORE_FIELDS:
            sheet, user = self.sheet_id, self.env.user
            if self.kind == "computed":
                raise AccessError(
                    self.env._("Computed criteria come from the metrics; refresh them instead.")
                )
            if sheet.employee_user_id == user:
                raise AccessError(self.env._("Nobody may review their own appraisal sheet."))
            if any(sheet._tsm_is_reviewer(user, stage) for stage in sheet.template_id.stage_ids):
                if sheet.state != "review":
                    raise UserError(
                        self.env._("Appraisal sheet %s is locked: it is not in review.", sheet.name)
                    )
                if not sheet._tsm_is_reviewer(user):
                    raise UserError(
                        self.env._(
                            "Sheet %(sheet)s is at stage %(stage)s, which you do not review.",
                            sheet=sheet.name,
                            stage=sheet.stage_id.name,
                        )
                    )
                allowed = SCORE_FIELDS[sheet.stage_sequence - 1]
                if name != allowed:
                    raise UserError(
                        self.env._(
                            "At stage %(stage)s only the %(column)s column can be changed: "
                            "earlier stages' scores are kept as they were approved.",
                            stage=sheet.stage_id.name,
                            column=self._fields[allowed]._description_string(self.env),
                        )
                    )
                sheet._tsm_check_other_actor(sheet._tsm_other_stage_users(), self.env._("score"))
        return super()._tsm_guard_refuse(operation, name)


class TsmAppraisalReview(models.Model):
    """What a reviewer did at a stage: the signatures and the history."""

    _name = "tsm.appraisal.review"
    _description = "Appraisal Review"
    _inherit = ["tsm.guard.mixin"]
    _order = "id"
    # Written only by the sheet's buttons (approve, send back, appeal).
    _tsm_state_field = "sheet_id.state"

    sheet_id = fields.Many2one("tsm.appraisal.sheet", required=True, ondelete="cascade", index=True)
    stage_id = fields.Many2one("tsm.appraisal.stage", ondelete="set null")
    user_id = fields.Many2one("res.users", string="By", required=True)
    date = fields.Date(default=fields.Date.context_today, required=True)
    action = fields.Selection(
        [("approve", "Approved"), ("send_back", "Sent back"), ("appeal", "Appealed")],
        required=True,
    )
    comment = fields.Text()
    total = fields.Float(digits=(16, 2))


class TsmAppraisalImprovement(models.Model):
    """An item of the employee's improvement plan (RULES.md §1.7)."""

    _name = "tsm.appraisal.improvement"
    _description = "Improvement Plan Item"
    _inherit = ["tsm.guard.mixin"]
    _order = "due_date, id"
    # After the approval the employee writes the plan (goals, actions, due
    # dates); the department manager (or the first reviewer) follows it up.
    _tsm_state_field = "sheet_id.state"
    _tsm_policy = (
        Allow(
            "sheet_id goal action due_date", states=("approved",), who="_tsm_is_own", on="create"
        ),
        Allow("goal action due_date", states=("approved",), who="_tsm_is_own", on="write"),
        Allow("state follow_up", states=("approved",), who="_tsm_is_followed_up", on="write"),
        Allow(on="unlink", states=("approved",), who="_tsm_is_own_open"),
    )

    sheet_id = fields.Many2one("tsm.appraisal.sheet", required=True, ondelete="cascade", index=True)
    employee_id = fields.Many2one(related="sheet_id.employee_id", store=True)
    goal = fields.Char(required=True)
    action = fields.Text(string="Actions")
    due_date = fields.Date()
    state = fields.Selection(
        [("open", "Open"), ("done", "Achieved"), ("dropped", "Not achieved")],
        default="open",
        required=True,
    )
    follow_up = fields.Text(string="Manager's Follow-up")

    @api.model_create_multi
    def create(self, vals_list):
        sheets = self.env["tsm.appraisal.sheet"].browse({vals["sheet_id"] for vals in vals_list})
        if any(sheet.state != "approved" for sheet in sheets):
            raise UserError(self.env._("An improvement plan follows an approved appraisal."))
        return super().create(vals_list)

    def _tsm_is_own(self):
        """Items of the current user's own sheets."""
        return self.filtered(lambda item: item.sheet_id.employee_user_id == self.env.user)

    def _tsm_is_own_open(self):
        return self._tsm_is_own().filtered(lambda item: item.state == "open")

    def _tsm_is_followed_up(self):
        """Items the current user follows up: the department manager or the
        first reviewer of the sheet, never on their own sheet."""
        user = self.env.user
        return self.filtered(
            lambda item: (
                item.sheet_id.employee_user_id != user
                and user
                in (
                    item.sheet_id.first_reviewer_user_id
                    | item.sheet_id.sudo().department_id.manager_id.user_id
                )
            )
        )
