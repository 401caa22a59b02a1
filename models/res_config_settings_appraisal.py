from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    tsm_eom_winner_count = fields.Integer(related="company_id.tsm_eom_winner_count", readonly=False)
    tsm_company_currency_id = fields.Many2one(related="company_id.currency_id")
    tsm_eom_amount = fields.Monetary(
        related="company_id.tsm_eom_amount",
        readonly=False,
        currency_field="tsm_company_currency_id",
    )
