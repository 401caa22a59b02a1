from odoo import fields, models


class ResConfigSettingsCommission(models.TransientModel):
    """The company's commission settings (res_company_commission.py) on the
    Settings page."""

    _inherit = "res.config.settings"

    tsm_commission_excluded_rule = fields.Selection(
        related="company_id.tsm_commission_excluded_rule", readonly=False
    )
    tsm_commission_install_multiplier = fields.Float(
        related="company_id.tsm_commission_install_multiplier", readonly=False
    )
    tsm_commission_verify_percent = fields.Float(
        related="company_id.tsm_commission_verify_percent", readonly=False
    )
    tsm_commission_settle_percent = fields.Float(
        related="company_id.tsm_commission_settle_percent", readonly=False
    )
    tsm_commission_retention_years = fields.Integer(
        related="company_id.tsm_commission_retention_years", readonly=False
    )
    tsm_quantity_report_deadline_day = fields.Integer(
        related="company_id.tsm_quantity_report_deadline_day", readonly=False
    )
    tsm_quantity_max_metres = fields.Float(
        related="company_id.tsm_quantity_max_metres", readonly=False
    )
    tsm_day_rate_amount = fields.Float(related="company_id.tsm_day_rate_amount", readonly=False)
    tsm_repair_fee_min = fields.Float(related="company_id.tsm_repair_fee_min", readonly=False)
    tsm_repair_fee_max = fields.Float(related="company_id.tsm_repair_fee_max", readonly=False)
    tsm_contract_share_factor = fields.Float(
        related="company_id.tsm_contract_share_factor", readonly=False
    )
    tsm_contract_install_factor = fields.Float(
        related="company_id.tsm_contract_install_factor", readonly=False
    )
    tsm_contract_weld_factor = fields.Float(
        related="company_id.tsm_contract_weld_factor", readonly=False
    )
    tsm_contract_markup = fields.Float(related="company_id.tsm_contract_markup", readonly=False)

    def action_tsm_open_pipe_rates(self):
        return self.env["ir.actions.act_window"]._for_xml_id("hr_tech_service.tsm_pipe_rate_action")
