from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.exceptions import UserError

from ..tools.commission_vocabulary import HR_OFFICER
from ..tools.flow import flow
from ..tools.policy import Allow


class TsmGradePromotion(models.Model):
    """A request to move an employee to a higher grade: refused unless they
    held their grade the months it asks for (6) and passed the test."""

    _name = "tsm.grade.promotion"
    _description = "Grade Promotion"
    _inherit = ["mail.thread", "tsm.guard.mixin", "tsm.grade.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # HR prepares a promotion as a draft; an HR officer who is not the
    # employee approves it (the button), which sets the previous grade.
    _tsm_policy = (
        Allow("employee_id grade_id date test_id", groups=HR_OFFICER, states=("draft",)),
        Allow(on="unlink", groups=HR_OFFICER, states=("draft",)),
    )

    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, check_company=True, tracking=True
    )
    company_id = fields.Many2one(related="employee_id.company_id", store=True, index=True)
    from_grade_id = fields.Many2one(
        "tsm.service.grade", readonly=True, copy=False, check_company=True
    )
    grade_id = fields.Many2one(
        "tsm.service.grade", string="To Grade", required=True, check_company=True, tracking=True
    )
    date = fields.Date(string="Effective Date", required=True, default=fields.Date.context_today)
    test_id = fields.Many2one("tsm.grade.test", string="Passed Test", check_company=True)
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )

    def action_approve(self):
        self._tsm_approve()
        return True

    def _tsm_approve(self):
        """Approve the promotions: the employee's grade and its date change.
        Nobody approves their own promotion."""
        self._tsm_require(HR_OFFICER, action=self.env._("approve grade promotions"))
        for promotion in self:
            if promotion.state != "draft":
                raise UserError(self.env._("This promotion is already approved."))
            promotion._tsm_check_other_actor(
                promotion.employee_id.sudo().user_id, self.env._("approve")
            )
            promotion._tsm_check_rules()
            employee = promotion.employee_id.sudo()
            flow(promotion).write({"from_grade_id": employee.tsm_grade_id.id, "state": "approved"})
            flow(employee).write(
                {"tsm_grade_id": promotion.grade_id.id, "tsm_grade_date": promotion.date}
            )
        return True

    def _tsm_check_rules(self):
        self.ensure_one()
        employee = self.employee_id.sudo()
        current = employee.tsm_grade_id
        if current and self.grade_id.level <= current.level:
            raise UserError(
                self.env._(
                    "%(grade)s is not higher than %(current)s.",
                    grade=self.grade_id.name,
                    current=current.name,
                )
            )
        if current:
            months = current.min_months_for_promotion
            since = employee.tsm_grade_date
            earliest = since and since + relativedelta(months=months)
            if not since or self.date < earliest:
                raise UserError(
                    self.env._(
                        "%(employee)s has held %(grade)s since %(since)s: a promotion needs "
                        "%(months)s months in grade (from %(earliest)s).",
                        employee=employee.name,
                        grade=current.name,
                        since=since or "-",
                        months=months,
                        earliest=earliest or "-",
                    )
                )
        if current.promotion_needs_test if current else True:
            test = self.test_id or self.env["tsm.grade.test"].sudo().search(
                [
                    ("employee_id", "=", employee.id),
                    ("passed", "=", True),
                    ("date", "<=", self.date),
                    ("grade_id.level", ">=", self.grade_id.level),
                ],
                limit=1,
            )
            if not (
                test
                and test.passed
                and test.employee_id == employee
                and test.grade_id.level >= self.grade_id.level
            ):
                raise UserError(
                    self.env._(
                        "%(employee)s has no passed theory and skill test for %(grade)s.",
                        employee=employee.name,
                        grade=self.grade_id.name,
                    )
                )
            flow(self).test_id = test
