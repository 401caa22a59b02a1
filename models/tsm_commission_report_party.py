from odoo import models


class TsmQuantityReportParty(models.AbstractModel):
    """Who a quantity report (or one of its lines) concerns: the job lead
    who reports it, and the users paid from it (the job's lead and crew),
    who neither verify nor correct it."""

    _name = "tsm.quantity.report.party"
    _description = "Quantity Report Parties"

    def _tsm_report(self):
        raise NotImplementedError

    def _tsm_is_job_lead(self):
        """The records of the reports of jobs the current user leads."""
        user = self.env.user
        return self.filtered(
            lambda rec: rec._tsm_report().job_id.sudo().job_lead_id.user_id == user
        )

    def _tsm_is_uninvolved(self):
        """The records of reports of jobs the current user is neither lead
        nor crew of (or whose company lets one person act in two roles)."""
        user = self.env.user
        jobs = self.env["tsm.job"].union(*(rec._tsm_report().job_id for rec in self)).sudo()
        paid_from = jobs.filtered(lambda job: job.job_lead_id.user_id == user) | (
            self.env["tsm.job.member"]
            .sudo()
            .search([("job_id", "in", jobs.ids), ("employee_id.user_id", "=", user.id)])
            .job_id
        )
        return self.filtered(
            lambda rec: (
                rec._tsm_report().job_id not in paid_from
                or rec._tsm_report().company_id.sudo().tsm_allow_dual_role
            )
        )
