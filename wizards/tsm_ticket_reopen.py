from odoo import fields, models

from ..tools.policy import Allow


class TsmTicketReopen(models.TransientModel):
    _name = "tsm.ticket.reopen"
    _description = "Reopen a Service Ticket"
    _inherit = ["tsm.guard.mixin"]
    # A form to type in; the ticket's _tsm_reopen() checks who reopens what.
    _tsm_policy = (Allow("ticket_id reason"), Allow(on="unlink"))

    ticket_id = fields.Many2one("tsm.ticket", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.ticket_id._tsm_reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
