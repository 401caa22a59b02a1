from odoo import fields, models

from .tsm_ticket_vocabulary import PARAM_PREFIX


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
