from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools.policy import Allow

# Who may read any employee's pay figures through the tech_service_* methods:
# this addon's payroll and HR roles, and the payroll engines' users (their
# salary rules run as the user computing the payslip).
TSM_HR = "hr_tech_service.group_tsm_hr_officer"
PAY_READER_GROUPS = (
    "hr_tech_service.group_tsm_payroll",
    "hr_tech_service.group_tsm_hr_officer",
    "payroll.group_payroll_user",
    "hr_payroll.group_hr_payroll_user",
)


class HrEmployee(models.Model):
    _name = "hr.employee"
    _inherit = ["hr.employee", "tsm.guard.mixin"]
    # The addon's fields on the employee (Odoo's own stay as Odoo has them):
    # HR keeps a colleague's employment data; a service grade is given once,
    # then changes only through an approved grade promotion; nobody edits
    # their own.
    _tsm_policy = (
        Allow(
            "tsm_hire_date tsm_probation_end tsm_area_id",
            groups="hr.group_hr_user",
            who="_tsm_not_self",
        ),
        Allow(
            "tsm_grade_id tsm_grade_date",
            groups=TSM_HR,
            who="_tsm_without_grade",
        ),
    )

    tsm_grade_id = fields.Many2one(
        "tsm.service.grade",
        groups="hr.group_hr_user",
        string="Service Grade",
        tracking=True,
        check_company=True,
        help="Service grade, e.g. welder grade 1-8; payroll reads its pay figures.",
    )
    tsm_grade_date = fields.Date(
        groups="hr.group_hr_user",
        string="In Grade Since",
        tracking=True,
        help="Date the employee entered the current service grade.",
    )
    tsm_hire_date = fields.Date(string="Hire Date", tracking=True, groups="hr.group_hr_user")
    tsm_probation_end = fields.Date(
        groups="hr.group_hr_user",
        string="Probation End",
        tracking=True,
        help="Last day of probation (试用期). Until then the employee is a new employee: "
        "new-employee trip allowance and no piece commission.",
    )
    tsm_in_probation = fields.Boolean(
        groups="hr.group_hr_user",
        string="In Probation",
        compute="_compute_tsm_in_probation",
        search="_search_tsm_in_probation",
    )
    tsm_area_id = fields.Many2one(
        "tsm.area",
        string="Service Area",
        tracking=True,
        index="btree_not_null",
        check_company=True,
    )
    tsm_is_area_leader = fields.Boolean(
        string="Area Leader", compute="_compute_tsm_is_area_leader", groups="hr.group_hr_user"
    )
    # The smart buttons and grids below read the addon's records: they are for
    # the addon's HR role (an Odoo HR officer without it opens employees as usual).
    tsm_pay_line_count = fields.Integer(
        string="Pay Lines", compute="_compute_tsm_pay_line_count", groups=TSM_HR
    )

    def _tsm_not_self(self):
        return self.filtered(lambda employee: employee.user_id != self.env.user)

    def _tsm_without_grade(self):
        """Employees who have no service grade yet (their first one is given
        by HR; later ones come from promotions), other than oneself."""
        return self._tsm_not_self().sudo().filtered(lambda e: not e.tsm_grade_id).with_env(self.env)

    @api.depends("tsm_probation_end")
    def _compute_tsm_in_probation(self):
        today = fields.Date.context_today(self)
        for employee in self:
            employee.tsm_in_probation = employee._tsm_in_probation_on(today)

    def _search_tsm_in_probation(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search on In Probation."))
        today = fields.Date.context_today(self)
        in_probation = [("tsm_probation_end", ">=", today)]
        positive = (operator == "=") == value
        if positive:
            return in_probation
        return ["|", ("tsm_probation_end", "=", False), ("tsm_probation_end", "<", today)]

    @api.depends("tsm_area_id.leader_id")
    def _compute_tsm_is_area_leader(self):
        for employee in self:
            employee.tsm_is_area_leader = employee.tsm_area_id.leader_id == employee

    def _tsm_in_probation_on(self, day):
        """Whether the employee is in probation (a new employee) on ``day``."""
        self.ensure_one()
        return bool(self.tsm_probation_end and day <= self.tsm_probation_end)

    # ------------------------------------------------------------------
    # Pay lines: what payroll reads
    # ------------------------------------------------------------------
    def _tsm_count_per_employee(self, field, model, domain=(), sudo=False):
        """Set ``field`` (a smart button's count) of each employee to the
        number of ``model`` records of theirs matching ``domain``, in one
        grouped query."""
        Model = self.env[model].sudo() if sudo else self.env[model]
        counts = dict(
            Model._read_group(
                [("employee_id", "in", self.ids), *domain], ["employee_id"], ["__count"]
            )
        )
        for employee in self:
            employee[field] = counts.get(employee._origin, 0)

    def _compute_tsm_pay_line_count(self):
        self._tsm_count_per_employee(
            "tsm_pay_line_count", "tsm.pay.line", [("state", "!=", "cancel")]
        )

    def action_tsm_view_pay_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hr_tech_service.tsm_pay_line_action"
        )
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {"default_employee_id": self.id, "search_default_group_period": 1}
        return action

    def tech_service_pay_amount(self, code=None, date_from=None, date_to=None):
        """Total of the employee's approved (and since paid) pay lines.

        Public API for payroll, e.g. in an OCA payroll salary rule::

            result = employee.tech_service_pay_amount("TRIP_ALLOW",
                                                      payslip.date_from, payslip.date_to)

        :param code: a pay code (``"TRIP_ALLOW"``), a list of codes, or None for all
        :param date_from: first day (inclusive) of the lines' date, or None
        :param date_to: last day (inclusive), or None
        :return: the signed total in the company currency (a float)
        """
        self.ensure_one()
        self._tsm_check_pay_reader()
        return self._tech_service_pay_amounts(code, date_from, date_to).get(self.id, 0.0)

    def _tsm_check_pay_reader(self):
        """The public ``tech_service_*`` methods read as superuser: they answer
        payroll, HR and the employee themself, never a colleague."""
        user = self.env.user
        if self.env.su or any(user.has_group(group) for group in PAY_READER_GROUPS):
            return
        others = self.sudo().filtered(lambda employee: employee.user_id != user)
        if others:
            # An external-API call carries no language: answer in the caller's.
            env = self.env if self.env.lang else self.with_context(lang=user.lang).env
            raise AccessError(
                env._(
                    "Only payroll, HR or the employee themself may read the pay figures of %s.",
                    ", ".join(others[:5].mapped("name")),
                )
            )

    def _tech_service_pay_amounts(self, code=None, date_from=None, date_to=None):
        """{employee id: approved total} for all employees of ``self`` in one query."""
        domain = [("employee_id", "in", self.ids), ("state", "in", ("approved", "paid"))]
        if code:
            domain.append(("code", "in", [code] if isinstance(code, str) else list(code)))
        if date_from:
            domain.append(("date", ">=", fields.Date.to_date(date_from)))
        if date_to:
            domain.append(("date", "<=", fields.Date.to_date(date_to)))
        groups = (
            self.env["tsm.pay.line"].sudo()._read_group(domain, ["employee_id"], ["amount:sum"])
        )
        return {employee.id: amount for employee, amount in groups}
