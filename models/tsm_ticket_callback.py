from odoo import api, fields, models
from odoo.exceptions import UserError

from .tsm_ticket_vocabulary import CALLBACK_CHANNELS, SATISFACTION, SOLVED_STATES
from .tsm_working_time import local_day


class TsmTicketCallback(models.Model):
    """A callback to the customer after solving (回访, RULES.md §2.1):
    reached or not, satisfaction, comment. Dissatisfied callbacks are
    deductions of the engineers (§2.4)."""

    _name = "tsm.ticket.callback"
    _description = "Ticket Callback"
    _order = "date desc, id desc"
    _check_company_auto = True

    ticket_id = fields.Many2one("tsm.ticket", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    area_id = fields.Many2one(related="ticket_id.area_id", store=True, index=True)
    partner_id = fields.Many2one(related="ticket_id.partner_id", store=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    day = fields.Date(compute="_compute_day", store=True, index=True)
    user_id = fields.Many2one("res.users", string="Called By", default=lambda self: self.env.user)
    channel = fields.Selection(CALLBACK_CHANNELS, default="phone", required=True)
    reached = fields.Boolean(default=True, help="The customer was reached.")
    satisfaction = fields.Selection(SATISFACTION)
    comment = fields.Text()

    @api.depends("date")
    def _compute_day(self):
        for callback in self:
            callback.day = local_day(callback.ticket_id.company_id, callback.date)

    @api.model_create_multi
    def create(self, vals_list):
        callbacks = super().create(vals_list)
        for callback in callbacks:
            ticket = callback.ticket_id
            if ticket.state not in SOLVED_STATES:
                raise UserError(
                    self.env._(
                        "Ticket %s is not solved yet: call the customer back after solving.",
                        ticket.name,
                    )
                )
            if callback.reached and not callback.satisfaction:
                raise UserError(self.env._("Record how satisfied the customer is."))
            if callback.reached and ticket.state == "solved":
                ticket.sudo().state = "callback"
        return callbacks
