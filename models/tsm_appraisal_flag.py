from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.appraisal_vocabulary import HR_OFFICER
from ..tools.flow import flow
from ..tools.policy import Allow


class TsmAppraisalFlag(models.Model):
    """A case a yearly rule raised for HR, with the sheets that caused it."""

    _name = "tsm.appraisal.flag"
    _description = "Appraisal Yearly Case"
    _inherit = ["mail.thread", "mail.activity.mixin", "tsm.guard.mixin"]
    _order = "year desc, id desc"
    _check_company_auto = True
    # Raised by the yearly rules only; HR writes the decision of a colleague's
    # case and closes it with its buttons. Nothing deletes a case.
    _tsm_policy = (Allow("decision", groups=HR_OFFICER, states=("new",), who="_tsm_is_colleague"),)

    name = fields.Char(compute="_compute_name", store=True)
    employee_id = fields.Many2one("hr.employee", required=True, index=True, check_company=True)
    company_id = fields.Many2one(related="employee_id.company_id", store=True, index=True)
    department_id = fields.Many2one(related="employee_id.department_id", store=True)
    rule_id = fields.Many2one("tsm.appraisal.yearly.rule", required=True, ondelete="restrict")
    outcome = fields.Selection(related="rule_id.outcome", store=True)
    year = fields.Integer(required=True, index=True)
    sheet_ids = fields.Many2many("tsm.appraisal.sheet", string="Sheets")
    sheet_count = fields.Integer(compute="_compute_sheet_count")
    state = fields.Selection(
        [("new", "To Review"), ("done", "Decided"), ("dismissed", "Dismissed")],
        default="new",
        required=True,
        tracking=True,
    )
    decision = fields.Text(tracking=True)

    _sql_constraints = [
        (
            "employee_rule_year_uniq",
            "unique(employee_id, rule_id, year)",
            "This case is already flagged for the employee and year.",
        ),
    ]

    @api.depends("employee_id.name", "rule_id.name", "year")
    def _compute_name(self):
        for flag in self:
            flag.name = f"{flag.year} {flag.employee_id.name}: {flag.rule_id.name}"

    @api.depends("sheet_ids")
    def _compute_sheet_count(self):
        for flag in self:
            flag.sheet_count = len(flag.sheet_ids)

    def _tsm_notify_hr(self):
        """A to-do for HR on each new case (one batch)."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        hr_group = self.env.ref("hr_tech_service.group_tsm_hr_manager")
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for flag in self:
            users = hr_group.sudo().users.filtered(
                lambda user, f=flag: (
                    user.active and f.company_id in user.company_ids and not user.share
                )
            )
            if not users:
                continue
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": flag.id,
                    "activity_type_id": activity_type.id,
                    "user_id": users.sorted("id")[0].id,
                    "summary": flag.rule_id.name,
                    "note": flag.rule_id.note,
                }
            )
        if vals_list:
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
                vals_list
            )

    def _tsm_is_colleague(self):
        return self.filtered(lambda flag: flag.employee_id.user_id != self.env.user)

    def action_done(self):
        self._tsm_decide("done")
        return True

    def action_dismiss(self):
        self._tsm_decide("dismissed")
        return True

    def _tsm_decide(self, state):
        self._tsm_require(HR_OFFICER, action=self.env._("decide yearly appraisal cases"))
        if self - self._tsm_is_colleague():
            raise AccessError(self.env._("Nobody decides their own yearly appraisal case."))
        if any(flag.state != "new" for flag in self):
            raise UserError(self.env._("Only cases still to review can be decided or dismissed."))
        flow(self).write({"state": state})

    def action_view_sheets(self):
        self.ensure_one()
        return self.sheet_ids._tsm_action_open()
