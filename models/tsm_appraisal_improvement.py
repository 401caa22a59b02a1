from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.policy import Allow


class TsmAppraisalImprovement(models.Model):
    """An item of the employee's improvement plan after an approved appraisal:
    a goal, the actions and a due date, followed up by the manager."""

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
