from odoo import api, fields, models

from ..tools.ticket_vocabulary import parse_rating_values


class ResCompanyTickets(models.Model):
    """The company's figures of the service-ticket rules, read through
    tools/settings.py; their shipped values are ir.default data
    (data/tsm_ticket_data.xml)."""

    _inherit = "res.company"

    tsm_ticket_rating_values = fields.Char(
        string="Allowed Self-ratings",
        help="Comma-separated values an engineer may rate a job.",
    )
    tsm_ticket_standard_points = fields.Float(string="Monthly Standard Points")
    tsm_ticket_efficiency_cap = fields.Float(
        string="Efficiency Cap", help="Highest efficiency value; 0: no cap."
    )
    tsm_ticket_workload_weight = fields.Float(string="Workload Points")
    tsm_ticket_customer_weight = fields.Float(string="Customer Evaluation Points")
    tsm_ticket_dissatisfied_deduction = fields.Float(string="Deduction per Dissatisfied Callback")
    tsm_ticket_worklog_weight = fields.Float(string="Work Log Points")
    tsm_ticket_worklog_deduction = fields.Float(string="Deduction per Unqualified Work Log")
    tsm_ticket_form_weight = fields.Float(string="Ticket Form Points")
    tsm_ticket_form_deduction = fields.Float(string="Deduction per Unqualified Form")
    tsm_ticket_repeat_days = fields.Integer(string="Repeat Fault Window (days)")
    tsm_ticket_area_workload_per_device = fields.Float(string="Area Workload per Device")

    @api.constrains("tsm_ticket_rating_values")
    def _check_tsm_ticket_rating_values(self):
        # Refused when saved, rather than on every ticket afterwards.
        for company in self:
            parse_rating_values(self.env, company.tsm_ticket_rating_values)
