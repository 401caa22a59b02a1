from collections import defaultdict
from datetime import date

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools.misc import format_date

from ..tools.appraisal_vocabulary import HR_OFFICER


class HrEmployee(models.Model):
    """The employee's appraisals: the smart button, this year's grade grid
    on the form and the yearly cases. They read the addon's records: they
    are for the addon's HR role."""

    _inherit = "hr.employee"

    tsm_appraisal_count = fields.Integer(
        string="Appraisals", compute="_compute_tsm_appraisal_count", groups=HR_OFFICER
    )
    tsm_appraisal_grid = fields.Html(
        string="Grades This Year",
        compute="_compute_tsm_appraisal_grid",
        sanitize=False,
        groups=HR_OFFICER,
    )
    tsm_flag_ids = fields.One2many(
        "tsm.appraisal.flag", "employee_id", string="Yearly Cases", groups=HR_OFFICER
    )

    def _compute_tsm_appraisal_count(self):
        self._tsm_count_per_employee(
            "tsm_appraisal_count", "tsm.appraisal.sheet", [("state", "!=", "cancel")]
        )

    @api.depends_context("tsm_grid_year")
    def _compute_tsm_appraisal_grid(self):
        """A year of monthly grades per template: one row per template, one
        column per month (the employee form's year grid)."""
        year = self.env.context.get("tsm_grid_year") or fields.Date.context_today(self).year
        groups = self.env["tsm.appraisal.sheet"]._read_group(
            [
                ("employee_id", "in", self.ids),
                ("state", "=", "approved"),
                ("date_start", ">=", f"{year}-01-01"),
                ("date_start", "<=", f"{year}-12-31"),
            ],
            ["employee_id", "template_id", "date_start:month", "band_id"],
            ["total:max"],
        )
        cells = defaultdict(dict)
        for employee, template, month, band, total in groups:
            cells[(employee, template)][month.month] = (band, total)
        months = [format_date(self.env, date(year, m, 1), date_format="MMM") for m in range(1, 13)]
        for employee in self:
            rows = [(template, cell) for (emp, template), cell in cells.items() if emp == employee]
            if not rows:
                employee.tsm_appraisal_grid = Markup("<p class='text-muted'>%s</p>") % self.env._(
                    "No approved appraisal in %s.", year
                )
                continue
            html = (
                Markup(
                    "<table class='table table-sm table-bordered text-center o_tsm_grid'>"
                    "<thead><tr><th>%s</th>"
                )
                % year
            )
            html += Markup("").join(Markup("<th>%s</th>") % month for month in months)
            html += Markup("</tr></thead><tbody>")
            for template, cell in rows:
                html += Markup("<tr><td class='text-start'>%s</td>") % template.name
                for m in range(1, 13):
                    band, total = cell.get(m, (None, None))
                    html += (
                        Markup("<td title='%s'>%s</td>") % (total, band.name)
                        if band
                        else Markup("<td/>")
                    )
                html += Markup("</tr>")
            employee.tsm_appraisal_grid = html + Markup("</tbody></table>")

    def action_tsm_view_appraisals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hr_tech_service.tsm_appraisal_sheet_action"
        )
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {"search_default_group_month": 0}
        return action
