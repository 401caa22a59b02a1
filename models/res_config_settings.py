from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    tsm_pay_period_start_day = fields.Integer(
        related="company_id.tsm_pay_period_start_day", readonly=False
    )
    tsm_allow_dual_role = fields.Boolean(related="company_id.tsm_allow_dual_role", readonly=False)


class ResConfigSettingsTrips(models.TransientModel):
    _inherit = "res.config.settings"

    tsm_trip_alert_user_id = fields.Many2one(
        related="company_id.tsm_trip_alert_user_id", readonly=False
    )
    tsm_trip_absence_alert_days = fields.Integer(
        string="Consecutive Flagged Days Alerting HR",
        config_parameter="hr_tech_service.trip_absence_alert_days",
        help="A traveller with this many consecutive days flagged (no daily report, "
        "unreachable) raises an HR activity. 0: no alert.",
    )
    tsm_trip_unreachable_hours = fields.Integer(
        string="Hours Unreachable Counting as Absence",
        config_parameter="hr_tech_service.trip_unreachable_hours",
        help="Being unreachable for more than this many hours without contacting the "
        "manager can be flagged.",
    )

    def action_tsm_open_allowance_rules(self):
        """The allowance rule table, for those who configure it."""
        self.env["tsm.allowance.rule"]._tsm_require(
            "hr_tech_service.group_tsm_hr_manager", action=self.env._("configure allowance rules")
        )
        return self.env["ir.actions.act_window"]._for_xml_id(
            "hr_tech_service.tsm_allowance_rule_action"
        )
