from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.commission_vocabulary import ENG_MANAGER, PIPE_KINDS, RELEASE_STATES


class TsmCommissionLine(models.Model):
    """One crew member's part of a verified quantity report, per pipe kind
    (RULES.md §4.4, §4.7): the metres at their share and the commission they
    earned. Written by tsm.quantity.report._tsm_verify only; the analysis
    (pivot) and the commission metrics read it."""

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
        help="In probation in the reported month: no piece commission (§3.4, §4.7).",
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


class TsmCommissionRelease(models.Model):
    """The release of an employee's retention on a job (the last 10%), paid
    on the employee's request once two years have passed since completion
    (§4.4). The employee requests it (tsm.job.action_request_retention); an
    engineering manager who is not the employee releases it into a COMM_RET
    pay line, which payroll approves like any other."""

    _name = "tsm.commission.release"
    _description = "Commission Retention Release"
    _inherit = ["tsm.pay.source.mixin", "tsm.guard.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # Requests and releases are made by their buttons only.
    _tsm_policy = ()

    job_id = fields.Many2one("tsm.job", required=True, index=True, readonly=True)
    employee_id = fields.Many2one("hr.employee", required=True, index=True, readonly=True)
    company_id = fields.Many2one(related="job_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(string="Requested On", required=True, readonly=True)
    amount = fields.Monetary(readonly=True)
    state = fields.Selection(
        RELEASE_STATES, default="requested", required=True, index=True, readonly=True, copy=False
    )
    requested_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    released_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    released_date = fields.Date(string="Released On", readonly=True, copy=False)

    _sql_constraints = [
        (
            "job_employee_uniq",
            "unique(job_id, employee_id)",
            "The retention of a job is released once per employee.",
        ),
    ]

    @api.depends("job_id", "employee_id")
    def _compute_display_name(self):
        for release in self:
            release.display_name = f"{release.job_id.name} {release.employee_id.name}"

    def action_release(self):
        self._tsm_release()
        return True

    def _tsm_release(self, day=None):
        """Release the requested retentions into COMM_RET pay lines dated
        ``day`` (today). An engineering manager releases them, never the
        employee paid nor the one who asked."""
        self._tsm_require(ENG_MANAGER, action=self.env._("release retentions"))
        if any(release.state != "requested" for release in self):
            raise UserError(self.env._("Only requested retentions can be released."))
        day = day or fields.Date.context_today(self)
        for release in self:
            release._tsm_check_other_actor(
                release.sudo().employee_id.user_id | release.requested_by_id,
                self.env._("release"),
                record=release.job_id,
            )
        lines = self.sudo()._tsm_sync_pay_lines(
            [
                {
                    "source": release,
                    "employee_id": release.employee_id.id,
                    "code": "COMM_RET",
                    "date": day,
                    "amount": release.amount,
                    "name": self.env._("Commission retention of job %s", release.job_id.name),
                }
                for release in self
            ]
        )
        self.sudo().write(
            {"state": "released", "released_by_id": self.env.uid, "released_date": day}
        )
        return lines
