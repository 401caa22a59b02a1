from odoo import fields, models

from ..tools.commission_vocabulary import EXCLUDED_SHARE_RULES


class ResCompanyCommission(models.Model):
    _inherit = "res.company"

    tsm_commission_excluded_rule = fields.Selection(
        EXCLUDED_SHARE_RULES,
        string="Share of Probation Crew Members",
        default="drop",
        help="Probation employees earn no piece commission (RULES.md §4.7): their agreed share "
        "is either dropped or redistributed to the other members in proportion to their shares.",
    )
