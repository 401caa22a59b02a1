from odoo import fields, models


class TsmEomVetoWizard(models.TransientModel):
    _name = "tsm.eom.veto.wizard"
    _description = "Veto a Nominee"

    nominee_id = fields.Many2one("tsm.eom.nominee", required=True)
    reason = fields.Char(
        required=True, help="e.g. a customer complaint, a quality incident or slackness this month"
    )

    def action_veto(self):
        self.ensure_one()
        self.nominee_id._tsm_veto(self.reason)
        return {"type": "ir.actions.act_window_close"}
