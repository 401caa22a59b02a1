from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.appraisal_vocabulary import SCORE_FIELDS
from ..tools.flow import flow


class TsmAppraisalSheet(models.Model):
    """The review chain of a sheet: who reviews each stage (nobody their own
    sheet, nobody two stages of one chain since its last send-back), the
    reviewers' to-dos and reminders, approving a stage and sending a sheet
    back to the previous one."""

    _inherit = "tsm.appraisal.sheet"

    review_ids = fields.One2many("tsm.appraisal.review", "sheet_id", string="Review History")
    can_review = fields.Boolean(compute="_compute_can_review", search="_search_can_review")
    reviewed_1_by = fields.Char(compute="_compute_signatures", string="First Review Signed")
    reviewed_2_by = fields.Char(compute="_compute_signatures", string="Second Review Signed")
    reviewed_3_by = fields.Char(compute="_compute_signatures", string="Final Approval Signed")
    last_reminder_date = fields.Date(readonly=True, copy=False)

    @api.depends_context("uid")
    @api.depends("state", "stage_id", "first_reviewer_user_id", "employee_user_id")
    def _compute_can_review(self):
        for sheet in self:
            sheet.can_review = sheet.state == "review" and sheet._tsm_is_reviewer(self.env.user)

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
    @api.model
    def _tsm_first_reviewer(self, employee):
        """The department manager's user; for the manager's own sheet, their manager's."""
        manager = employee.department_id.manager_id
        if not manager or manager == employee:
            manager = employee.parent_id
        return manager.user_id if manager.user_id != employee.user_id else self.env["res.users"]

    @api.model
    def _tsm_no_first_reviewer(self, names):
        """The error for sheets whose employees (``names``, ten at most) have
        no first reviewer."""
        return UserError(
            self.env._(
                "No first reviewer for %s: give the employee's department a manager with a "
                "user (or the manager a manager of their own).",
                ", ".join(names),
            )
        )

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
                raise sheet._tsm_not_at_your_stage()
            sheet._tsm_check_other_actor(sheet._tsm_other_stage_users(), action)

    def _tsm_not_at_your_stage(self):
        """The error for a reviewer of another stage than the sheet's."""
        self.ensure_one()
        return UserError(
            self.env._(
                "Sheet %(sheet)s is at stage %(stage)s, which you do not review.",
                sheet=self.name,
                stage=self.stage_id.name,
            )
        )

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

    # ------------------------------------------------------------------
    # To-dos and reminders
    # ------------------------------------------------------------------
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

    # ------------------------------------------------------------------
    # Approve a stage, send back to the previous one
    # ------------------------------------------------------------------
    def action_approve_stage(self):
        """The current stage's reviewer approves: the next stage starts with
        these scores pre-filled, or, after the last stage, the sheet is final."""
        self._tsm_check_reviewer(self.env._("approve"))
        self._tsm_check_stage_scored()
        self.env["tsm.appraisal.review"].sudo().create(
            [sheet._tsm_prepare_review_vals("approve") for sheet in self]
        )
        self._tsm_close_review_activities()
        finals = self.browse()
        for sheet in self:
            if sheet.stage_sequence < len(sheet.template_id.stage_ids):
                sheet._tsm_to_next_stage()
            else:
                finals |= sheet
        (self - finals).sudo()._tsm_schedule_review_activities()
        if finals:
            finals.sudo()._tsm_finalize()
        return True

    def _tsm_check_stage_scored(self):
        """Refuse to approve a stage whose typed criteria are all still 0."""
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

    def _tsm_prepare_review_vals(self, action, stage=None, comment=False):
        """A line of the review history: ``action`` by the current user at
        ``stage`` (by default the current one), with the sheet's total."""
        self.ensure_one()
        return {
            "sheet_id": self.id,
            "stage_id": (self.stage_id if stage is None else stage).id,
            "user_id": self.env.uid,
            "action": action,
            "comment": comment,
            "total": self.total,
        }

    def _tsm_to_next_stage(self):
        """Move the sheet to its next stage, whose column starts from this
        stage's scores (one write per distinct score)."""
        self.ensure_one()
        stages = self.template_id.stage_ids
        index = self.stage_sequence
        column, next_column = SCORE_FIELDS[index - 1], SCORE_FIELDS[index]
        by_score = defaultdict(lambda: self.env["tsm.appraisal.sheet.line"])
        for line in self.line_ids:
            if line[next_column] != line[column]:
                by_score[line[column]] |= line
        for score, lines in by_score.items():
            flow(lines).write({next_column: score})
        self.sudo().stage_id = stages[index]

    def _tsm_check_send_back(self):
        self._tsm_check_reviewer(self.env._("send back"))
        if self.stage_sequence <= 1:
            raise UserError(self.env._("The first review stage cannot send a sheet back."))

    def action_send_back(self):
        self.ensure_one()
        self._tsm_check_send_back()
        return {
            "type": "ir.actions.act_window",
            "res_model": "tsm.appraisal.sheet.send.back",
            "view_mode": "form",
            "target": "new",
            "context": {"default_sheet_id": self.id},
        }

    def _tsm_send_back(self, reason):
        self.ensure_one()
        self._tsm_check_send_back()
        previous = self.template_id.stage_ids[self.stage_sequence - 2]
        self.env["tsm.appraisal.review"].sudo().create(
            self._tsm_prepare_review_vals("send_back", comment=reason)
        )
        self._tsm_close_review_activities()
        self.sudo().stage_id = previous
        self.sudo()._tsm_schedule_review_activities()
        self.message_post(
            body=self.env._(
                "Sent back to %(stage)s: %(reason)s", stage=previous.name, reason=reason
            )
        )
