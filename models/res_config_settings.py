from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    tsm_pay_period_start_day = fields.Integer(
        related="company_id.tsm_pay_period_start_day", readonly=False
    )
    tsm_allow_dual_role = fields.Boolean(related="company_id.tsm_allow_dual_role", readonly=False)
