from odoo import fields, models

from .tsm_ticket_vocabulary import CUSTOMER_TIERS


class ResPartner(models.Model):
    _inherit = "res.partner"

    tsm_first_engineer_id = fields.Many2one(
        "hr.employee",
        string="First Responsible Engineer",
        help="Handles the customer's tickets (RULES.md §2.2); copied to new tickets.",
    )
    tsm_second_engineer_id = fields.Many2one(
        "hr.employee",
        string="Second Responsible Engineer",
        help="Takes urgent incidents the first engineer hands over.",
    )
    tsm_customer_tier = fields.Selection(
        CUSTOMER_TIERS, string="Service Tier", help="Chooses the ticket SLA; empty: standard."
    )
