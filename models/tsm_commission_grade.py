from odoo import api, fields, models

from ..tools.commission_vocabulary import HR_MANAGER
from ..tools.policy import Allow


class TsmServiceGrade(models.Model):
    """A service grade (e.g. welder grade 1-8) and the monthly
    pay figures payroll reads for it. The addon does not compute salaries."""

    _name = "tsm.service.grade"
    _description = "Service Grade"
    _inherit = ["tsm.guard.mixin"]
    _order = "level, id"
    _check_company_auto = True
    # Configuration: the HR manager keeps the grades and their pay figures.
    _tsm_policy = (Allow("*", groups=HR_MANAGER), Allow(on="unlink", groups=HR_MANAGER))

    name = fields.Char(required=True, translate=True)
    level = fields.Integer(required=True, help="Higher levels are higher grades.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        help="The company currency (CNY by default).",
    )
    base_salary = fields.Monetary(help="Monthly base salary of the grade.")
    field_allowance = fields.Monetary(help="Monthly field (site) allowance.")
    probation_base = fields.Monetary(string="Probation Base Salary")
    probation_allowance = fields.Monetary(string="Probation Post Allowance")
    guaranteed_minimum = fields.Monetary(help="Guaranteed monthly minimum pay.")
    min_months_for_promotion = fields.Integer(
        string="Months Before Promotion",
        default=6,
        help="Months an employee must have held this grade before a promotion to a higher one.",
    )
    promotion_needs_test = fields.Boolean(
        string="Promotion Needs a Passed Test",
        default=True,
        help="A theory and skill test must be passed before promotion to a higher grade.",
    )
    employee_count = fields.Integer(compute="_compute_employee_count")

    _sql_constraints = [
        (
            "level_company_uniq",
            "unique(level, company_id)",
            "Two grades cannot have the same level.",
        ),
    ]

    @api.depends("company_id")
    def _compute_currency_id(self):
        for grade in self:
            grade.currency_id = (grade.company_id or self.env.company).currency_id

    def _compute_employee_count(self):
        counts = dict(
            self.env["hr.employee"]._read_group(
                [("tsm_grade_id", "in", self.ids)], ["tsm_grade_id"], ["__count"]
            )
        )
        for grade in self:
            grade.employee_count = counts.get(grade, 0)
