from odoo import fields, models


class ResCompany(models.Model):
    """The appraisal settings of the company (read through
    ``tools.settings.setting``; shipped values in data/tsm_appraisal_data.xml)."""

    _inherit = "res.company"

    tsm_eom_winner_count = fields.Integer(
        string="Employees of the Month",
        help="How many employees of the month a department chooses each month.",
    )
    tsm_eom_amount = fields.Monetary(
        string="Employee of the Month Award",
        currency_field="currency_id",
        help="Paid to each employee of the month through a pay line.",
    )
