from odoo import fields, models


class ResConfigSettingsCommission(models.TransientModel):
    _inherit = "res.config.settings"

    tsm_commission_excluded_rule = fields.Selection(
        related="company_id.tsm_commission_excluded_rule", readonly=False
    )
    tsm_commission_install_multiplier = fields.Float(
        string="Install Rate Multiplier",
        config_parameter="hr_tech_service.commission_install_multiplier",
    )
    tsm_commission_verify_percent = fields.Float(
        string="Paid on Verification (%)",
        config_parameter="hr_tech_service.commission_verify_percent",
    )
    tsm_commission_settle_percent = fields.Float(
        string="Paid up to at Completion (%)",
        config_parameter="hr_tech_service.commission_settle_percent",
    )
    tsm_commission_retention_years = fields.Integer(
        string="Retention Years", config_parameter="hr_tech_service.commission_retention_years"
    )
    tsm_quantity_report_deadline_day = fields.Integer(
        string="Report Deadline Day",
        config_parameter="hr_tech_service.quantity_report_deadline_day",
    )
    tsm_quantity_max_metres = fields.Float(
        string="Maximum Metres per Line", config_parameter="hr_tech_service.quantity_max_metres"
    )
    tsm_day_rate_amount = fields.Float(
        string="Day Rate", config_parameter="hr_tech_service.day_rate_amount"
    )
    tsm_repair_fee_min = fields.Float(
        string="Repair Fee From", config_parameter="hr_tech_service.repair_fee_min"
    )
    tsm_repair_fee_max = fields.Float(
        string="Repair Fee To", config_parameter="hr_tech_service.repair_fee_max"
    )

    def action_tsm_open_pipe_rates(self):
        return self.env["ir.actions.act_window"]._for_xml_id("hr_tech_service.tsm_pipe_rate_action")
