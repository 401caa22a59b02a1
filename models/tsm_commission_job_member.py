from odoo import api, fields, models

from ..tools.commission_crew import in_job_crew_write
from ..tools.commission_vocabulary import ENG_MANAGER, OPEN_JOB_STATES
from ..tools.policy import Allow


class TsmJobMember(models.Model):
    """A crew member of a job and the agreed share of its commission;
    the shares of a crew add up to 100% (equal when not set)."""

    _name = "tsm.job.member"
    _description = "Job Crew Member"
    _inherit = ["tsm.guard.mixin"]
    _order = "job_id, id"
    _check_company_auto = True
    # The engineering manager sets the crew and its shares while the job
    # runs, never of a job they lead or are crew of; a line never moves to
    # another job.
    _tsm_state_field = "job_state"
    _tsm_policy = (
        Allow(
            "job_id employee_id share",
            groups=ENG_MANAGER,
            states=OPEN_JOB_STATES,
            who="_tsm_is_not_paid_from",
            on="create",
        ),
        Allow(
            "employee_id share",
            groups=ENG_MANAGER,
            states=OPEN_JOB_STATES,
            who="_tsm_is_not_paid_from",
            on="write",
        ),
        Allow(on="unlink", groups=ENG_MANAGER, states=OPEN_JOB_STATES, who="_tsm_is_not_paid_from"),
    )

    job_id = fields.Many2one("tsm.job", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="job_id.company_id", store=True, index=True)
    job_state = fields.Selection(related="job_id.state", string="Job State")
    employee_id = fields.Many2one("hr.employee", required=True, index=True, check_company=True)
    share = fields.Float(string="Share (%)", digits=(16, 2))
    in_probation = fields.Boolean(
        compute="_compute_in_probation",
        help="In probation (a new employee) today: no piece commission.",
    )

    _sql_constraints = [
        ("job_employee_uniq", "unique(job_id, employee_id)", "An employee is twice in the crew."),
        ("share_check", "CHECK(share >= 0 AND share <= 100)", "A share is between 0 and 100%."),
    ]

    def _tsm_is_not_paid_from(self):
        """The crew lines of jobs the current user may set the crew of."""
        return self.filtered(lambda member: member.job_id._tsm_is_not_paid_from())

    @api.depends("job_id", "employee_id")
    def _compute_display_name(self):
        for member in self:
            member.display_name = f"{member.job_id.name} {member.employee_id.sudo().name}"

    @api.depends("employee_id")
    def _compute_in_probation(self):
        today = fields.Date.context_today(self)
        for member in self:
            member.in_probation = member.employee_id.sudo()._tsm_in_probation_on(today)

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        if not in_job_crew_write(self.env):
            members.job_id._tsm_default_shares()
            members.job_id._tsm_check_shares()
        return members

    def write(self, vals):
        res = super().write(vals)
        if not in_job_crew_write(self.env) and {"share", "job_id"} & set(vals):
            self.job_id._tsm_check_shares()
        return res

    def unlink(self):
        jobs = self.job_id
        res = super().unlink()
        if not in_job_crew_write(self.env):
            jobs._tsm_check_shares()
        return res
