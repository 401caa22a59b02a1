from odoo import fields, models


class TsmEomVoteWizard(models.TransientModel):
    _name = "tsm.eom.vote.wizard"
    _description = "Vote for the Employee of the Month"

    round_id = fields.Many2one("tsm.eom.round", required=True)
    department_id = fields.Many2one(related="round_id.department_id")
    employee_id = fields.Many2one(
        "hr.employee",
        string="My Vote",
        required=True,
        domain="[('department_id', '=', department_id)]",
    )

    def action_vote(self):
        self.ensure_one()
        self.round_id._tsm_vote(self.employee_id)
        return {"type": "ir.actions.act_window_close"}
