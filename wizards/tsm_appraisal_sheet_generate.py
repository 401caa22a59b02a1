from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.appraisal_vocabulary import HR_MANAGER
from ..tools.period import period_bounds


class TsmAppraisalSheetGenerate(models.TransientModel):
    """Generate the sheets of a template for a department or the company."""

    _name = "tsm.appraisal.sheet.generate"
    _description = "Generate Appraisal Sheets"

    template_id = fields.Many2one("tsm.appraisal.template", required=True)
    period_kind = fields.Selection(related="template_id.period_kind")
    day = fields.Date(
        string="Period Containing",
        default=fields.Date.context_today,
        help="Any day of the period to appraise.",
    )
    date_start = fields.Date(
        string="Period Start", compute="_compute_period", store=True, readonly=False
    )
    date_end = fields.Date(
        string="Period End", compute="_compute_period", store=True, readonly=False
    )
    label = fields.Char(string="Period", compute="_compute_period", store=True, readonly=False)
    scope = fields.Selection(
        [
            ("template", "Employees assigned to the template"),
            ("department", "Departments"),
            ("employee", "Chosen employees"),
        ],
        default="template",
        required=True,
    )
    department_ids = fields.Many2many("hr.department", string="Departments")
    employee_ids = fields.Many2many("hr.employee", string="Employees")
    start_review = fields.Boolean(
        default=True, help="Send the sheets to their first reviewers now."
    )

    @api.depends("template_id", "day")
    def _compute_period(self):
        for wizard in self:
            if wizard.template_id and wizard.period_kind != "assignment" and wizard.day:
                wizard.date_start, wizard.date_end, wizard.label = period_bounds(
                    wizard.period_kind, wizard.day
                )

    def _employees(self):
        company = self.env.company
        if self.scope == "department":
            return self.env["hr.employee"].search(
                [
                    ("department_id", "child_of", self.department_ids.ids),
                    ("company_id", "=", company.id),
                ]
            )
        if self.scope == "employee":
            return self.employee_ids
        return self.template_id._tsm_assigned_employees(company)

    def action_generate(self):
        self.ensure_one()
        self.env["tsm.appraisal.sheet"]._tsm_require(
            HR_MANAGER, action=self.env._("generate appraisal sheets")
        )
        if not (self.date_start and self.date_end) or self.date_end < self.date_start:
            raise UserError(self.env._("Give the period to appraise: a start and a later end."))
        employees = self._employees()
        if not employees:
            raise UserError(self.env._("No employee to appraise in this selection."))
        existing = (
            self.env["tsm.appraisal.sheet"]
            .sudo()
            .search_count(
                [
                    ("template_id", "=", self.template_id.id),
                    ("date_start", "=", self.date_start),
                    ("employee_id", "in", employees.ids),
                ]
            )
        )
        if existing == len(employees):
            raise UserError(
                self.env._(
                    "The sheets of %(template)s for %(period)s already exist for these employees.",
                    template=self.template_id.name,
                    period=self.label or self.date_start,
                )
            )
        sheets = self.env["tsm.appraisal.sheet"]._tsm_generate(
            self.template_id,
            employees,
            self.date_start,
            self.date_end,
            self.label,
            start_review=self.start_review,
        )
        return sheets._tsm_action_open()
