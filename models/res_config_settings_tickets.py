from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools.flow import flow, in_flow
from ..tools.ticket_vocabulary import HR_MANAGER

# The settings an HR Manager saves without being a Settings administrator.
HR_SETTINGS_PREFIX = "tsm_ticket_"


class ResConfigSettingsTickets(models.TransientModel):
    _inherit = "res.config.settings"

    tsm_ticket_rating_values = fields.Char(
        related="company_id.tsm_ticket_rating_values", readonly=False
    )
    tsm_ticket_standard_points = fields.Float(
        related="company_id.tsm_ticket_standard_points", readonly=False
    )
    tsm_ticket_efficiency_cap = fields.Float(
        related="company_id.tsm_ticket_efficiency_cap", readonly=False
    )
    tsm_ticket_workload_weight = fields.Float(
        related="company_id.tsm_ticket_workload_weight", readonly=False
    )
    tsm_ticket_customer_weight = fields.Float(
        related="company_id.tsm_ticket_customer_weight", readonly=False
    )
    tsm_ticket_dissatisfied_deduction = fields.Float(
        related="company_id.tsm_ticket_dissatisfied_deduction", readonly=False
    )
    tsm_ticket_worklog_weight = fields.Float(
        related="company_id.tsm_ticket_worklog_weight", readonly=False
    )
    tsm_ticket_worklog_deduction = fields.Float(
        related="company_id.tsm_ticket_worklog_deduction", readonly=False
    )
    tsm_ticket_form_weight = fields.Float(
        related="company_id.tsm_ticket_form_weight", readonly=False
    )
    tsm_ticket_form_deduction = fields.Float(
        related="company_id.tsm_ticket_form_deduction", readonly=False
    )
    tsm_ticket_repeat_days = fields.Integer(
        related="company_id.tsm_ticket_repeat_days", readonly=False
    )
    tsm_ticket_area_workload_per_device = fields.Float(
        related="company_id.tsm_ticket_area_workload_per_device", readonly=False
    )

    # ------------------------------------------------------------------
    # The Technical Service settings page is shown to the HR Manager
    # (views/hr_tech_service_menus.xml), who is no Settings administrator:
    # Odoo's execute() saves only for administrators, and the company's
    # fields are written by those who may write the company. An HR Manager
    # who is not an administrator reads and saves the service-ticket figures
    # of their own companies, and nothing else of the page (other settings
    # would reach far beyond the addon).
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

    @api.model_create_multi
    def create(self, vals_list):
        """Saving the page (the client creates the record, then calls
        execute()): for an HR Manager who is no administrator, the ticket
        figures are written to their company as superuser, and the rest of
        what the page sends is dropped."""
        if self.env.is_admin() or in_flow(self.env):
            return super().create(vals_list)
        self._tsm_check_hr_manager()
        allowed = {*self._tsm_hr_settings(), "company_id"}
        kept = [
            {name: value for name, value in vals.items() if name in allowed} for vals in vals_list
        ]
        companies = self.env["res.company"].browse(
            {vals["company_id"] for vals in kept if vals.get("company_id")}
        )
        if companies - self.env.companies:
            raise AccessError(
                self.env._("Only an HR Manager or an administrator changes these settings.")
            )
        return super(ResConfigSettingsTickets, self.sudo()).create(kept).with_env(self.env)

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
        # create() saved the ticket figures already.
        return {"type": "ir.actions.client", "tag": "reload"}
