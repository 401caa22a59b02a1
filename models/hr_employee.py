from odoo import api, fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    tsm_grade_id = fields.Many2one(
        "tsm.service.grade",
        string="Service Grade",
        tracking=True,
        check_company=True,
        help="Service grade, e.g. welder grade 1-8; payroll reads its pay figures.",
    )
    tsm_grade_date = fields.Date(
        string="In Grade Since",
        tracking=True,
        help="Date the employee entered the current service grade.",
    )
    tsm_hire_date = fields.Date(string="Hire Date", tracking=True)
    tsm_probation_end = fields.Date(
        string="Probation End",
        tracking=True,
        help="Last day of probation (试用期). Until then the employee is a new employee: "
        "new-employee trip allowance and no piece commission.",
    )
    tsm_in_probation = fields.Boolean(
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
    tsm_is_area_leader = fields.Boolean(string="Area Leader", compute="_compute_tsm_is_area_leader")

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
