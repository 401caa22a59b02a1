from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.policy import Allow
from ..tools.ticket_vocabulary import (
    CALLBACK_CHANNELS,
    DESK,
    MANAGER,
    SATISFACTION,
    SOLVED_STATES,
)
from ..tools.working_time import local_day


class TsmTicketCallback(models.Model):
    """A callback to the customer after solving (回访): reached or not,
    satisfaction, comment. Each dissatisfied callback is a deduction of
    every engineer of the ticket in the customer evaluation score."""

    _name = "tsm.ticket.callback"
    _description = "Ticket Callback"
    _inherit = ["tsm.guard.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # The service desk (or a department manager) calls a solved ticket's
    # customer back, never about a ticket they worked on (create() checks
    # it); the caller may correct what they recorded until the ticket is
    # closed. Who called, the channel and the customer's e-mail ratings are
    # set by the addon; nobody deletes a callback.
    _tsm_state_field = "ticket_id.state"
    _tsm_policy = (
        Allow("ticket_id date reached satisfaction comment", groups=(DESK, MANAGER), on="create"),
        Allow(
            "date reached satisfaction comment",
            groups=(DESK, MANAGER),
            states=("solved", "callback"),
            who="_tsm_is_caller",
            on="write",
        ),
    )

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
    rating_id = fields.Many2one(
        "rating.rating",
        string="E-mail Rating",
        readonly=True,
        index="btree_not_null",
        help="The customer's answer to the rating request this callback records.",
    )

    @api.depends("ticket_id.name", "day")
    def _compute_display_name(self):
        for callback in self:
            callback.display_name = f"{callback.ticket_id.name} ({callback.day or ''})"

    @api.depends("date")
    def _compute_day(self):
        for callback in self:
            callback.day = local_day(callback.ticket_id.company_id, callback.date)

    def _tsm_is_caller(self):
        return self.filtered(lambda callback: callback.user_id == self.env.user)

    @api.model_create_multi
    def create(self, vals_list):
        tickets = self.env["tsm.ticket"].browse(
            {vals.get("ticket_id") for vals in vals_list} - {None}
        )
        for ticket in tickets:
            if ticket.state not in SOLVED_STATES:
                raise UserError(
                    self.env._(
                        "Ticket %s is not solved yet: call the customer back after solving.",
                        ticket.name,
                    )
                )
        if not self._tsm_guard_trusted():
            self._tsm_require(DESK, MANAGER, action=self.env._("call customers back"))
            tickets._tsm_check_not_worked_on(self.env._("call the customer back about"))
        callbacks = super().create(vals_list)
        for callback in callbacks:
            if callback.reached and not callback.satisfaction:
                raise UserError(self.env._("Record how satisfied the customer is."))
        reached = callbacks.filtered("reached").ticket_id.filtered(lambda t: t.state == "solved")
        reached.sudo().write({"state": "callback"})
        return callbacks
