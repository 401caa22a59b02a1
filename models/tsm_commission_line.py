from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.commission_vocabulary import PIPE_KINDS


class TsmCommissionLine(models.Model):
    """One crew member's part of a verified quantity report, per pipe kind:
    the metres at their share and the commission they earned. Written by
    tsm.quantity.report._tsm_verify only; the analysis (pivot) and the
    commission metrics read it."""

    _name = "tsm.commission.line"
    _description = "Commission Line"
    _inherit = ["tsm.guard.mixin"]
    _order = "date desc, job_id, employee_id, id"
    _check_company_auto = True
    # No user writes a commission line: verification creates them.
    _tsm_policy = ()

    report_id = fields.Many2one(
        "tsm.quantity.report", required=True, ondelete="cascade", index=True, readonly=True
    )
    job_id = fields.Many2one("tsm.job", required=True, index=True, readonly=True)
    employee_id = fields.Many2one("hr.employee", required=True, index=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(string="Month", required=True, index=True, readonly=True)
    pipe_kind = fields.Selection(PIPE_KINDS, readonly=True)
    share = fields.Float(
        string="Paid Share (%)",
        digits=(16, 4),
        readonly=True,
        aggregator=None,
        help="After redistribution of probation members' shares, when the company does so.",
    )
    metres = fields.Float(
        digits=(16, 2), readonly=True, help="The report's metres at the agreed share."
    )
    amount = fields.Monetary(string="Earned", readonly=True)
    excluded = fields.Boolean(
        string="No Commission (Probation)",
        readonly=True,
        help="In probation in the reported month: no piece commission.",
    )
    excluded_amount = fields.Monetary(
        string="Dropped",
        readonly=True,
        help="The commission of the agreed share that a probation member did not get.",
    )

    @api.model
    def _tsm_action_my_statement(self):
        """Print the current user's own commission statement (menu)."""
        employee = self.env.user.employee_id
        if not employee:
            raise UserError(self.env._("Your user has no employee."))
        return self.env.ref("hr_tech_service.action_report_commission_statement").report_action(
            employee
        )

    @api.model
    def _tsm_metric_commission(self, metric, employees, date_from, date_to):
        """commission_metres / commission_earned: metres (at the share) and
        commission earned on the quantity reports of the months in the period
        (one grouped query)."""
        field = "metres" if metric.code == "commission_metres" else "amount"
        groups = self.sudo()._read_group(
            [
                ("employee_id", "in", employees.ids),
                ("date", ">=", date_from.replace(day=1)),
                ("date", "<=", date_to),
            ],
            ["employee_id"],
            [f"{field}:sum"],
        )
        return {employee.id: value for employee, value in groups}
