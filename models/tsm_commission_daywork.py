from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.commission_vocabulary import ENG_MANAGER
from ..tools.flow import flow
from ..tools.policy import Allow
from ..tools.settings import setting

DAYWORK_FIELDS = "job_id employee_id date days name"


class TsmJobDaywork(models.Model):
    """Work on a job that cannot be counted by the piece, paid by the day
    (80 CNY a day, a setting); approved by the engineering manager into
    DAY_RATE pay lines."""

    _name = "tsm.job.daywork"
    _description = "Day-rate Work"
    _inherit = ["tsm.pay.source.mixin", "tsm.guard.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # The job lead enters the day-rate work of their job as a draft; the
    # engineering manager may also, and alone sets another day rate than the
    # setting's. Approval is a button; approved work is never changed.
    _tsm_policy = (
        Allow(DAYWORK_FIELDS, states=("draft",), who="_tsm_is_job_lead"),
        Allow(f"{DAYWORK_FIELDS} rate", groups=ENG_MANAGER, states=("draft",)),
        Allow(on="unlink", states=("draft",), who="_tsm_is_job_lead"),
        Allow(on="unlink", groups=ENG_MANAGER, states=("draft",)),
    )

    job_id = fields.Many2one("tsm.job", required=True, index=True, check_company=True)
    company_id = fields.Many2one(related="job_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    employee_id = fields.Many2one("hr.employee", required=True, index=True, check_company=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    days = fields.Float(required=True, default=1.0, digits=(16, 2))
    rate = fields.Monetary(
        string="Day Rate", default=lambda self: setting(self.env.company, "day_rate_amount")
    )
    amount = fields.Monetary(compute="_compute_amount", store=True)
    name = fields.Char(string="Work Done", required=True)
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved")],
        default="draft",
        required=True,
        index=True,
        copy=False,
    )

    @api.depends("days", "rate")
    def _compute_amount(self):
        for work in self:
            work.amount = work.currency_id.round(work.days * work.rate)

    @api.constrains("days", "rate")
    def _check_days(self):
        for work in self:
            if not 0 < work.days <= 31 or work.rate < 0:
                raise ValidationError(
                    self.env._("Day-rate work is between 0 and 31 days at a positive rate.")
                )

    @api.constrains("job_id", "employee_id")
    def _check_crew(self):
        for work in self:
            job = work.job_id.sudo()
            if work.employee_id not in job.job_lead_id | job.member_ids.employee_id:
                raise ValidationError(
                    self.env._(
                        "%(employee)s is neither the lead nor on the crew of job %(job)s.",
                        employee=work.employee_id.sudo().name,
                        job=job.name,
                    )
                )

    def _tsm_is_job_lead(self):
        """The work on jobs the current user leads."""
        user = self.env.user
        return self.filtered(lambda work: work.job_id.sudo().job_lead_id.user_id == user)

    def action_approve(self):
        self._tsm_approve()
        return True

    def _tsm_approve(self):
        """Approve the day-rate work (many at once) into DAY_RATE pay lines;
        an engineering manager approves, never their own work."""
        self._tsm_require(ENG_MANAGER, action=self.env._("approve day-rate work"))
        if any(work.state != "draft" for work in self):
            raise UserError(self.env._("Only draft day-rate work can be approved."))
        for work in self:
            work._tsm_check_other_actor(work.sudo().employee_id.user_id, self.env._("approve"))
        lines = self._tsm_sync_pay_lines(
            [
                {
                    "source": work,
                    "employee_id": work.employee_id.id,
                    "code": "DAY_RATE",
                    "date": work.date,
                    "amount": work.amount,
                    "quantity": work.days,
                    "rate": work.rate,
                    "name": self.env._(
                        "Day-rate work on %(job)s: %(work)s", job=work.job_id.name, work=work.name
                    ),
                }
                for work in self
            ]
        )
        flow(self).write({"state": "approved"})
        return lines
