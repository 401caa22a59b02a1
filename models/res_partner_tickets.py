from odoo import fields, models

from ..tools.policy import Allow
from ..tools.ticket_vocabulary import CUSTOMER_TIERS, DESK, MANAGER


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "tsm.guard.mixin"]
    # The customer's responsible engineers own its tickets and its tier
    # chooses the SLA of its tickets: the service desk and the department
    # managers set them. Deleting partners stays as Odoo has it.
    _tsm_policy = (
        Allow(
            "tsm_first_engineer_id tsm_second_engineer_id tsm_customer_tier",
            groups=(DESK, MANAGER),
        ),
        Allow(on="unlink"),
    )

    tsm_first_engineer_id = fields.Many2one(
        "hr.employee",
        string="First Responsible Engineer",
        help="Handles the customer's tickets; copied to new tickets.",
    )
    tsm_second_engineer_id = fields.Many2one(
        "hr.employee",
        string="Second Responsible Engineer",
        help="Takes urgent incidents the first engineer hands over.",
    )
    tsm_customer_tier = fields.Selection(
        CUSTOMER_TIERS, string="Service Tier", help="Chooses the ticket SLA; empty: standard."
    )
