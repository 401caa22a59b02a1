from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.appraisal_vocabulary import DEPT_MANAGER, DEPUTY_GM, GM, HR_OFFICER
from ..tools.policy import Allow
from ..tools.settings import setting


class TsmEomRound(models.Model):
    """Employee of the month for one department and month:
    anonymous votes by the staff, the top nominees checked by the manager
    and the deputy GM, confirmed by the GM, paid through pay lines."""

    _name = "tsm.eom.round"
    _description = "Employee of the Month"
    _inherit = ["mail.thread", "mail.activity.mixin", "tsm.pay.source.mixin", "tsm.guard.mixin"]
    _order = "month desc, id desc"
    _check_company_auto = True
    # The department manager (or HR) opens a round for a month; HR sets the
    # number of winners and the award. Candidates, checks, confirmation and
    # state are set by the round's buttons.
    _tsm_policy = (
        Allow(
            "department_id month company_id", groups=(DEPT_MANAGER, HR_OFFICER), states=("voting",)
        ),
        Allow("winner_count amount", groups=HR_OFFICER, states=("voting",)),
        Allow(on="unlink", groups=HR_OFFICER, states=("voting", "cancel")),
    )

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    department_id = fields.Many2one("hr.department", required=True, check_company=True, index=True)
    month = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="First day of the month the award is for.",
    )
    state = fields.Selection(
        [
            ("voting", "Voting"),
            ("check", "Checking"),
            ("confirm", "To Confirm"),
            ("done", "Confirmed"),
            ("cancel", "Cancelled"),
        ],
        default="voting",
        required=True,
        tracking=True,
        index=True,
    )
    winner_count = fields.Integer(
        string="Winners",
        compute="_compute_from_company",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    amount = fields.Monetary(
        string="Award per Winner",
        compute="_compute_from_company",
        store=True,
        readonly=False,
        precompute=True,
    )
    nominee_ids = fields.One2many("tsm.eom.nominee", "round_id", string="Candidates")
    vote_count = fields.Integer(compute="_compute_vote_count", string="Votes Cast")
    has_voted = fields.Boolean(compute="_compute_vote_count")
    manager_checked_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    deputy_checked_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)

    _sql_constraints = [
        (
            "department_month_uniq",
            "unique(company_id, department_id, month)",
            "There is already an employee-of-the-month round for this department and month.",
        ),
    ]

    @api.depends("department_id.name", "month")
    def _compute_name(self):
        for award in self:
            month = award.month.strftime("%Y-%m") if award.month else ""
            award.name = f"{month} {award.department_id.name or ''}".strip()

    @api.depends("company_id")
    def _compute_from_company(self):
        for award in self:
            award.winner_count = setting(award.company_id, "eom_winner_count")
            award.amount = setting(award.company_id, "eom_amount")

    @api.depends_context("uid")
    def _compute_vote_count(self):
        Vote = self.env["tsm.eom.vote"].sudo()
        counts = dict(Vote._read_group([("round_id", "in", self.ids)], ["round_id"], ["__count"]))
        mine = Vote.search(
            [("round_id", "in", self.ids), ("voter_user_id", "=", self.env.uid)]
        ).round_id
        for award in self:
            award.vote_count = counts.get(award.sudo(), 0)
            award.has_voted = award in mine

    @api.constrains("winner_count")
    def _check_winner_count(self):
        for award in self:
            if award.winner_count < 1:
                raise ValidationError(self.env._("At least one employee of the month is chosen."))

    # ------------------------------------------------------------------
    def _tsm_department_employees(self):
        self.ensure_one()
        return (
            self.env["hr.employee"].sudo().search([("department_id", "=", self.department_id.id)])
        )

    def _tsm_vote(self, employee):
        """Record the current user's anonymous vote for ``employee``."""
        self.ensure_one()
        if self.state != "voting":
            raise UserError(self.env._("Voting for %s is closed.", self.name))
        voters = self._tsm_department_employees()
        me = voters.filtered(lambda e: e.user_id == self.env.user)
        if not me:
            raise UserError(self.env._("Only the staff of %s vote.", self.department_id.name))
        if employee not in voters:
            raise UserError(self.env._("%s is not in the department.", employee.name))
        if employee in me:
            raise UserError(self.env._("You cannot vote for yourself."))
        Vote = self.env["tsm.eom.vote"].sudo()
        if Vote.search_count([("round_id", "=", self.id), ("voter_user_id", "=", self.env.uid)]):
            raise UserError(self.env._("You have already voted in this round."))
        Vote.create(
            {"round_id": self.id, "voter_user_id": self.env.uid, "employee_id": employee.id}
        )

    def action_close_voting(self):
        """Count the votes: the top candidates become nominees."""
        self._tsm_check_manager()
        for award in self:
            if award.state != "voting":
                raise UserError(self.env._("Voting for %s is already closed.", award.name))
            tally = (
                self.env["tsm.eom.vote"]
                .sudo()
                ._read_group([("round_id", "=", award.id)], ["employee_id"], ["__count"])
            )
            if not tally:
                raise UserError(self.env._("Nobody has voted in %s yet.", award.name))
            ranked = sorted(tally, key=lambda item: (-item[1], item[0].name))
            award.sudo().nominee_ids = [
                fields.Command.create(
                    {
                        "employee_id": employee.id,
                        "votes": count,
                        "rank": rank,
                        "state": "nominee" if rank <= award.winner_count else "candidate",
                    }
                )
                for rank, (employee, count) in enumerate(ranked, start=1)
            ]
            award.sudo().state = "check"
        return True

    def _tsm_check_manager(self):
        self._tsm_require(
            DEPT_MANAGER, HR_OFFICER, action=self.env._("run an employee-of-the-month round")
        )
        for award in self:
            user = self.env.user
            if not (
                award.department_id.manager_id.user_id == user
                or user.has_group(DEPUTY_GM)
                or user.has_group(HR_OFFICER)
            ):
                raise AccessError(
                    self.env._("Only the manager of %s runs this round.", award.department_id.name)
                )

    def _tsm_check_not_candidate(self, action):
        """Nobody checks, vetoes, confirms or cancels a round in which they
        are a candidate (unless the company lets one person hold two roles,
        noted in the chatter)."""
        for award in self:
            candidates = award.sudo().nominee_ids.employee_id.user_id
            if self.env.user in candidates and not award.company_id.sudo().tsm_allow_dual_role:
                raise UserError(
                    self.env._(
                        "You are a candidate of %s: someone else must check, veto, confirm or "
                        "cancel it.",
                        award.name,
                    )
                )
            award._tsm_check_other_actor(candidates, action)

    def action_manager_check(self):
        self._tsm_require(DEPT_MANAGER, action=self.env._("check the nominees"))
        action = self.env._("check")
        for award in self:
            if award.state != "check":
                raise UserError(self.env._("%s is not being checked.", award.name))
            if award.department_id.manager_id.user_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "Only the manager of %s checks its nominees.", award.department_id.name
                    )
                )
            award._tsm_check_not_candidate(action)
            award._tsm_check_other_actor(award.deputy_checked_by_id, action)
            award.sudo().manager_checked_by_id = self.env.user
            award._tsm_checked()
        return True

    def action_deputy_check(self):
        self._tsm_require(DEPUTY_GM, action=self.env._("check the nominees as deputy GM"))
        action = self.env._("check")
        for award in self:
            if award.state != "check":
                raise UserError(self.env._("%s is not being checked.", award.name))
            award._tsm_check_not_candidate(action)
            award._tsm_check_other_actor(award.manager_checked_by_id, action)
            award.sudo().deputy_checked_by_id = self.env.user
            award._tsm_checked()
        return True

    def _tsm_checked(self):
        for award in self.sudo():
            if award.manager_checked_by_id and award.deputy_checked_by_id:
                award.state = "confirm"

    def action_confirm(self):
        """The GM confirms: the nominees win and are paid."""
        self._tsm_require(GM, action=self.env._("confirm the employees of the month"))
        action = self.env._("confirm")
        for award in self:
            if award.state != "confirm":
                raise UserError(
                    self.env._(
                        "%s must be checked by the manager and the deputy GM first.", award.name
                    )
                )
            award._tsm_check_not_candidate(action)
            award._tsm_check_other_actor(
                award.manager_checked_by_id | award.deputy_checked_by_id, action
            )
            winners = award.nominee_ids.filtered(lambda n: n.state == "nominee")
            if not winners:
                raise UserError(self.env._("%s has no nominee left.", award.name))
            winners.sudo().state = "winner"
            award.sudo().write({"state": "done", "confirmed_by_id": self.env.uid})
            award.sudo()._tsm_sync_pay_lines(
                [
                    {
                        "source": award,
                        "employee_id": nominee.employee_id.id,
                        "code": "EMP_MONTH",
                        "date": award._tsm_pay_date(),
                        "amount": award.amount,
                        "name": self.env._("Employee of the month %s", award.name),
                    }
                    for nominee in winners
                ]
            )
        return True

    def _tsm_pay_date(self):
        self.ensure_one()
        day = fields.Date.end_of(self.month, "month")
        period = self.env["tsm.pay.period"]._tsm_get_period(self.company_id, day)
        return period._tsm_next_open_period().date_start if period.state == "closed" else day

    def action_cancel(self):
        self._tsm_check_manager()
        if any(award.state == "done" for award in self):
            raise UserError(self.env._("A confirmed round cannot be cancelled."))
        self._tsm_check_not_candidate(self.env._("cancel"))
        self.sudo().state = "cancel"
        return True
