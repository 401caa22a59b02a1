from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round

from ..tools.batch import bulk
from ..tools.commission_split import paid_shares
from ..tools.commission_vocabulary import ENG_MANAGER
from ..tools.flow import flow
from ..tools.settings import setting


class TsmQuantityReportVerify(models.Model):
    """The verification of quantity reports: the commission of each line
    from the rate table, its split over the job's crew into commission
    lines, and the instalment paid on verification."""

    _inherit = "tsm.quantity.report"

    @bulk
    def _tsm_verify(self, day=None):
        """Verify the reports (many at once): compute each line's commission
        from the rate table, split it over the job's crew by share (probation
        members get none; their share is dropped or redistributed as the
        company setting says) and pay the verification instalment (60%) in
        the pay period of ``day`` (default today). An engineering manager
        verifies, never one of the job's lead or crew. A fixed number of
        queries (plus the ORM's one INSERT per 100 rows) whatever the number
        of reports and lines."""
        self._tsm_check_verifiable()
        if not self:
            return self.env["tsm.commission.line"]
        crews = self._tsm_crews()
        self._tsm_check_verifier(crews)
        self.line_ids._tsm_compute_amounts()
        day = day or fields.Date.context_today(self)
        totals = self._tsm_pipe_kind_totals()
        commission_vals = []
        for report in self:
            commission_vals += report._tsm_crew_split(
                crews.get(report.job_id.id) or [], totals[report.id]
            )
        commissions = self.env["tsm.commission.line"].sudo().create(commission_vals)
        self._tsm_pay_verification_instalments(commission_vals, day)
        self._tsm_mark_verified(day)
        return commissions.with_env(self.env)

    def _tsm_check_verifiable(self):
        """An engineering manager verifies submitted reports of jobs that
        still report quantities, once."""
        self._tsm_require(ENG_MANAGER, action=self.env._("verify quantity reports"))
        if any(report.state != "submitted" for report in self):
            raise UserError(
                self.env._("Only submitted quantity reports can be verified, and only once.")
            )
        self._tsm_check_jobs(self.job_id)

    def _tsm_crews(self):
        """{job id: [tsm.job.member]} of the reports' jobs, with what the
        split and the separation of duties read (a fixed number of queries)."""
        members = self.env["tsm.job.member"].sudo().search([("job_id", "in", self.job_id.ids)])
        members.fetch(["job_id", "employee_id", "share"])
        members.employee_id.fetch(["tsm_probation_end", "company_id", "user_id"])
        self.job_id.sudo().job_lead_id.fetch(["user_id"])
        crews = defaultdict(list)
        for member in members:
            crews[member.job_id.id].append(member)
        return crews

    def _tsm_check_verifier(self, crews):
        """Nobody verifies a report of a job they lead or are crew of."""
        for report in self:
            involved = report.job_id.sudo().job_lead_id.user_id.union(
                *(member.employee_id.user_id for member in crews.get(report.job_id.id, ()))
            )
            report._tsm_check_other_actor(involved, self.env._("verify"))

    def _tsm_pipe_kind_totals(self):
        """{report id: {pipe kind: [metres, commission]}} of the reports' lines."""
        totals = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0]))
        for line in self.line_ids:
            figures = totals[line.report_id.id][line.pipe_kind]
            figures[0] += line.metres
            figures[1] += line.amount
        return totals

    def _tsm_crew_split(self, crew, totals):
        """The values of this report's commission lines: the metres and
        commission of each pipe kind (``totals``) split over ``crew`` (the
        job's tsm.job.member records) by share. Members in probation on the
        last day of the month get none; their share is dropped or
        redistributed as the company says."""
        self.ensure_one()
        rule = self.company_id.tsm_commission_excluded_rule or "drop"
        month_end = self.date_month + relativedelta(months=1, days=-1)
        round_ = self.currency_id.round
        if not crew:
            raise UserError(
                self.env._("Job %s has no crew to pay the commission to.", self.job_id.name)
            )
        excluded = {
            member.id for member in crew if member.employee_id._tsm_in_probation_on(month_end)
        }
        paid = paid_shares({member.id: member.share for member in crew}, excluded, rule)
        vals_list = []
        for pipe_kind, (metres, amount) in totals.items():
            for member in crew:
                vals_list.append(
                    {
                        "report_id": self.id,
                        "job_id": self.job_id.id,
                        "employee_id": member.employee_id.id,
                        "company_id": self.company_id.id,
                        "date": self.date_month,
                        "pipe_kind": pipe_kind,
                        "share": float_round(paid[member.id], precision_digits=4),
                        "metres": metres * member.share / 100.0,
                        "amount": round_(amount * paid[member.id] / 100.0),
                        "excluded": member.id in excluded,
                        "excluded_amount": round_(amount * member.share / 100.0)
                        if member.id in excluded
                        else 0.0,
                    }
                )
        return vals_list

    def _tsm_pay_verification_instalments(self, commission_vals, day):
        """The instalment paid on verification (60% of what each member
        earned on each report) as COMM_INST pay lines dated ``day``."""
        earned = defaultdict(float)
        for vals in commission_vals:
            earned[(vals["report_id"], vals["employee_id"])] += vals["amount"]
        pay_vals = []
        for (report_id, employee_id), value in earned.items():
            report = self.browse(report_id)
            percent = setting(report.company_id, "commission_verify_percent") / 100.0
            amount = report.currency_id.round(value * percent)
            if amount <= 0:
                continue
            pay_vals.append(
                {
                    "source": report,
                    "employee_id": employee_id,
                    "code": "COMM_INST",
                    "date": day,
                    "amount": amount,
                    "name": self.env._(
                        "Commission %(percent)s%% of %(report)s",
                        percent=float_round(percent * 100, precision_digits=2),
                        report=report.display_name,
                    ),
                }
            )
        return self._tsm_sync_pay_lines(pay_vals)

    def _tsm_mark_verified(self, day):
        """The reports are verified on ``day``, and their handed-over jobs are
        under way."""
        vals = {"state": "verified", "verified_by_id": self.env.user.id, "verified_date": day}
        flowing = flow(self)
        if len(self) == 1:
            flowing.write(vals)
        else:
            flowing.with_context(tracking_disable=True).write(vals)
        flow(self.job_id.filtered(lambda j: j.state == "handed_over")).write(
            {"state": "in_progress"}
        )
