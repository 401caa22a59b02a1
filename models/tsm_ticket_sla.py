from odoo import fields, models

from ..tools.policy import Allow
from ..tools.ticket_vocabulary import CUSTOMER_TIERS, HR_MANAGER, TICKET_PRIORITIES


class TsmTicketSla(models.Model):
    """Response and resolution targets in working hours by priority and
    customer tier."""

    _name = "tsm.ticket.sla"
    _description = "Ticket SLA"
    _inherit = ["tsm.guard.mixin"]
    _order = "sequence, id"
    # A rate table: the HR Manager configures it.
    _tsm_policy = (Allow("*", groups=HR_MANAGER), Allow(on="unlink", groups=HR_MANAGER))

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True, help="Empty: every company.")
    priority = fields.Selection(TICKET_PRIORITIES, required=True)
    customer_tier = fields.Selection(CUSTOMER_TIERS, help="Empty: every tier.")
    response_hours = fields.Float(
        required=True, help="Working hours (company calendar) from reception to response."
    )
    resolution_hours = fields.Float(
        required=True, help="Working hours (company calendar) from reception to solution."
    )

    def _tsm_match(self, ticket):
        """The first SLA (by sequence) matching the ticket; a tier-specific
        one wins over a generic one."""
        tier = ticket.partner_id.commercial_partner_id.tsm_customer_tier or "standard"
        candidates = self.filtered(
            lambda sla: (
                sla.priority == ticket.priority
                and (not sla.company_id or sla.company_id == ticket.company_id)
                and sla.customer_tier in (False, tier)
            )
        )
        return candidates.sorted(lambda sla: (not sla.customer_tier, sla.sequence, sla.id))[:1]
