from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.flow import flow
from ..tools.policy import Allow
from ..tools.ticket_vocabulary import (
    DESK,
    LEADER,
    MANAGER,
    OPEN_STATES,
    SOLVED_STATES,
    TICKET_CHANNELS,
    TICKET_KINDS,
    TICKET_LEVELS,
    TICKET_PRIORITIES,
    TICKET_STATES,
)
from ..tools.working_time import local_day

# What the service desk fills in on registration. Once the ticket is assigned,
# the SLA fields move the deadlines, the due date and the area's jobs due
# (the area's completion rate scores the area's engineers and its leader):
# only the service desk and the department manager change them then, and
# nobody after solving.
SLA_FIELDS = (
    "partner_id date_received date_due kind area_id department_id urgency importance priority"
)
DESCRIPTION_FIELDS = "site equipment channel category description solution"
OWNER_FIELDS = "first_engineer_id second_engineer_id owner_id"
REVIEW_FIELDS = "reviewed_points"
QUALITY_FIELDS = (
    "form_unqualified form_unqualified_reason worklog_unqualified worklog_unqualified_reason"
)


class TsmTicket(models.Model):
    """A service ticket (服务单): a customer's request from reception to the
    callback, with its owners, engineers, visits (the work log) and flow.
    Its review, SLA, indicators, customer side and score are in the
    tsm_ticket_*.py files that extend it."""

    _name = "tsm.ticket"
    _description = "Service Ticket"
    _inherit = ["rating.mixin", "mail.activity.mixin", "tsm.guard.mixin"]
    _order = "priority desc, date_received desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id", "equipment"]
    # Who types what (record rules say which tickets a user reaches at all).
    # The stage, its dates, the review stamps, the rating of the solution and
    # every computed figure are set by the buttons only.
    _tsm_policy = (
        # The number comes from the sequence (create() refuses a typed one).
        Allow("name", on="create"),
        # Registration: whoever may edit the new ticket fills it in.
        Allow(f"company_id {SLA_FIELDS} {DESCRIPTION_FIELDS} {OWNER_FIELDS}", states=("new",)),
        # Assigned: the service desk and the department manager move the SLA;
        # the desk and supervisors keep the description and the owners up to date.
        Allow(SLA_FIELDS, groups=(DESK, MANAGER), states=OPEN_STATES),
        Allow(f"{DESCRIPTION_FIELDS} {OWNER_FIELDS}", groups=(DESK, LEADER), states=OPEN_STATES),
        # The ticket's own engineers describe their work.
        Allow("site category solution", states=OPEN_STATES, who="_tsm_worked_on"),
        # Solved: the desk or a supervisor may still correct the solution text.
        Allow("solution", groups=(DESK, LEADER), states=("solved", "callback")),
        # Supervisors who did not work on the ticket review and mark it; once the
        # department head reviewed, only a department manager changes the value.
        Allow(REVIEW_FIELDS, groups=LEADER, states=SOLVED_STATES, who="_tsm_reviewable"),
        Allow(QUALITY_FIELDS, groups=LEADER, states=SOLVED_STATES, who="_tsm_not_worked_on"),
    )

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True
    )
    partner_email = fields.Char(related="partner_id.email", string="Customer E-mail")
    site = fields.Char(help="Where the equipment is, e.g. the customer's branch or room.")
    equipment = fields.Char(
        index=True, help="The device concerned; the repeat-fault check compares it."
    )
    channel = fields.Selection(TICKET_CHANNELS, required=True, default="phone")
    category = fields.Char(help="Kind of fault or request, e.g. display, network, software.")
    kind = fields.Selection(TICKET_KINDS, required=True, default="repair", index=True)
    urgency = fields.Selection(TICKET_LEVELS, required=True, default="1")
    importance = fields.Selection(TICKET_LEVELS, required=True, default="1")
    priority = fields.Selection(
        TICKET_PRIORITIES,
        compute="_compute_priority",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="From urgency and importance (both high: urgent; one high: high; both low: "
        "low); the service desk may change it.",
    )
    description = fields.Text(required=True)
    solution = fields.Text(tracking=True, help="What was done; needed to solve and to close.")
    area_id = fields.Many2one(
        "tsm.area",
        compute="_compute_area_id",
        store=True,
        readonly=False,
        index=True,
        check_company=True,
        tracking=True,
    )
    department_id = fields.Many2one(
        "hr.department",
        compute="_compute_department_id",
        store=True,
        readonly=False,
        index=True,
        check_company=True,
    )
    state = fields.Selection(
        TICKET_STATES, default="new", required=True, index=True, copy=False, tracking=True
    )
    first_engineer_id = fields.Many2one(
        "hr.employee",
        string="First Responsible",
        compute="_compute_owners",
        store=True,
        readonly=False,
        check_company=True,
        tracking=True,
        help="The customer's first responsible engineer.",
    )
    second_engineer_id = fields.Many2one(
        "hr.employee",
        string="Second Responsible",
        compute="_compute_owners",
        store=True,
        readonly=False,
        check_company=True,
        tracking=True,
    )
    owner_id = fields.Many2one(
        "hr.employee",
        string="Current Owner",
        compute="_compute_owner_id",
        store=True,
        readonly=False,
        check_company=True,
        tracking=True,
        help="The first responsible engineer, or the second while a hand-over is open.",
    )
    engineer_line_ids = fields.One2many(
        "tsm.ticket.engineer", "ticket_id", string="Engineers", copy=False
    )
    visit_ids = fields.One2many("tsm.ticket.visit", "ticket_id", string="Visits", copy=False)
    callback_ids = fields.One2many(
        "tsm.ticket.callback", "ticket_id", string="Callbacks", copy=False
    )
    handover_ids = fields.One2many(
        "tsm.ticket.handover", "ticket_id", string="Hand-overs", copy=False
    )
    visit_count = fields.Integer(compute="_compute_visit_stats", store=True)
    visit_hours = fields.Float(compute="_compute_visit_stats", store=True, string="Hours Worked")
    # Dates (UTC) of the flow
    date_received = fields.Datetime(
        string="Received", required=True, default=fields.Datetime.now, index=True, copy=False
    )
    date_assigned = fields.Datetime(string="Assigned On", readonly=True, copy=False)
    date_responded = fields.Datetime(
        string="Responded On",
        readonly=True,
        copy=False,
        help="When the work started (In Progress) or the first visit began.",
    )
    date_solved = fields.Datetime(string="Solved On", readonly=True, copy=False, index=True)
    date_solved_day = fields.Date(
        string="Solved Day", compute="_compute_date_solved_day", store=True, index=True
    )
    date_closed = fields.Datetime(string="Closed On", readonly=True, copy=False)
    reopen_count = fields.Integer(readonly=True, copy=False)
    reopen_reason = fields.Text(readonly=True, copy=False, tracking=True)

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("urgency", "importance")
    def _compute_priority(self):
        for ticket in self:
            levels = (ticket.urgency or "1", ticket.importance or "1")
            if levels == ("2", "2"):
                ticket.priority = "3"
            elif "2" in levels:
                ticket.priority = "2"
            elif levels == ("0", "0"):
                ticket.priority = "0"
            else:
                ticket.priority = "1"

    @api.depends("partner_id")
    def _compute_owners(self):
        for ticket in self:
            partner = ticket.partner_id.commercial_partner_id
            ticket.first_engineer_id = (
                ticket.partner_id.tsm_first_engineer_id or partner.tsm_first_engineer_id
            )
            ticket.second_engineer_id = (
                ticket.partner_id.tsm_second_engineer_id or partner.tsm_second_engineer_id
            )

    @api.depends("first_engineer_id")
    def _compute_owner_id(self):
        for ticket in self:
            ticket.owner_id = ticket.first_engineer_id

    @api.depends("first_engineer_id", "engineer_line_ids.employee_id")
    def _compute_area_id(self):
        for ticket in self:
            if not ticket.area_id:
                engineer = ticket.first_engineer_id or ticket.engineer_line_ids[:1].employee_id
                ticket.area_id = engineer.tsm_area_id

    @api.depends("first_engineer_id", "engineer_line_ids.employee_id", "area_id")
    def _compute_department_id(self):
        for ticket in self:
            if not ticket.department_id:
                engineer = ticket.first_engineer_id or ticket.engineer_line_ids[:1].employee_id
                ticket.department_id = (
                    engineer.department_id or ticket.area_id.leader_id.department_id
                )

    @api.depends("visit_ids.hours")
    def _compute_visit_stats(self):
        for ticket in self:
            ticket.visit_count = len(ticket.visit_ids)
            ticket.visit_hours = sum(ticket.visit_ids.mapped("hours"))

    @api.depends("date_solved")
    def _compute_date_solved_day(self):
        for ticket in self:
            ticket.date_solved_day = local_day(ticket.company_id, ticket.date_solved)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self._tsm_guard_trusted() and any(
            vals.get("name", "/") != "/" for vals in vals_list
        ):
            self.browse()._tsm_guard_refuse("create", "name")
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("tsm.ticket") or "/"
        tickets = super().create(vals_list)
        tickets._tsm_send_mail("hr_tech_service.mail_template_tsm_ticket_received")
        return tickets

    # ------------------------------------------------------------------
    # The policy's records: who worked on a ticket
    # ------------------------------------------------------------------
    def _tsm_worked_on(self):
        """The tickets of ``self`` the current user is dispatched on."""
        mine = self.env.user.employee_ids
        return self.filtered(lambda ticket: ticket.sudo().engineer_line_ids.employee_id & mine)

    def _tsm_not_worked_on(self):
        """The tickets of ``self`` the current user did not work on (all of
        them where the company allows one person in two roles)."""
        return self.filtered(
            lambda ticket: (
                ticket.company_id.sudo().tsm_allow_dual_role
                or ticket not in ticket._tsm_worked_on()
            )
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _tsm_check_state(self, states, action):
        for ticket in self:
            if ticket.state not in states:
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s is %(state)s: it cannot be %(action)s.",
                        ticket=ticket.name,
                        state=dict(self._fields["state"]._description_selection(self.env))[
                            ticket.state
                        ],
                        action=action,
                    )
                )

    def _tsm_check_not_worked_on(self, action):
        """Separation of duties: nobody reviews, marks, calls back or reopens
        a ticket they worked on (unless the company allows one person in two
        roles; then it is noted on the ticket)."""
        for ticket in self:
            ticket._tsm_check_other_actor(ticket.sudo().engineer_line_ids.user_id, action)

    def _tsm_check_engineer(self, action):
        """The ticket's own engineers start and solve it; the service desk
        and supervisors may do it for them."""
        if self.env.user.has_group(DESK) or self.env.user.has_group(LEADER):
            return
        others = self - self._tsm_worked_on()
        if others:
            raise AccessError(
                self.env._(
                    "Only the engineers sent on ticket %(ticket)s, the service desk or a "
                    "supervisor may %(action)s it.",
                    ticket=others[0].name,
                    action=action,
                )
            )

    def action_assign(self):
        self._tsm_require(DESK, LEADER, action=self.env._("assign service tickets"))
        self._tsm_check_state(("new",), self.env._("assigned"))
        for ticket in self:
            if not ticket.engineer_line_ids:
                raise UserError(
                    self.env._("Add the engineers to send to ticket %s first.", ticket.name)
                )
        flow(self).write({"state": "assigned", "date_assigned": fields.Datetime.now()})
        for ticket in self:
            users = ticket.sudo().engineer_line_ids.user_id
            for user in users:
                ticket.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=user.id,
                    summary=self.env._("Service ticket %s assigned to you", ticket.name),
                )
        return True

    def action_start(self):
        self._tsm_check_engineer(self.env._("start"))
        self._tsm_check_state(("assigned",), self.env._("started"))
        now = fields.Datetime.now()
        for ticket in self:
            flow(ticket).write(
                {"state": "in_progress", "date_responded": ticket.date_responded or now}
            )
        return True

    def _tsm_check_solution(self):
        for ticket in self:
            if not (ticket.solution or "").strip():
                raise UserError(
                    self.env._("Ticket %s has no solution: describe what was done.", ticket.name)
                )

    def action_solve(self):
        self._tsm_check_engineer(self.env._("solve"))
        self._tsm_check_state(OPEN_STATES, self.env._("solved"))
        self._tsm_check_solution()
        for ticket in self:
            engineers = ticket.engineer_line_ids.filtered(lambda line: not line.is_intern)
            if not engineers:
                raise UserError(
                    self.env._(
                        "Ticket %s needs at least one engineer who is not an intern.", ticket.name
                    )
                )
            missing = engineers.filtered(lambda line: not line.self_rating)
            if missing:
                raise UserError(
                    self.env._(
                        "Each engineer rates the job before it is solved; missing: %s.",
                        ", ".join(missing.employee_id.mapped("name")),
                    )
                )
        now = fields.Datetime.now()
        for ticket in self:
            flow(ticket).write(
                {
                    "state": "solved",
                    "date_solved": now,
                    "date_responded": ticket.date_responded or now,
                }
            )
        self.activity_feedback(["mail.mail_activity_data_todo"])
        self._tsm_send_mail("hr_tech_service.mail_template_tsm_ticket_solved")
        return True

    def action_close(self):
        self._tsm_require(DESK, LEADER, action=self.env._("close service tickets"))
        self._tsm_check_state(("solved", "callback"), self.env._("closed"))
        self._tsm_check_solution()
        flow(self).write({"state": "closed", "date_closed": fields.Datetime.now()})
        return True

    def action_cancel(self):
        # An area's cancelled jobs are no longer due: not for its supervisor to decide.
        self._tsm_require(DESK, MANAGER, action=self.env._("cancel service tickets"))
        self._tsm_check_state(("new", "assigned", "in_progress"), self.env._("cancelled"))
        flow(self).write({"state": "cancelled"})
        return True

    def action_reset(self):
        self._tsm_require(DESK, MANAGER, action=self.env._("reset cancelled service tickets"))
        self._tsm_check_state(("cancelled",), self.env._("reset"))
        flow(self).write({"state": "new"})
        return True

    def action_open_reopen(self):
        self.ensure_one()
        self._tsm_require(DESK, LEADER, action=self.env._("reopen service tickets"))
        return {
            "type": "ir.actions.act_window",
            "res_model": "tsm.ticket.reopen",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def _tsm_reopen(self, reason):
        """Reopen a solved or closed ticket: back to In Progress, reviews and
        callbacks of the earlier solution no longer count. The service desk
        or a supervisor who did not work on it decides."""
        self._tsm_require(DESK, LEADER, action=self.env._("reopen service tickets"))
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the ticket is reopened."))
        self._tsm_check_state(SOLVED_STATES, self.env._("reopened"))
        self.check_access("write")
        self._tsm_check_not_worked_on(self.env._("reopen"))
        for ticket in self:
            flow(ticket).write(
                {
                    "state": "in_progress",
                    "reopen_reason": reason,
                    "reopen_count": ticket.reopen_count + 1,
                    "date_solved": False,
                    "date_closed": False,
                    "review_state": "none",
                    "reviewed_by_id": False,
                    "head_reviewed_by_id": False,
                    "solution_rating_id": False,
                }
            )
            ticket.message_post(body=self.env._("Reopened: %s", reason))

    def action_new_callback(self):
        self.ensure_one()
        self._tsm_require(DESK, MANAGER, action=self.env._("call customers back"))
        return {
            "type": "ir.actions.act_window",
            "res_model": "tsm.ticket.callback",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_new_handover(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "tsm.ticket.handover",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_ticket_id": self.id,
                "default_from_employee_id": self.first_engineer_id.id,
                "default_to_employee_id": self.second_engineer_id.id,
            },
        }

    def _tsm_post_handover_note(self, body, manager_user):
        self.ensure_one()
        self.message_post(body=Markup("<p>%s</p>") % body)
        if manager_user:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=manager_user.id,
                summary=self.env._("Hand-over result on ticket %s", self.name),
                note=body,
            )
