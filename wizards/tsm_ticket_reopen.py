from odoo import fields, models


class TsmTicketReopen(models.TransientModel):
    _name = "tsm.ticket.reopen"
    _description = "Reopen a Service Ticket"

    ticket_id = fields.Many2one("tsm.ticket", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.ticket_id._tsm_reopen(self.reason)
        return {"type": "ir.actions.act_window_close"}
