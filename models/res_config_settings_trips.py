from odoo import api, fields, models

# The trip settings of the page, each a field of the company.
TRIP_SETTINGS = (
    "tsm_trip_alert_user_id",
    "tsm_trip_absence_alert_days",
    "tsm_trip_unreachable_hours",
)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    tsm_trip_alert_user_id = fields.Many2one(
        related="company_id.tsm_trip_alert_user_id", readonly=False
    )
    tsm_trip_absence_alert_days = fields.Integer(
        related="company_id.tsm_trip_absence_alert_days", readonly=False
    )
    tsm_trip_unreachable_hours = fields.Integer(
        related="company_id.tsm_trip_unreachable_hours", readonly=False
    )

    @api.model_create_multi
    def create(self, vals_list):
        # Odoo writes a related setting to the company when the page is
        # created, as the user: only a Settings administrator changes the
        # trip settings (another user's values for them are left out, as
        # Odoo's execute() saves nothing of the page for them).
        if not self.env.is_admin():
            for vals in vals_list:
                for name in TRIP_SETTINGS:
                    vals.pop(name, None)
        return super().create(vals_list)

    def action_tsm_open_allowance_rules(self):
        """The allowance rule table, for those who configure it."""
        self.env["tsm.allowance.rule"]._tsm_require(
            "hr_tech_service.group_tsm_hr_manager", action=self.env._("configure allowance rules")
        )
        return self.env["ir.actions.act_window"]._for_xml_id(
            "hr_tech_service.tsm_allowance_rule_action"
        )
