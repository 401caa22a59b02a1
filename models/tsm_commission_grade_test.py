from odoo import api, fields, models

from ..tools.commission_vocabulary import HR_OFFICER
from ..tools.policy import Allow

GRADE_TEST_FIELDS = "employee_id grade_id date theory_score skill_score passed note"


class TsmGradeTest(models.Model):
    """A theory and skill test (理论与技能考核) taken for a higher service
    grade."""

    _name = "tsm.grade.test"
    _description = "Grade Test"
    _inherit = ["tsm.guard.mixin", "tsm.grade.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # HR records the tests of others; a test an approved promotion relies on
    # no longer changes.
    _tsm_state_field = "usage"
    _tsm_policy = (
        Allow(GRADE_TEST_FIELDS, groups=HR_OFFICER, states=("free",), who="_tsm_is_not_own"),
        Allow(on="unlink", groups=HR_OFFICER, states=("free",), who="_tsm_is_not_own"),
    )

    employee_id = fields.Many2one("hr.employee", required=True, index=True, check_company=True)
    company_id = fields.Many2one(related="employee_id.company_id", store=True, index=True)
    grade_id = fields.Many2one(
        "tsm.service.grade", string="For Grade", required=True, check_company=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    theory_score = fields.Float(digits=(16, 2))
    skill_score = fields.Float(digits=(16, 2))
    passed = fields.Boolean()
    note = fields.Char()
    usage = fields.Selection(
        [("free", "Not used yet"), ("used", "Used by an approved promotion")],
        string="Use in Promotions",
        compute="_compute_usage",
    )

    def _compute_usage(self):
        used = set(
            self.env["tsm.grade.promotion"]
            .sudo()
            .search([("test_id", "in", self.ids), ("state", "=", "approved")])
            .test_id.ids
        )
        for test in self:
            test.usage = "used" if test.id in used else "free"

    @api.depends("employee_id", "grade_id", "date")
    def _compute_display_name(self):
        for test in self:
            test.display_name = f"{test.employee_id.name} {test.grade_id.name} {test.date}"
