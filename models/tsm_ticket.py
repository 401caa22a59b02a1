from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_round

from ..tools.flow import flow
from ..tools.policy import Allow
from ..tools.ticket_vocabulary import (
    CALLBACK_FROM_RATING,
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
    rating_values,
    ticket_param,
)
from ..tools.working_time import WorkingTime, local_day

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
    """A service ticket (服务单, RULES.md §2.1): a customer's request from
    reception to the callback, with its engineers, visits (the work log),
    points (§2.3), form-quality marks (§2.4) and SLA figures."""

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
        help="The customer's first responsible engineer (RULES.md §2.2).",
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
    date_due = fields.Date(
        string="Due Date",
        compute="_compute_sla",
        store=True,
        readonly=False,
        index=True,
        help="The day the job is due; the area's daily completion rate counts it that day "
        "(RULES.md §2.5). Defaults to the day of the resolution deadline.",
    )
    # Review of the points (RULES.md §2.3)
    reviewed_points = fields.Float(
        string="Reviewed Value",
        copy=False,
        tracking=True,
        help="The value the technical supervisor (and the department head) set after "
        "reviewing the engineers' self-ratings; split among the engineers.",
    )
    review_state = fields.Selection(
        [
            ("none", "Not Reviewed"),
            ("supervisor", "Supervisor Reviewed"),
            ("head", "Head Reviewed"),
        ],
        default="none",
        required=True,
        copy=False,
        tracking=True,
        index=True,
    )
    reviewed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    head_reviewed_by_id = fields.Many2one(
        "res.users", string="Department Head Review By", readonly=True, copy=False
    )
    self_rating_avg = fields.Float(string="Average Self-rating", compute="_compute_self_rating_avg")
    # Validity (RULES.md §2.3): visits must match the dispatch and the work log.
    is_valid = fields.Boolean(string="Valid", compute="_compute_validity", store=True, index=True)
    invalid_reason = fields.Text(compute="_compute_validity", store=True)
    # Form quality (RULES.md §2.4)
    form_unqualified = fields.Boolean(string="Unqualified Ticket Form", copy=False, tracking=True)
    form_unqualified_reason = fields.Char(string="Form Problem", copy=False)
    worklog_unqualified = fields.Boolean(string="Unqualified Work Log", copy=False, tracking=True)
    worklog_unqualified_reason = fields.Char(string="Work Log Problem", copy=False)
    quality_checked_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    # Callback
    callback_done = fields.Boolean(
        compute="_compute_callback", store=True, index=True, help="A callback reached the customer."
    )
    date_callback = fields.Date(compute="_compute_callback", store=True, string="Callback Date")
    satisfaction = fields.Selection(
        [("satisfied", "Satisfied"), ("neutral", "Neutral"), ("dissatisfied", "Dissatisfied")],
        compute="_compute_callback",
        store=True,
    )
    job_completed = fields.Boolean(
        compute="_compute_callback",
        store=True,
        index=True,
        help="Solved by its due date and confirmed by a callback (area completion rate).",
    )
    # SLA
    sla_id = fields.Many2one("tsm.ticket.sla", string="SLA", compute="_compute_sla", store=True)
    date_response_deadline = fields.Datetime(
        string="Respond Before", compute="_compute_sla", store=True
    )
    date_resolution_deadline = fields.Datetime(
        string="Resolve Before", compute="_compute_sla", store=True
    )
    response_hours = fields.Float(
        string="Time to Respond (h)",
        compute="_compute_sla_times",
        store=True,
        aggregator="avg",
        help="Working hours of the company's calendar from reception to response.",
    )
    resolution_hours = fields.Float(
        string="Time to Resolve (h)",
        compute="_compute_sla_times",
        store=True,
        aggregator="avg",
    )
    response_late = fields.Boolean(compute="_compute_sla_times", store=True)
    resolution_late = fields.Boolean(compute="_compute_sla_times", store=True)
    first_time_fix = fields.Boolean(
        string="First-time Fix",
        compute="_compute_first_time_fix",
        store=True,
        help="Solved in one visit.",
    )
    repeat_fault = fields.Boolean(
        compute="_compute_repeat_fault",
        store=True,
        help="The same customer reported the same equipment within the configured days.",
    )
    first_time_fix_rate = fields.Float(
        string="First-time Fix Rate (%)",
        compute="_compute_first_time_fix",
        store=True,
        aggregator="avg",
    )
    repeat_fault_rate = fields.Float(
        string="Repeat Fault Rate (%)",
        compute="_compute_repeat_fault",
        store=True,
        aggregator="avg",
    )
    reopen_count = fields.Integer(readonly=True, copy=False)
    reopen_reason = fields.Text(readonly=True, copy=False, tracking=True)
    solution_rating_id = fields.Many2one(
        "rating.rating",
        string="Rating of the Solution",
        readonly=True,
        copy=False,
        help="The customer's e-mail rating of the current solution: each rating request for "
        "it carries the same link, and a new answer replaces the earlier one.",
    )

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

    @api.depends("engineer_line_ids.self_rating")
    def _compute_self_rating_avg(self):
        for ticket in self:
            ratings = [r for r in ticket.engineer_line_ids.mapped("self_rating") if r]
            ticket.self_rating_avg = sum(ratings) / len(ratings) if ratings else 0.0

    @api.depends(
        "engineer_line_ids.employee_id",
        "engineer_line_ids.is_intern",
        "visit_ids.employee_id",
        "visit_ids.work_done",
        "date_assigned",
    )
    def _compute_validity(self):
        for ticket in self:
            reasons = []
            dispatched = ticket.engineer_line_ids.employee_id
            if not dispatched or not ticket.date_assigned:
                reasons.append(self.env._("No dispatch: no engineer was assigned to the ticket."))
            if not ticket.visit_ids:
                reasons.append(self.env._("No visit in the work log."))
            strangers = ticket.visit_ids.employee_id - dispatched
            if dispatched and strangers:
                reasons.append(
                    self.env._(
                        "Visits by engineers not dispatched to the ticket: %s.",
                        ", ".join(strangers.mapped("name")),
                    )
                )
            idle = (dispatched - ticket.engineer_line_ids.filtered("is_intern").employee_id) - (
                ticket.visit_ids.employee_id
            )
            if ticket.visit_ids and idle:
                reasons.append(
                    self.env._(
                        "Dispatched engineers with no visit in the work log: %s.",
                        ", ".join(idle.mapped("name")),
                    )
                )
            if ticket.visit_ids.filtered(lambda visit: not (visit.work_done or "").strip()):
                reasons.append(self.env._("A visit has no work done in the work log."))
            ticket.is_valid = not reasons
            ticket.invalid_reason = "\n".join(reasons) or False

    @api.depends(
        "callback_ids.reached",
        "callback_ids.date",
        "callback_ids.satisfaction",
        "date_solved",
        "date_solved_day",
        "date_due",
    )
    def _compute_callback(self):
        for ticket in self:
            # Only callbacks about the current solution count: a reopened
            # ticket needs a new one.
            reached = ticket.callback_ids.filtered(
                lambda c, t=ticket: c.reached and t.date_solved and c.date >= t.date_solved
            ).sorted("date")
            last = reached[-1:]
            ticket.callback_done = bool(reached)
            ticket.date_callback = local_day(ticket.company_id, last.date)
            ticket.satisfaction = last.satisfaction
            ticket.job_completed = bool(
                reached
                and ticket.date_solved
                and (not ticket.date_due or ticket.date_solved_day <= ticket.date_due)
            )

    def _tsm_working_times(self, *fields_):
        """{calendar: WorkingTime} spanning the given datetime fields of these
        tickets, one calendar computation per company calendar for the whole
        batch instead of several per ticket."""
        result = {}
        for calendar in self.company_id.resource_calendar_id:
            tickets = self.filtered(lambda t, c=calendar: t.company_id.resource_calendar_id == c)
            result[calendar] = WorkingTime.for_records(
                calendar, [ticket[name] for ticket in tickets for name in fields_]
            )
        return result

    @api.depends("priority", "partner_id", "date_received", "company_id")
    def _compute_sla(self):
        slas = self.env["tsm.ticket.sla"].search(
            [("priority", "in", list(set(self.mapped("priority"))))]
        )
        times = self._tsm_working_times("date_received")
        for ticket in self:
            sla = slas._tsm_match(ticket)
            calendar = ticket.company_id.resource_calendar_id
            working = times.get(calendar) or WorkingTime(calendar, None, None)
            start = ticket.date_received
            response = resolution = False
            if sla and start:
                response = working.plan(start, sla.response_hours)
                resolution = working.plan(start, sla.resolution_hours)
            ticket.sla_id = sla
            ticket.date_response_deadline = response
            ticket.date_resolution_deadline = resolution
            ticket.date_due = local_day(ticket.company_id, resolution or start)

    @api.depends(
        "date_received",
        "date_responded",
        "date_solved",
        "date_response_deadline",
        "date_resolution_deadline",
    )
    def _compute_sla_times(self):
        times = self._tsm_working_times("date_received", "date_responded", "date_solved")
        now = fields.Datetime.now()
        for ticket in self:
            calendar = ticket.company_id.resource_calendar_id
            working = times.get(calendar) or WorkingTime(calendar, None, None)
            ticket.response_hours = float_round(
                working.hours_between(ticket.date_received, ticket.date_responded), 2
            )
            ticket.resolution_hours = float_round(
                working.hours_between(ticket.date_received, ticket.date_solved), 2
            )
            ticket.response_late = bool(
                ticket.date_response_deadline
                and (ticket.date_responded or now) > ticket.date_response_deadline
            )
            ticket.resolution_late = bool(
                ticket.date_resolution_deadline
                and (ticket.date_solved or now) > ticket.date_resolution_deadline
            )

    @api.depends("visit_count", "date_solved", "reopen_count")
    def _compute_first_time_fix(self):
        for ticket in self:
            ticket.first_time_fix = bool(
                ticket.date_solved and ticket.visit_count <= 1 and not ticket.reopen_count
            )
            ticket.first_time_fix_rate = 100.0 if ticket.first_time_fix else 0.0

    @api.depends("partner_id", "equipment", "date_received")
    def _compute_repeat_fault(self):
        days = ticket_param(self.env, "repeat_days")
        todo = self.filtered(lambda t: t.partner_id and (t.equipment or "").strip())
        (self - todo).repeat_fault = False
        (self - todo).repeat_fault_rate = 0.0
        if not todo:
            return
        earliest = min(todo.mapped("date_received")) - timedelta(days=days)
        latest = max(todo.mapped("date_received"))
        others = self.sudo().search_fetch(
            [
                ("partner_id", "in", todo.partner_id.ids),
                ("equipment", "!=", False),
                ("date_received", ">=", earliest),
                ("date_received", "<=", latest),
                ("state", "!=", "cancelled"),
            ],
            ["partner_id", "equipment", "date_received"],
        )
        by_key = defaultdict(list)
        for other in others:
            by_key[(other.partner_id.id, other.equipment.strip().lower())].append(other)
        for ticket in todo:
            key = (ticket.partner_id.id, ticket.equipment.strip().lower())
            since = ticket.date_received - timedelta(days=days)
            ticket.repeat_fault = any(
                other.id != ticket.id
                and since <= other.date_received <= ticket.date_received
                and (other.date_received, other.id) < (ticket.date_received, ticket.id or 0)
                for other in by_key[key]
            )
            ticket.repeat_fault_rate = 100.0 if ticket.repeat_fault else 0.0

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("reviewed_points")
    def _check_reviewed_points(self):
        allowed = rating_values(self.env)
        choices = ", ".join(format(value, "g") for value in allowed)
        for ticket in self:
            if ticket.reviewed_points and ticket.reviewed_points not in allowed:
                raise ValidationError(
                    self.env._(
                        "The reviewed value %(value)s of ticket %(ticket)s is not one of the "
                        "allowed values %(allowed)s.",
                        value=ticket.reviewed_points,
                        ticket=ticket.name,
                        allowed=choices,
                    )
                )

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

    def _tsm_reviewable(self):
        """Tickets whose reviewed value the current supervisor may set: not
        one they worked on, and reviewed by the department head only for a
        department manager."""
        is_manager = self.env.user.has_group(MANAGER)
        return self._tsm_not_worked_on().filtered(
            lambda ticket: is_manager or ticket.review_state != "head"
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

    def action_review(self):
        """The technical supervisor reviews the self-ratings and sets the value."""
        action = self.env._("review")
        self._tsm_require(LEADER, action=self.env._("review ticket points"))
        self._tsm_check_state(SOLVED_STATES, self.env._("reviewed"))
        if any(ticket.review_state != "none" for ticket in self):
            raise UserError(
                self.env._(
                    "These points are reviewed already; the department head may change them."
                )
            )
        self._tsm_check_not_worked_on(action)
        for ticket in self:
            points = ticket.reviewed_points or ticket._tsm_proposed_points()
            flow(ticket).write(
                {
                    "reviewed_points": points,
                    "review_state": "supervisor",
                    "reviewed_by_id": self.env.user.id,
                }
            )
        return True

    def action_review_head(self):
        """The department head confirms (or changes) the reviewed value; not
        the supervisor who reviewed it first."""
        action = self.env._("confirm")
        self._tsm_require(MANAGER, action=self.env._("confirm reviewed ticket points"))
        self._tsm_check_state(SOLVED_STATES, self.env._("reviewed"))
        for ticket in self:
            ticket._tsm_check_other_actor(
                ticket.sudo().engineer_line_ids.user_id | ticket.reviewed_by_id, action
            )
            points = ticket.reviewed_points or ticket._tsm_proposed_points()
            flow(ticket).write(
                {
                    "reviewed_points": points,
                    "review_state": "head",
                    "head_reviewed_by_id": self.env.user.id,
                    "reviewed_by_id": ticket.reviewed_by_id.id or self.env.user.id,
                }
            )
        return True

    def _tsm_proposed_points(self):
        """The allowed value nearest the engineers' average self-rating."""
        self.ensure_one()
        allowed = rating_values(self.env)
        if not allowed:
            return 0.0
        average = self.self_rating_avg or allowed[0]
        return min(allowed, key=lambda value: (abs(value - average), value))

    def action_mark_quality(self):
        """Supervisor: record the form-quality marks (RULES.md §2.4)."""
        self._tsm_require(LEADER, action=self.env._("mark ticket forms and work logs"))
        self._tsm_check_state(SOLVED_STATES, self.env._("marked"))
        self._tsm_check_not_worked_on(self.env._("mark"))
        for ticket in self:
            if (ticket.form_unqualified and not ticket.form_unqualified_reason) or (
                ticket.worklog_unqualified and not ticket.worklog_unqualified_reason
            ):
                raise UserError(
                    self.env._("Say why the form or work log of %s is unqualified.", ticket.name)
                )
        flow(self).write({"quality_checked_by_id": self.env.user.id})
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

    def action_send_rating(self):
        """E-mail the customer a rating request (rating.mixin), for customers
        who prefer it to a phone callback."""
        template = self.env.ref("hr_tech_service.mail_template_tsm_ticket_rating")
        for ticket in self:
            if ticket.state not in SOLVED_STATES:
                raise UserError(
                    self.env._(
                        "Ticket %s is not solved: there is nothing to rate yet.", ticket.name
                    )
                )
        return self.rating_send_request(template, force_send=False)

    @api.model
    def _cron_refresh_late(self):
        """Daily: the late flags of open tickets and tasks are stored, and
        time passing changes nothing they depend on; recompute them for the
        records still open (a fixed number of queries)."""
        open_tickets = self.search([("state", "in", ("new", "assigned", "in_progress"))])
        self.env.add_to_compute(self._fields["response_late"], open_tickets)
        Task = self.env["tsm.task"]
        open_tasks = Task.search([("state", "not in", ("done", "cancelled"))])
        self.env.add_to_compute(Task._fields["is_late"], open_tasks)
        self.env.flush_all()

    # ------------------------------------------------------------------
    # Mail and rating
    # ------------------------------------------------------------------
    def _tsm_send_mail(self, xmlid):
        template = self.env.ref(xmlid, raise_if_not_found=False)
        if not template or self.env.context.get("tsm_no_customer_mail"):
            return
        for ticket in self.filtered("partner_id.email"):
            ticket.message_post_with_source(
                template, subtype_xmlid="mail.mt_comment", email_layout_xmlid=False
            )

    def _rating_get_partner(self):
        return self.partner_id

    def _rating_get_operator(self):
        return (self.owner_id.user_id or self.first_engineer_id.user_id).partner_id

    def _tsm_check_rating_requester(self):
        """A rating request (and the customer's token in it) comes from the
        service desk or a department manager who did not work on the ticket:
        whoever holds the token can answer the customer's rating page."""
        self._tsm_require(DESK, MANAGER, action=self.env._("ask customers for a rating"))
        self._tsm_check_not_worked_on(self.env._("ask for a rating about"))

    def _rating_get_access_token(self, partner=None):
        """One rating per solution: every request about the current solution
        carries the same token, so that a second answer updates the first."""
        self.ensure_one()
        if not self.env.su:
            self._tsm_check_rating_requester()
        ticket = self.sudo()
        partner = partner or ticket._rating_get_partner()
        rating = ticket.solution_rating_id
        if rating and rating.partner_id == partner:
            return rating.access_token
        token = super(TsmTicket, ticket)._rating_get_access_token(partner=partner)
        rating = self.env["rating.rating"].sudo().search([("access_token", "=", token)], limit=1)
        flow(ticket).solution_rating_id = rating
        return token

    def rating_send_request(self, template, lang=False, force_send=True):
        """E-mail the rating request to the customer only. It is not posted
        on the ticket as rating.mixin does: its links carry the customer's
        token, which the engineers reading the chatter must not have."""
        self._tsm_check_rating_requester()
        if lang:
            template = template.with_context(lang=lang)
        for ticket in self:
            template.send_mail(
                ticket.id,
                force_send=force_send,
                email_layout_xmlid="mail.mail_notification_light",
                email_values={"model": False, "res_id": False},
            )
            ticket.message_post(
                body=self.env._("Rating request e-mailed to %s.", ticket.partner_id.display_name),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def rating_apply(
        self,
        rate,
        token=None,
        rating=None,
        feedback=None,
        subtype_xmlid=None,
        notify_delay_send=False,
    ):
        """The customer's answer on the rating page (Odoo's /rate/<token>
        routes, which call this as superuser once they found the token) is a
        callback by e-mail (RULES.md §2.1): one callback per rating, updated
        when the customer answers again. Nobody else records a rating."""
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "Only the customer rates a service ticket, on the page their rating "
                    "request links to."
                )
            )
        rating = super().rating_apply(
            rate,
            token=token,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        ticket = self.browse(rating.res_id)
        if ticket.state not in SOLVED_STATES or rating != ticket.solution_rating_id:
            # Rated after it was reopened: the answer stays on the rating only.
            return rating
        values = {
            "date": fields.Datetime.now(),
            "reached": True,
            "satisfaction": CALLBACK_FROM_RATING.get(rating.rating_text, "neutral"),
            "comment": feedback,
        }
        callback = ticket.callback_ids.filtered(lambda callback: callback.rating_id == rating)
        if callback:
            flow(callback).write(values)
        else:
            flow(self.env["tsm.ticket.callback"]).create(
                {
                    **values,
                    "ticket_id": ticket.id,
                    "channel": "rating",
                    "rating_id": rating.id,
                    "user_id": False,
                }
            )
        return rating

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
