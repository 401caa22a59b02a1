from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools.flow import flow, in_flow
from ..tools.ticket_vocabulary import HR_MANAGER, PARAM_PREFIX

# The settings an HR Manager saves without being a Settings administrator.
HR_SETTINGS_PREFIX = "tsm_ticket_"


class ResConfigSettingsTickets(models.TransientModel):
    _inherit = "res.config.settings"

    tsm_ticket_rating_values = fields.Char(
        string="Allowed Self-ratings",
        config_parameter=PARAM_PREFIX + "rating_values",
        help="Comma-separated values an engineer may rate a job (RULES.md §2.3).",
    )
    tsm_ticket_standard_points = fields.Float(
        string="Monthly Standard Points", config_parameter=PARAM_PREFIX + "standard_points"
    )
    tsm_ticket_efficiency_cap = fields.Float(
        string="Efficiency Cap",
        config_parameter=PARAM_PREFIX + "efficiency_cap",
        help="Highest efficiency value; 0: no cap.",
    )
    tsm_ticket_workload_weight = fields.Float(
        string="Workload Points", config_parameter=PARAM_PREFIX + "workload_weight"
    )
    tsm_ticket_customer_weight = fields.Float(
        string="Customer Evaluation Points", config_parameter=PARAM_PREFIX + "customer_weight"
    )
    tsm_ticket_dissatisfied_deduction = fields.Float(
        string="Deduction per Dissatisfied Callback",
        config_parameter=PARAM_PREFIX + "dissatisfied_deduction",
    )
    tsm_ticket_worklog_weight = fields.Float(
        string="Work Log Points", config_parameter=PARAM_PREFIX + "worklog_weight"
    )
    tsm_ticket_worklog_deduction = fields.Float(
        string="Deduction per Unqualified Work Log",
        config_parameter=PARAM_PREFIX + "worklog_deduction",
    )
    tsm_ticket_form_weight = fields.Float(
        string="Ticket Form Points", config_parameter=PARAM_PREFIX + "form_weight"
    )
    tsm_ticket_form_deduction = fields.Float(
        string="Deduction per Unqualified Form", config_parameter=PARAM_PREFIX + "form_deduction"
    )
    tsm_ticket_repeat_days = fields.Integer(
        string="Repeat Fault Window (days)", config_parameter=PARAM_PREFIX + "repeat_days"
    )
    tsm_ticket_area_workload_per_device = fields.Float(
        string="Area Workload per Device",
        config_parameter=PARAM_PREFIX + "area_workload_per_device",
    )

    # ------------------------------------------------------------------
    # The Technical Service settings page is shown to the HR Manager
    # (views/hr_tech_service_menus.xml), who is no Settings administrator:
    # Odoo's execute() saves only for administrators. An HR Manager who is
    # not one reads and saves the service-ticket figures, and nothing else
    # of the page (other settings would reach far beyond the addon).
    # ------------------------------------------------------------------
    @api.model
    def _tsm_hr_settings(self):
        return [name for name in self._fields if name.startswith(HR_SETTINGS_PREFIX)]

    @api.model
    def _tsm_check_hr_manager(self):
        if not self.env.user.has_group(HR_MANAGER):
            raise AccessError(
                self.env._("Only an HR Manager or an administrator changes these settings.")
            )

    @api.model
    def default_get(self, fields_list):
        if self.env.is_admin() or in_flow(self.env):
            return super().default_get(fields_list)
        self._tsm_check_hr_manager()
        values = super(ResConfigSettingsTickets, flow(self)).default_get(fields_list)
        allowed = {*self._tsm_hr_settings(), "company_id"}
        return {name: value for name, value in values.items() if name in allowed}

    def get_values(self):
        if not (self.env.is_admin() or in_flow(self.env)):
            raise AccessError(self.env._("Only an administrator reads all settings."))
        return super().get_values()

    def set_values(self):
        if not self.env.is_admin():
            raise AccessError(self.env._("Only an administrator saves all settings."))
        return super().set_values()

    def execute(self):
        if self.env.is_admin():
            return super().execute()
        self.ensure_one()
        self._tsm_check_hr_manager()
        params = self.env["ir.config_parameter"].sudo()
        for name in self._tsm_hr_settings():
            field = self._fields[name]
            value = self[name]
            if field.type == "char":
                value = (value or "").strip() or False
            elif field.type in ("integer", "float"):
                value = repr(value) if value else False
            if params.get_param(field.config_parameter) not in (value, str(value)):
                params.set_param(field.config_parameter, value)
        return {"type": "ir.actions.client", "tag": "reload"}
