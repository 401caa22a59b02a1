from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.commission_vocabulary import ENG_MANAGER, RELEASE_STATES


class TsmCommissionRelease(models.Model):
    """The release of an employee's retention on a job (the last 10%), paid
    on the employee's request once two years have passed since completion.
    The employee requests it (tsm.job.action_request_retention); an
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

    def _tsm_notify_request(self):
        """Note each requested retention on its job and give the job's
        engineering manager a to-do to release it."""
        for release in self:
            note = self.env._(
                "%(employee)s requests the release of their retention (%(amount)s %(currency)s).",
                employee=release.employee_id.name,
                amount=release.amount,
                currency=release.currency_id.name,
            )
            release.job_id.message_post(body=note, subtype_xmlid="mail.mt_note")
            if release.job_id.manager_id:
                release.job_id.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=release.job_id.manager_id.id,
                    summary=self.env._("Release a retention"),
                    note=note,
                )
