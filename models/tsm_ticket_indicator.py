from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models

from ..tools.settings import setting


class TsmTicketIndicator(models.Model):
    """The service indicators of a ticket: first-time fix and repeat fault,
    stored with a 0/100 rate for the pivot views' averages."""

    _inherit = "tsm.ticket"

    first_time_fix = fields.Boolean(
        string="First-time Fix",
        compute="_compute_first_time_fix",
        store=True,
        help="Solved in one visit.",
    )
    repeat_fault = fields.Boolean(
        compute="_compute_repeat_fault",
        store=True,
        help="The same customer reported the same equipment within the configured days.",
    )
    first_time_fix_rate = fields.Float(
        string="First-time Fix Rate (%)",
        compute="_compute_first_time_fix",
        store=True,
        aggregator="avg",
    )
    repeat_fault_rate = fields.Float(
        string="Repeat Fault Rate (%)",
        compute="_compute_repeat_fault",
        store=True,
        aggregator="avg",
    )

    @api.depends("visit_count", "date_solved", "reopen_count")
    def _compute_first_time_fix(self):
        for ticket in self:
            ticket.first_time_fix = bool(
                ticket.date_solved and ticket.visit_count <= 1 and not ticket.reopen_count
            )
            ticket.first_time_fix_rate = 100.0 if ticket.first_time_fix else 0.0

    @api.depends("partner_id", "equipment", "date_received")
    def _compute_repeat_fault(self):
        todo = self.filtered(lambda t: t.partner_id and (t.equipment or "").strip())
        (self - todo).repeat_fault = False
        (self - todo).repeat_fault_rate = 0.0
        if not todo:
            return
        window = {
            company: timedelta(days=setting(company, "ticket_repeat_days"))
            for company in todo.company_id
        }
        earliest = min(ticket.date_received - window[ticket.company_id] for ticket in todo)
        latest = max(todo.mapped("date_received"))
        others = self.sudo().search_fetch(
            [
                ("partner_id", "in", todo.partner_id.ids),
                ("equipment", "!=", False),
                ("date_received", ">=", earliest),
                ("date_received", "<=", latest),
                ("state", "!=", "cancelled"),
            ],
            ["partner_id", "equipment", "date_received"],
        )
        by_key = defaultdict(list)
        for other in others:
            by_key[(other.partner_id.id, other.equipment.strip().lower())].append(other)
        for ticket in todo:
            key = (ticket.partner_id.id, ticket.equipment.strip().lower())
            since = ticket.date_received - window[ticket.company_id]
            ticket.repeat_fault = any(
                other.id != ticket.id
                and since <= other.date_received <= ticket.date_received
                and (other.date_received, other.id) < (ticket.date_received, ticket.id or 0)
                for other in by_key[key]
            )
            ticket.repeat_fault_rate = 100.0 if ticket.repeat_fault else 0.0
