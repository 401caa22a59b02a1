from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    tsm_pay_period_start_day = fields.Integer(
        related="company_id.tsm_pay_period_start_day", readonly=False
    )
    tsm_allow_dual_role = fields.Boolean(related="company_id.tsm_allow_dual_role", readonly=False)
    tsm_eom_winner_count = fields.Integer(related="company_id.tsm_eom_winner_count", readonly=False)
    tsm_company_currency_id = fields.Many2one(related="company_id.currency_id")
    tsm_eom_amount = fields.Monetary(
        related="company_id.tsm_eom_amount",
        readonly=False,
        currency_field="tsm_company_currency_id",
    )
