from collections import defaultdict

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.base.models.res_partner import _tz_get

from ..tools.flow import flow
from ..tools.policy import Allow
from ..tools.trip_vocabulary import (
    ALLOWANCE_FIELDS,
    DEPT_MANAGER,
    DESTINATION_CLASS_RANK,
    DESTINATION_CLASSES,
    EMPLOYEE,
    GENERAL_MANAGEMENT,
    HR_OFFICER,
    LODGING_CASES,
    RELATED_DOCUMENT_MODELS,
    REQUEST_FIELDS,
    REQUEST_STATES,
    TRIP_PURPOSES,
)


class TsmTrip(models.Model):
    """A business trip (出差申请 / 出差派遣单): who travels, why, the
    itinerary, the approval, the daily reports during the trip and the
    settlement of allowances and expenses on return.

    This file holds the trip itself: its fields, its states and the buttons
    that move it through them, and its write policy. The same model is
    continued by tsm_trip_allowance.py (the allowance working, through the
    engine of tools/trip_allowance.py), tsm_trip_pay_lines.py (its pay lines)
    and tsm_trip_cron.py (the daily start of trips and missing-report
    flags)."""

    _name = "tsm.trip"
    _description = "Business Trip"
    _inherit = ["mail.thread", "mail.activity.mixin", "tsm.pay.source.mixin", "tsm.guard.mixin"]
    _order = "date_from desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "destination_summary"]
    # The requester and the travellers (or the manager approving them) write
    # the request while it is a draft; submitted, it is frozen, and only an
    # approved extension lets the travellers stay longer. The actual departure
    # and return are recorded once under way. States, approvals, the time zone
    # the days are counted in and every amount are set by the buttons or
    # computed. The reference is always the sequence's (see create()).
    _tsm_policy = (
        Allow("name", on="create"),
        Allow(REQUEST_FIELDS, states=REQUEST_STATES, who="_tsm_who_party_or_approver"),
        Allow(
            "actual_departure actual_return",
            states=("in_progress", "returned"),
            who="_tsm_who_party_or_approver",
        ),
        Allow("note", who="_tsm_who_party_or_approver"),
        Allow(on="unlink", states=("draft", "cancel", "refused"), who="_tsm_who_party"),
    )

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    employee_id = fields.Many2one(
        "hr.employee",
        string="Requested By",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        default=lambda self: self.env.user.employee_id,
        help="The employee filing the request. Each traveller is approved by the manager of "
        "their own department (the manager above for the department's manager).",
    )
    department_id = fields.Many2one(
        "hr.department",
        compute="_compute_department_id",
        store=True,
        index=True,
        check_company=True,
        tracking=True,
        help="The requester's department.",
    )
    traveller_ids = fields.One2many(
        "tsm.trip.traveller",
        "trip_id",
        string="Travellers",
        copy=True,
        help="Each traveller gets their own allowance and pay lines. Nobody added: the "
        "employee requesting the trip travels.",
    )
    employee_ids = fields.Many2many(
        "hr.employee",
        "tsm_trip_employee_rel",
        "trip_id",
        "employee_id",
        string="Employees",
        compute="_compute_employee_ids",
        store=True,
    )
    traveller_count = fields.Integer(compute="_compute_employee_ids", store=True)
    purpose = fields.Selection(TRIP_PURPOSES, required=True, default="guidance", tracking=True)
    description = fields.Text(string="Work to Do")
    customer_id = fields.Many2one("res.partner", tracking=True)
    related_ref = fields.Reference(
        selection="_selection_related_ref",
        string="Related Ticket or Job",
        help="The service ticket or job the trip is for, where there is one.",
    )
    leg_ids = fields.One2many("tsm.trip.leg", "trip_id", string="Itinerary")
    planned_departure = fields.Datetime(compute="_compute_planned", store=True)
    planned_return = fields.Datetime(compute="_compute_planned", store=True)
    destination_summary = fields.Char(string="Destination", compute="_compute_planned", store=True)
    destination_class = fields.Selection(
        DESTINATION_CLASSES,
        compute="_compute_planned",
        store=True,
        help="The farthest class of the trip's destinations.",
    )
    out_of_town = fields.Boolean(
        compute="_compute_planned",
        store=True,
        help="At least one destination outside the city: transport costs are reimbursed.",
    )
    tz = fields.Selection(
        _tz_get,
        string="Timezone",
        compute="_compute_tz",
        store=True,
        help="Time zone in which the trip's days are counted: the requester's, as HR records it.",
    )
    client_lodging = fields.Selection(
        [("no", "No"), ("yes", "Yes"), ("partly", "Partly")],
        string="Client Provides Food and Lodging",
        required=True,
        default="no",
        tracking=True,
    )
    office_stay = fields.Boolean(
        string="Stays at a Regional Office",
        tracking=True,
        help="The travellers stay in a regional office rented by the company.",
    )
    lodging_case = fields.Selection(LODGING_CASES, compute="_compute_lodging_case")
    actual_departure = fields.Datetime(tracking=True, copy=False)
    actual_return = fields.Datetime(tracking=True, copy=False)
    extension_ids = fields.One2many("tsm.trip.extension", "trip_id", string="Extensions")
    extended_return = fields.Datetime(
        compute="_compute_extended_return",
        store=True,
        help="The return date of the latest approved extension.",
    )
    datetime_start = fields.Datetime(compute="_compute_dates", store=True, string="Start")
    datetime_end = fields.Datetime(compute="_compute_dates", store=True, string="End")
    date_from = fields.Date(
        string="Departure Date",
        compute="_compute_dates",
        store=True,
        index=True,
        help="Actual departure date, or the planned one before departure.",
    )
    date_to = fields.Date(
        string="Return Date",
        compute="_compute_dates",
        store=True,
        index=True,
        help="Actual return date, or the planned (or extended) one before return. Pay lines "
        "go to the pay period of this date.",
    )
    itinerary_date_from = fields.Date(compute="_compute_dates", store=True)
    allowed_date_to = fields.Date(
        string="Allowed Until",
        compute="_compute_dates",
        store=True,
        help="Last day of the itinerary, or of its latest approved extension.",
    )
    days_beyond_itinerary = fields.Integer(
        compute="_compute_dates",
        store=True,
        help="Days after the itinerary without an approved extension: no allowance and no "
        "reimbursement for them.",
    )
    beyond_itinerary_message = fields.Char(compute="_compute_beyond_itinerary_message")
    expense_ids = fields.One2many("tsm.trip.expense", "trip_id", string="Expense Lines")
    report_ids = fields.One2many("tsm.trip.report", "trip_id", string="Daily Reports")
    flag_ids = fields.One2many("tsm.trip.flag", "trip_id", string="Absence Flags")
    day_ids = fields.One2many("tsm.trip.day", "trip_id", string="Allowance Working")
    report_count = fields.Integer(compute="_compute_counts")
    flag_count = fields.Integer(string="Open Flags", compute="_compute_counts")
    pending_extension_count = fields.Integer(compute="_compute_counts")
    advance_amount = fields.Monetary(
        string="Advance", compute="_compute_amounts", store=True, aggregator="sum"
    )
    allowance_amount = fields.Monetary(
        string="Allowance", compute="_compute_amounts", store=True, aggregator="sum"
    )
    discretionary_amount = fields.Monetary(
        string="Discretionary", compute="_compute_amounts", store=True, aggregator="sum"
    )
    expense_amount = fields.Monetary(
        string="Expenses", compute="_compute_amounts", store=True, aggregator="sum"
    )
    reimbursable_amount = fields.Monetary(
        string="Reimbursed", compute="_compute_amounts", store=True, aggregator="sum"
    )
    net_amount = fields.Monetary(
        string="Net Payable",
        compute="_compute_amounts",
        store=True,
        aggregator="sum",
        help="Allowance + discretionary amount + reimbursed expenses - advance.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("in_progress", "In Progress"),
            ("returned", "Returned"),
            ("settled", "Settled"),
            ("refused", "Refused"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        index=True,
        copy=False,
        tracking=True,
    )
    refuse_reason = fields.Text(readonly=True, copy=False, tracking=True)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    approved_date = fields.Datetime(readonly=True, copy=False)
    settled_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    settled_date = fields.Datetime(readonly=True, copy=False)
    can_approve = fields.Boolean(compute="_compute_user_rights")
    can_settle = fields.Boolean(compute="_compute_user_rights")
    is_party = fields.Boolean(compute="_compute_user_rights")
    note = fields.Html()

    # ------------------------------------------------------------------
    # Defaults and computes
    # ------------------------------------------------------------------
    @api.depends("employee_id")
    def _compute_department_id(self):
        for trip in self:
            trip.department_id = trip.employee_id.department_id

    @api.depends("traveller_ids.employee_id")
    def _compute_employee_ids(self):
        for trip in self:
            trip.employee_ids = trip.traveller_ids.employee_id
            trip.traveller_count = len(trip.traveller_ids)

    @api.model
    def _selection_related_ref(self):
        records = self.env["ir.model"].sudo().search([("model", "in", RELATED_DOCUMENT_MODELS)])
        return [(record.model, record.name) for record in records]

    @api.depends(
        "leg_ids.departure",
        "leg_ids.arrival",
        "leg_ids.is_return",
        "leg_ids.destination_class",
        "leg_ids.city",
        "leg_ids.to_place",
    )
    def _compute_planned(self):
        for trip in self:
            legs = trip.leg_ids.sorted(lambda leg: (leg.sequence, leg.id))
            departures = [leg.departure for leg in legs if leg.departure]
            arrivals = [leg.arrival for leg in legs if leg.arrival]
            trip.planned_departure = min(departures, default=False)
            trip.planned_return = max(arrivals, default=False)
            stops = legs.filtered(lambda leg: not leg.is_return)
            places = []
            for leg in stops:
                place = leg.city or leg.to_place
                if place and place not in places:
                    places.append(place)
            trip.destination_summary = ", ".join(places)
            classes = [leg.destination_class for leg in stops if leg.destination_class]
            trip.destination_class = max(classes, key=DESTINATION_CLASS_RANK.get, default=False)
            trip.out_of_town = any(cls != "same_city" for cls in classes)

    @api.depends("employee_id")
    def _compute_tz(self):
        for trip in self:
            employee = trip.employee_id.sudo()
            trip.tz = employee.tz or trip.company_id.partner_id.sudo().tz or trip.tz or "UTC"

    @api.depends("client_lodging", "office_stay")
    def _compute_lodging_case(self):
        for trip in self:
            trip.lodging_case = trip._tsm_lodging_case()

    @api.depends("extension_ids.state", "extension_ids.requested_return")
    def _compute_extended_return(self):
        for trip in self:
            approved = trip.extension_ids.filtered(lambda ext: ext.state == "approved")
            trip.extended_return = max(approved.mapped("requested_return"), default=False)

    @api.depends(
        "planned_departure",
        "planned_return",
        "extended_return",
        "actual_departure",
        "actual_return",
        "tz",
    )
    def _compute_dates(self):
        for trip in self:
            start = trip.actual_departure or trip.planned_departure
            allowed_end = max(
                [dt for dt in (trip.planned_return, trip.extended_return) if dt], default=False
            )
            end = trip.actual_return or allowed_end
            trip.datetime_start = start
            trip.datetime_end = end
            trip.date_from = trip._tsm_local_date(start)
            trip.date_to = trip._tsm_local_date(end)
            trip.itinerary_date_from = trip._tsm_local_date(trip.planned_departure)
            trip.allowed_date_to = trip._tsm_local_date(allowed_end)
            if trip.date_to and trip.allowed_date_to and trip.date_to > trip.allowed_date_to:
                trip.days_beyond_itinerary = (trip.date_to - trip.allowed_date_to).days
            else:
                trip.days_beyond_itinerary = 0

    @api.depends("days_beyond_itinerary", "allowed_date_to")
    def _compute_beyond_itinerary_message(self):
        for trip in self:
            trip.beyond_itinerary_message = (
                self.env._(
                    "%(days)s day(s) after the itinerary (allowed until %(date)s) without an "
                    "approved extension: no allowance and no reimbursement for them.",
                    days=trip.days_beyond_itinerary,
                    date=trip.allowed_date_to,
                )
                if trip.days_beyond_itinerary
                else False
            )

    def _compute_counts(self):
        reports = dict(
            self.env["tsm.trip.report"]._read_group(
                [("trip_id", "in", self.ids)], ["trip_id"], ["__count"]
            )
        )
        flags = dict(
            self.env["tsm.trip.flag"]._read_group(
                [("trip_id", "in", self.ids), ("state", "=", "open")], ["trip_id"], ["__count"]
            )
        )
        extensions = dict(
            self.env["tsm.trip.extension"]._read_group(
                [("trip_id", "in", self.ids), ("state", "=", "submitted")],
                ["trip_id"],
                ["__count"],
            )
        )
        for trip in self:
            trip.report_count = reports.get(trip, 0)
            trip.flag_count = flags.get(trip, 0)
            trip.pending_extension_count = extensions.get(trip, 0)

    @api.depends(
        "traveller_ids.advance_amount",
        "traveller_ids.allowance_amount",
        "traveller_ids.discretionary_amount",
        "traveller_ids.expense_amount",
        "traveller_ids.reimbursable_amount",
        "traveller_ids.net_amount",
    )
    def _compute_amounts(self):
        for trip in self:
            travellers = trip.traveller_ids
            trip.advance_amount = sum(travellers.mapped("advance_amount"))
            trip.allowance_amount = sum(travellers.mapped("allowance_amount"))
            trip.discretionary_amount = sum(travellers.mapped("discretionary_amount"))
            trip.expense_amount = sum(travellers.mapped("expense_amount"))
            trip.reimbursable_amount = sum(travellers.mapped("reimbursable_amount"))
            trip.net_amount = sum(travellers.mapped("net_amount"))

    @api.depends_context("uid")
    @api.depends("traveller_ids.approver_id", "traveller_ids.employee_id", "employee_id")
    def _compute_user_rights(self):
        approving = self._tsm_who_approver()
        hr = self.env.user.has_group(HR_OFFICER)
        for trip in self:
            trip.can_approve = trip in approving
            trip.is_party = trip._tsm_is_party()
            trip.can_settle = trip.can_approve or (
                hr and self.env.user not in trip._tsm_traveller_users()
            )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("actual_departure", "actual_return")
    def _check_actual_dates(self):
        for trip in self:
            if (
                trip.actual_departure
                and trip.actual_return
                and trip.actual_return < trip.actual_departure
            ):
                raise ValidationError(
                    self.env._(
                        "Trip %(trip)s: the return (%(return)s) cannot be before the departure "
                        "(%(departure)s).",
                        trip=trip.name,
                        **{"return": trip.actual_return, "departure": trip.actual_departure},
                    )
                )

    @api.constrains("datetime_start", "datetime_end", "state", "traveller_ids")
    def _check_overlap(self):
        self._tsm_check_overlaps()

    def _tsm_check_overlaps(self):
        """No employee is on two live trips at the same time; one query for
        all the trips checked."""
        trips = self.filtered(
            lambda t: t.state not in ("cancel", "refused") and t.datetime_start and t.datetime_end
        )
        if not trips:
            return
        employees = trips.traveller_ids.employee_id
        others = (
            self.env["tsm.trip.traveller"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", employees.ids),
                    ("trip_id.state", "not in", ("cancel", "refused")),
                    ("trip_id.datetime_start", "<", max(trips.mapped("datetime_end"))),
                    ("trip_id.datetime_end", ">", min(trips.mapped("datetime_start"))),
                ]
            )
        )
        by_employee = defaultdict(list)
        for traveller in others:
            by_employee[traveller.employee_id].append(traveller.trip_id)
        for trip in trips:
            for employee in trip.traveller_ids.employee_id:
                for other in by_employee[employee]:
                    if (
                        other.id != trip.id
                        and other.datetime_start < trip.datetime_end
                        and other.datetime_end > trip.datetime_start
                    ):
                        raise ValidationError(
                            self.env._(
                                "%(employee)s is already on trip %(other)s from %(start)s to "
                                "%(end)s: trips of one employee cannot overlap.",
                                employee=employee.name,
                                other=other.name,
                                start=other.date_from,
                                end=other.date_to,
                            )
                        )

    def _tsm_check_itinerary(self):
        """Legs in order, each arriving after it departs and departing after
        the previous one arrived; every destination has a class."""
        for trip in self:
            previous = None
            for leg in trip.leg_ids.sorted(lambda leg: (leg.sequence, leg.id)):
                if leg.departure and leg.arrival and leg.arrival < leg.departure:
                    raise ValidationError(
                        self.env._(
                            "Leg %(from)s → %(to)s of trip %(trip)s arrives before it departs.",
                            trip=trip.name,
                            **{"from": leg.from_place, "to": leg.to_place},
                        )
                    )
                if not leg.is_return and not leg.destination_class:
                    raise ValidationError(
                        self.env._(
                            "The destination %(place)s of trip %(trip)s has no class: choose "
                            "out of province, prefecture-level city, county level or same city.",
                            place=leg.city or leg.to_place,
                            trip=trip.name,
                        )
                    )
                if previous and leg.departure and previous.arrival:
                    if leg.departure < previous.arrival:
                        raise ValidationError(
                            self.env._(
                                "The itinerary of trip %(trip)s is out of order: leg "
                                "%(from)s → %(to)s departs before the previous leg arrives "
                                "in %(previous)s.",
                                trip=trip.name,
                                previous=previous.to_place,
                                **{"from": leg.from_place, "to": leg.to_place},
                            )
                        )
                if previous and previous.is_return:
                    raise ValidationError(
                        self.env._(
                            "The return journey must be the last leg of trip %(trip)s.",
                            trip=trip.name,
                        )
                    )
                previous = leg

    @api.onchange("employee_id")
    def _onchange_employee_id(self):
        if self.employee_id and not self.traveller_ids:
            self.traveller_ids = [fields.Command.create({"employee_id": self.employee_id.id})]

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        trusted = self._tsm_guard_trusted()
        if not trusted and any(vals.get("state", "draft") != "draft" for vals in vals_list):
            # Refused before the lines are created, which check the trip's state.
            self._tsm_guard_refuse("create", "state")
        for vals in vals_list:
            if not vals.get("traveller_ids") and vals.get("employee_id"):
                vals["traveller_ids"] = [
                    fields.Command.create({"employee_id": vals["employee_id"]})
                ]
            # The reference is the sequence's, whatever a client sends.
            if not trusted or vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = (
                    self.env["ir.sequence"].with_company(company).next_by_code("tsm.trip") or "/"
                )
        trips = super(TsmTrip, self._tsm_allowance_deferred()).create(vals_list)
        trips = trips.with_env(self.env)
        trips._tsm_check_itinerary()
        trips._tsm_compute_allowance_days()
        return trips

    def write(self, vals):
        res = super(TsmTrip, self._tsm_allowance_deferred()).write(vals)
        if ALLOWANCE_FIELDS & set(vals) or {"leg_ids", "traveller_ids"} & set(vals):
            if "leg_ids" in vals:
                self._tsm_check_itinerary()
            self._tsm_compute_allowance_days()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_paid(self):
        for trip in self:
            if trip.pay_line_count:
                raise UserError(
                    self.env._("Trip %(trip)s has pay lines and cannot be deleted.", trip=trip.name)
                )

    # ------------------------------------------------------------------
    # Rights: who files, travels on and approves a trip
    # ------------------------------------------------------------------
    def _tsm_party_users(self):
        """The users who file or travel on these trips."""
        return (self.employee_id | self.traveller_ids.employee_id).sudo().user_id

    def _tsm_traveller_users(self):
        """The users who travel on these trips."""
        return self.traveller_ids.employee_id.sudo().user_id

    def _tsm_is_party(self, user=None):
        """The user files or takes part in the trip."""
        self.ensure_one()
        return (user or self.env.user) in self._tsm_party_users()

    def _tsm_approvable_travellers(self):
        """The travellers of these trips that the current user approves: the
        user is the traveller's approver (the manager of the traveller's
        department, or the manager above for the department's manager, see
        tsm.trip.traveller.approver_id), or general management for a traveller
        with nobody above them. Separation of duties is checked by the
        actions (a traveller never approves a trip they travel on)."""
        if self.env.su:
            return self.traveller_ids
        user = self.env.user
        general = user.has_group(GENERAL_MANAGEMENT)
        return self.traveller_ids.filtered(
            lambda traveller: (
                traveller.approver_id == user or (general and not traveller.approver_id)
            )
        )

    def _tsm_who_party(self):
        if self.env.su:
            return self
        user = self.env.user
        return self.filtered(lambda trip: user in trip._tsm_party_users())

    def _tsm_who_approver(self):
        """The trips whose travellers (some of them) the user approves, and
        that the user does not travel on."""
        if self.env.su:
            return self
        user = self.env.user
        return self.filtered(
            lambda trip: (
                trip._tsm_approvable_travellers() and user not in trip._tsm_traveller_users()
            )
        )

    def _tsm_who_party_or_approver(self):
        return self._tsm_who_party() | self._tsm_who_approver()

    def _tsm_check_approver(self, action):
        """Refuse unless the user approves travellers of each trip, and does
        not travel on it (unless the company lets one person hold two roles;
        noted in the chatter). ``action`` says what they tried ("settle")."""
        for trip in self:
            if not trip._tsm_approvable_travellers():
                raise AccessError(
                    self.env._(
                        "Only the manager approving the travellers of trip %(trip)s (their "
                        "department's manager, or the manager above) may %(action)s it.",
                        trip=trip.name,
                        action=action,
                    )
                )
            trip._tsm_check_other_actor(trip._tsm_traveller_users(), action)

    def _tsm_check_party_or_approver(self):
        for trip in self:
            if not (self.env.su or trip._tsm_is_party() or trip._tsm_approvable_travellers()):
                raise AccessError(
                    self.env._(
                        "Only the travellers of trip %(trip)s or its approver can do this.",
                        trip=trip.name,
                    )
                )

    def _tsm_check_state(self, states, action):
        """Refuse the ``action`` (a key of :meth:`_tsm_state_messages`) on
        trips whose state is not in ``states``."""
        for trip in self:
            if trip.state not in states:
                raise UserError(trip._tsm_state_messages()[action])

    def _tsm_state_messages(self):
        self.ensure_one()
        trip = self.name
        return {
            "submit": self.env._(
                "Trip %(trip)s is no longer a draft: it cannot be submitted.", trip=trip
            ),
            "approve": self.env._(
                "Only submitted trips can be approved; trip %(trip)s is not.", trip=trip
            ),
            "refuse": self.env._(
                "Only submitted or approved trips can be refused; trip %(trip)s is not.", trip=trip
            ),
            "start": self.env._(
                "Only approved trips can start; trip %(trip)s is not approved.", trip=trip
            ),
            "return": self.env._(
                "Only trips under way can be marked as returned; trip %(trip)s is not under way.",
                trip=trip,
            ),
            "settle": self.env._(
                "Only returned trips can be settled; trip %(trip)s is not.", trip=trip
            ),
            "cancel": self.env._(
                "Trip %(trip)s has started or is closed: it cannot be cancelled.", trip=trip
            ),
            "draft": self.env._(
                "Only submitted, refused or cancelled trips go back to draft; trip %(trip)s does "
                "not.",
                trip=trip,
            ),
            "recompute": self.env._(
                "The allowance of trip %(trip)s is closed: it is not recomputed.", trip=trip
            ),
        }

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_submit(self):
        self._tsm_require(EMPLOYEE, action=self.env._("submit trips"))
        self._tsm_check_state(("draft",), "submit")
        self._tsm_check_party_or_approver()
        for trip in self:
            if not trip.traveller_ids:
                raise UserError(self.env._("Trip %s has no traveller.", trip.name))
            if not trip.leg_ids:
                raise UserError(
                    self.env._("Trip %s has no itinerary: add at least one leg.", trip.name)
                )
            last = trip.leg_ids.sorted(lambda leg: (leg.sequence, leg.id))[-1:]
            if not last.is_return:
                raise UserError(
                    self.env._(
                        "The itinerary of trip %s must end with the return journey (a leg "
                        "marked as return).",
                        trip.name,
                    )
                )
        self._tsm_check_itinerary()
        flow(self).write({"state": "submitted", "refuse_reason": False})
        self._tsm_compute_allowance_days()
        self._tsm_schedule_approval()
        return True

    def action_approve(self):
        """Each approver approves the travellers they answer for (the manager
        of the traveller's department, or the manager above); the trip is
        approved once every traveller is."""
        self._tsm_require(DEPT_MANAGER, action=self.env._("approve trips"))
        self._tsm_check_state(("submitted",), "approve")
        approved = self._tsm_travellers_to_approve()
        now = fields.Datetime.now()
        flow(approved).write({"approved_by_id": self.env.uid, "approved_date": now})
        complete = self.filtered(
            lambda trip: all(traveller.approved_by_id for traveller in trip.traveller_ids)
        )
        flow(complete).write(
            {"state": "approved", "approved_by_id": self.env.uid, "approved_date": now}
        )
        self.activity_feedback(
            ["hr_tech_service.mail_activity_type_trip_approval"], user_id=self.env.uid
        )
        complete.activity_unlink(["hr_tech_service.mail_activity_type_trip_approval"])
        self._tsm_post_approval(approved, complete)
        return True

    def _tsm_travellers_to_approve(self):
        """The travellers of these trips the user approves and has not yet
        approved; refused when there are none on a trip, or when the user
        travels on it."""
        approved = self.env["tsm.trip.traveller"]
        for trip in self:
            mine = trip._tsm_approvable_travellers()
            if not mine:
                trip._tsm_check_approver(self.env._("approve"))
            pending = mine.filtered(lambda traveller: not traveller.approved_by_id)
            if not pending:
                raise UserError(
                    self.env._(
                        "You have already approved your travellers of trip %(trip)s; it waits "
                        "for %(approvers)s.",
                        trip=trip.name,
                        approvers=trip._tsm_pending_approvers_text(),
                    )
                )
            trip._tsm_check_other_actor(trip._tsm_traveller_users(), self.env._("approve"))
            approved |= pending
        return approved

    def _tsm_post_approval(self, approved, complete):
        """Tell the trips' parties who approved whom, and what the trips still
        wait for (``complete``: the trips now approved)."""
        for trip in self:
            if trip in complete:
                body = self.env._("Trip approved by %s.", self.env.user.name)
            else:
                body = self.env._(
                    "%(user)s approved %(travellers)s; the trip waits for %(approvers)s.",
                    user=self.env.user.name,
                    travellers=", ".join(
                        (approved & trip.traveller_ids).employee_id.sudo().mapped("name")
                    ),
                    approvers=trip._tsm_pending_approvers_text(),
                )
            trip.message_post(
                body=body,
                partner_ids=trip._tsm_party_partners().ids,
                subtype_xmlid="mail.mt_note",
            )

    def action_refuse_wizard(self):
        self._tsm_require(DEPT_MANAGER, action=self.env._("refuse trips"))
        self._tsm_check_state(("submitted", "approved"), "refuse")
        self._tsm_check_approver(self.env._("refuse"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refuse Trip"),
            "res_model": "tsm.trip.refuse",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": "tsm.trip", "active_ids": self.ids},
        }

    def _tsm_refuse(self, reason):
        self._tsm_require(DEPT_MANAGER, action=self.env._("refuse trips"))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for refusing the trip."))
        self._tsm_check_state(("submitted", "approved"), "refuse")
        self._tsm_check_approver(self.env._("refuse"))
        flow(self).write({"state": "refused", "refuse_reason": reason.strip()})
        self._tsm_compute_allowance_days()
        self.activity_unlink(["hr_tech_service.mail_activity_type_trip_approval"])
        for trip in self:
            trip.message_post(
                body=self.env._(
                    "Trip refused by %(user)s: %(reason)s", user=self.env.user.name, reason=reason
                ),
                partner_ids=trip._tsm_party_partners().ids,
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_start(self):
        """The travellers leave: the trip is in progress and daily reports are due."""
        self._tsm_require(EMPLOYEE, action=self.env._("record a departure"))
        self._tsm_check_state(("approved",), "start")
        self._tsm_check_party_or_approver()
        now = fields.Datetime.now()
        for trip in self:
            flow(trip).write(
                {
                    "state": "in_progress",
                    "actual_departure": trip.actual_departure
                    or min(now, trip.planned_departure or now),
                }
            )
        return True

    def action_return(self):
        """The travellers are back: record the actual return (now unless entered)."""
        self._tsm_require(EMPLOYEE, action=self.env._("record a return"))
        self._tsm_check_state(("in_progress",), "return")
        self._tsm_check_party_or_approver()
        now = fields.Datetime.now()
        for trip in self:
            actual_return = trip.actual_return or now
            if actual_return > now:
                raise UserError(
                    self.env._(
                        "Trip %(trip)s: the actual return %(return)s is in the future.",
                        trip=trip.name,
                        **{"return": actual_return},
                    )
                )
            flow(trip).write({"state": "returned", "actual_return": actual_return})
        # Reports are no longer due after the return: drop open flags beyond it.
        self.env["tsm.trip.flag"].sudo().search(
            [
                ("trip_id", "in", self.ids),
                ("kind", "=", "missing_report"),
                ("state", "=", "open"),
            ]
        ).filtered(lambda flag: flag.date > flag.trip_id.date_to).unlink()
        return True

    def action_settle(self):
        """Close the trip: final allowance working, policy checks, pay lines
        in the period of the return date; the trip is locked afterwards.
        Settled by a manager approving its travellers, or by HR; never by a
        traveller."""
        self._tsm_require(DEPT_MANAGER, HR_OFFICER, action=self.env._("settle trips"))
        if any(trip.state in ("draft", "submitted", "approved", "in_progress") for trip in self):
            raise UserError(
                self.env._(
                    "Trip %s cannot be settled before the travellers have returned: mark it "
                    "as returned first.",
                    self.filtered(
                        lambda t: t.state in ("draft", "submitted", "approved", "in_progress")
                    )[:1].name,
                )
            )
        self._tsm_check_state(("returned",), "settle")
        if not self.env.user.has_group(HR_OFFICER):
            self._tsm_check_approver(self.env._("settle"))
        for trip in self:
            trip._tsm_check_other_actor(trip._tsm_traveller_users(), self.env._("settle"))
        self._tsm_check_settlement()
        self._tsm_compute_allowance_days()
        self._tsm_sync_trip_pay_lines()
        # HR reads trips only: written as superuser once the checks above passed.
        self.sudo().write(
            {
                "state": "settled",
                "settled_by_id": self.env.user.id,
                "settled_date": fields.Datetime.now(),
            }
        )
        return True

    def action_cancel(self):
        self._tsm_require(EMPLOYEE, action=self.env._("cancel trips"))
        self._tsm_check_state(("draft", "submitted", "approved"), "cancel")
        self._tsm_check_party_or_approver()
        flow(self).write({"state": "cancel"})
        self._tsm_compute_allowance_days()
        self.activity_unlink(["hr_tech_service.mail_activity_type_trip_approval"])
        return True

    def action_draft(self):
        """Withdraw a submitted request, or reopen a refused or cancelled one;
        it is approved again from the start."""
        self._tsm_require(EMPLOYEE, action=self.env._("reset trips to draft"))
        self._tsm_check_state(("submitted", "refused", "cancel"), "draft")
        self._tsm_check_party_or_approver()
        flow(self).write({"state": "draft", "approved_by_id": False, "approved_date": False})
        flow(self.traveller_ids).write({"approved_by_id": False, "approved_date": False})
        self._tsm_check_overlaps()
        self._tsm_compute_allowance_days()
        self.activity_unlink(["hr_tech_service.mail_activity_type_trip_approval"])
        return True

    def action_recompute_allowance(self):
        self._tsm_require(EMPLOYEE, action=self.env._("recompute trip allowances"))
        self._tsm_check_state(
            ("draft", "submitted", "approved", "in_progress", "returned"),
            "recompute",
        )
        self._tsm_check_party_or_approver()
        self._tsm_compute_allowance_days()
        return True

    def action_view_reports(self):
        return self._tsm_trip_lines_action("hr_tech_service.tsm_trip_report_action")

    def action_view_flags(self):
        return self._tsm_trip_lines_action("hr_tech_service.tsm_trip_flag_action")

    def _tsm_trip_lines_action(self, xmlid):
        """The window action ``xmlid`` on the records of this trip, for a
        reader of the trip (a smart button's records are the trip's)."""
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("trip_id", "=", self.id)]
        action["context"] = {"default_trip_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _tsm_local_date(self, value):
        """The calendar date of a UTC datetime in the trip's time zone."""
        self.ensure_one()
        if not value:
            return False
        zone = pytz.timezone(self.tz or "UTC")
        return pytz.utc.localize(value).astimezone(zone).date()

    def _tsm_allowed_return(self):
        """The planned return, or that of the latest approved extension."""
        self.ensure_one()
        return max([dt for dt in (self.planned_return, self.extended_return) if dt], default=False)

    def _tsm_lodging_case(self):
        self.ensure_one()
        if self.office_stay:
            return "office"
        return {"yes": "client", "partly": "client_partial"}.get(self.client_lodging, "own")

    def _tsm_party_partners(self):
        self.ensure_one()
        employees = (self.employee_id | self.traveller_ids.employee_id).sudo()
        return employees.user_id.partner_id

    def _tsm_report_lang(self):
        """Reports are printed in the language of the employee who filed the trip."""
        self.ensure_one()
        employee = self.employee_id.sudo()
        return employee.user_id.lang or employee.work_contact_id.lang or self.env.lang

    def _tsm_schedule_approval(self):
        """An activity for each manager who approves travellers of the trip."""
        for trip in self:
            for approver in trip.traveller_ids.approver_id:
                trip.sudo().activity_schedule(
                    "hr_tech_service.mail_activity_type_trip_approval",
                    user_id=approver.id,
                    summary=self.env._("Approve trip %(trip)s", trip=trip.name),
                )

    def _tsm_pending_approvers_text(self):
        """Who has still to approve travellers of the trip, for messages."""
        self.ensure_one()
        pending = self.traveller_ids.filtered(lambda traveller: not traveller.approved_by_id)
        names = pending.approver_id.mapped("name")
        if pending.filtered(lambda traveller: not traveller.approver_id):
            names.append(self.env._("general management"))
        return ", ".join(names)

    def _tsm_check_settlement(self):
        """What keeps a trip from being settled: an extension still to decide,
        a flight or taxi without prior approval, a reimbursed cost without
        its ticket or receipt."""
        for trip in self:
            pending = trip.extension_ids.filtered(lambda ext: ext.state == "submitted")
            if pending:
                raise UserError(
                    self.env._(
                        "Trip %(trip)s has an extension request waiting for a decision: "
                        "approve or refuse it before settling.",
                        trip=trip.name,
                    )
                )
            trip._tsm_check_transport_approved()
            missing = trip.expense_ids.filtered(
                lambda exp: exp.reimburse_status == "ok" and not exp.attachment_ids
            )
            if missing:
                raise UserError(
                    self.env._(
                        "Trip %(trip)s: attach the ticket or receipt of %(expenses)s before "
                        "settling.",
                        trip=trip.name,
                        expenses=", ".join(f"“{exp.name}”" for exp in missing),
                    )
                )

    def _tsm_check_transport_approved(self):
        """Flights, taxis and other transport need the prior approval of their
        leg; bus, train and ship do not."""
        self.ensure_one()
        unapproved = self.expense_ids.filtered(
            lambda exp: exp.reimburse_status == "unapproved_transport"
        )
        if not unapproved:
            return
        modes = dict(unapproved._fields["transport_mode"]._description_selection(self.env))
        raise UserError(
            self.env._(
                "Trip %(trip)s cannot be settled: %(expenses)s. Flights, taxis and other "
                "means of transport need a prior approval recorded on the itinerary "
                "leg; bus, train and ship do not. Remove the cost from the settlement "
                "(the traveller bears it) or link it to the approved leg.",
                trip=self.name,
                expenses="; ".join(
                    self.env._(
                        "%(mode)s cost “%(name)s” of %(date)s (%(amount)s) has no prior approval",
                        mode=modes.get(exp.transport_mode, ""),
                        name=exp.name,
                        date=exp.date,
                        amount=exp.amount,
                    )
                    for exp in unapproved
                ),
            )
        )
