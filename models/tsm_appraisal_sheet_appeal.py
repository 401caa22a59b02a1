from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class TsmAppraisalSheet(models.Model):
    """After the final approval: the employee's improvement plan (its items
    are ``tsm.appraisal.improvement``) and the appeal, once, within the
    template's days, which reopens the sheet at its final stage."""

    _inherit = "tsm.appraisal.sheet"

    improvement_ids = fields.One2many(
        "tsm.appraisal.improvement", "sheet_id", string="Improvement Plan"
    )
    is_appeal = fields.Boolean(string="Under Appeal", readonly=True, copy=False, tracking=True)
    appeal_deadline = fields.Date(compute="_compute_appeal_deadline")
    can_appeal = fields.Boolean(compute="_compute_can_appeal")

    @api.depends("approved_date", "template_id.appeal_days")
    def _compute_appeal_deadline(self):
        for sheet in self:
            sheet.appeal_deadline = (
                sheet.approved_date + timedelta(days=sheet.template_id.appeal_days)
                if sheet.approved_date
                else False
            )

    @api.depends_context("uid")
    @api.depends("state", "employee_user_id", "appeal_deadline")
    def _compute_can_appeal(self):
        today = fields.Date.context_today(self)
        for sheet in self:
            sheet.can_appeal = bool(
                sheet.state == "approved"
                and sheet.employee_user_id == self.env.user
                and sheet.appeal_deadline
                and today <= sheet.appeal_deadline
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
            sheet._tsm_prepare_review_vals("appeal", stage=final, comment=reason)
        )
        sheet.write({"state": "review", "stage_id": final.id, "is_appeal": True})
        sheet._tsm_schedule_review_activities()
        sheet.message_post(
            body=self.env._("Appeal: %s", reason), author_id=self.env.user.partner_id.id
        )
