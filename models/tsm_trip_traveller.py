from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.flow import flow
from ..tools.policy import Allow
from ..tools.trip_vocabulary import DEPT_MANAGER, REQUEST_STATES

DISCRETIONARY_FIELDS = {"discretionary_amount", "discretionary_reason"}
# Trip states in which a manager may still grant a discretionary amount.
DISCRETIONARY_STATES = ("draft", "submitted", "approved", "in_progress", "returned")
# How far up the chain of managers an approver is looked for.
MAX_CHAIN = 10


class TsmTripTraveller(models.Model):
    """One employee on a trip, with their own allowance working, expenses,
    advance and pay lines (a trip may send several people)."""

    _name = "tsm.trip.traveller"
    _description = "Trip Traveller"
    _inherit = ["tsm.guard.mixin"]
    _order = "date_from desc, trip_id, id"
    _check_company_auto = True
    _rec_name = "employee_id"
    _tsm_state_field = "trip_id.state"
    # The trip's requester (or the approving manager) lists the travellers and
    # their advances while the request is a draft; the manager approving a
    # traveller grants their discretionary amount. The approval, the allowance
    # and every amount are set by the buttons or computed.
    _tsm_policy = (
        Allow("trip_id", on="create", states=REQUEST_STATES, who="_tsm_who_trip_editor"),
        Allow("employee_id advance_amount", states=REQUEST_STATES, who="_tsm_who_trip_editor"),
        Allow(
            "discretionary_amount discretionary_reason",
            states=DISCRETIONARY_STATES,
            who="_tsm_who_approver",
        ),
        Allow(on="unlink", states=REQUEST_STATES, who="_tsm_who_trip_editor"),
    )

    trip_id = fields.Many2one("tsm.trip", required=True, ondelete="cascade", index=True)
    employee_id = fields.Many2one("hr.employee", required=True, index=True, check_company=True)
    department_id = fields.Many2one(
        "hr.department", related="employee_id.department_id", store=True, index=True
    )
    company_id = fields.Many2one(related="trip_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="trip_id.currency_id")
    trip_state = fields.Selection(related="trip_id.state", store=True, string="Trip State")
    date_from = fields.Date(related="trip_id.date_from", store=True)
    date_to = fields.Date(related="trip_id.date_to", store=True)
    purpose = fields.Selection(related="trip_id.purpose")
    destination_summary = fields.Char(related="trip_id.destination_summary")
    destination_class = fields.Selection(related="trip_id.destination_class")
    customer_id = fields.Many2one(related="trip_id.customer_id")
    approver_id = fields.Many2one(
        "res.users",
        compute="_compute_approver_id",
        store=True,
        index=True,
        help="Who approves this traveller's part of the trip, extensions, costs and absence "
        "flags: the manager of the traveller's department, or the manager above when the "
        "traveller is that manager (or travels with them). Empty: general management.",
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_date = fields.Datetime(readonly=True, copy=False)
    is_new_employee = fields.Boolean(
        string="New Employee",
        readonly=True,
        copy=False,
        help="In probation on the departure date: new-employee allowance and no commission.",
    )
    no_commission = fields.Boolean(
        compute="_compute_no_commission",
        store=True,
        help="New employees earn no piece commission for the trip's work.",
    )
    advance_amount = fields.Monetary(
        string="Advance", help="Advance paid before the trip; deducted at settlement."
    )
    discretionary_amount = fields.Monetary(
        copy=False,
        help="Granted by the manager, e.g. when the client provides food and lodging, by the "
        "size of the project.",
    )
    discretionary_reason = fields.Char(copy=False)
    discretionary_approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    day_ids = fields.One2many("tsm.trip.day", "traveller_id", string="Days")
    expense_ids = fields.One2many("tsm.trip.expense", "traveller_id", string="Expense Lines")
    allowance_days = fields.Integer(compute="_compute_allowance", store=True)
    allowance_rate = fields.Monetary(
        compute="_compute_allowance",
        store=True,
        help="The daily rate when all paid days have the same one.",
    )
    allowance_amount = fields.Monetary(
        string="Allowance", compute="_compute_allowance", store=True, aggregator="sum"
    )
    expense_amount = fields.Monetary(
        string="Expenses", compute="_compute_expenses", store=True, aggregator="sum"
    )
    reimbursable_amount = fields.Monetary(
        string="Reimbursed", compute="_compute_expenses", store=True, aggregator="sum"
    )
    net_amount = fields.Monetary(
        string="Net Payable", compute="_compute_net_amount", store=True, aggregator="sum"
    )
    absence_alert_date = fields.Date(
        readonly=True, copy=False, help="Day HR was alerted of a week of consecutive absence flags."
    )
    current_place = fields.Char(compute="_compute_current_place", string="Where Today")
    has_report_today = fields.Boolean(compute="_compute_current_place", string="Reported Today")
    work_phone = fields.Char(related="employee_id.work_phone")
    mobile_phone = fields.Char(related="employee_id.mobile_phone")

    _sql_constraints = [
        (
            "trip_employee_uniq",
            "unique(trip_id, employee_id)",
            "An employee is listed once per trip.",
        ),
        ("advance_positive", "CHECK(advance_amount >= 0)", "An advance cannot be negative."),
        (
            "discretionary_positive",
            "CHECK(discretionary_amount >= 0)",
            "A discretionary amount cannot be negative.",
        ),
    ]

    @api.depends(
        "employee_id.department_id.manager_id.user_id",
        "employee_id.parent_id.user_id",
        "employee_id.department_id.parent_id.manager_id.user_id",
        "trip_id.traveller_ids.employee_id",
    )
    def _compute_approver_id(self):
        for traveller in self:
            traveller.approver_id = traveller._tsm_find_approver()

    def _tsm_find_approver(self):
        """The manager of the traveller's department; for the department's
        manager, the manager above (their own manager, or the parent
        department's). Someone who travels on the same trip, or who has no
        user with the Department Manager role, passes it on to the manager
        above them. Nobody: general management approves."""
        self.ensure_one()
        employee = self.employee_id.sudo()
        on_trip = self.trip_id.sudo().traveller_ids.employee_id | employee

        def above(person):
            boss = person.parent_id
            if boss and boss != person:
                return boss
            return person.department_id.parent_id.manager_id

        manager = employee.department_id.manager_id
        candidate = manager if manager and manager != employee else above(employee)
        seen = employee
        for _step in range(MAX_CHAIN):
            if not candidate or candidate in seen:
                break
            user = candidate.user_id
            if candidate not in on_trip and user and user.has_group(DEPT_MANAGER):
                return user
            seen |= candidate
            candidate = above(candidate)
        return self.env["res.users"]

    def _tsm_set_new_employee(self, new):
        """Mark the travellers ``new`` of ``self`` as new employees (in
        probation on the departure date) and the others as regular; written
        only where it changes."""
        regular = self - new
        if new.filtered(lambda traveller: not traveller.is_new_employee):
            new.write({"is_new_employee": True})
        if regular.filtered("is_new_employee"):
            regular.write({"is_new_employee": False})

    @api.depends("is_new_employee")
    def _compute_no_commission(self):
        for traveller in self:
            traveller.no_commission = traveller.is_new_employee

    @api.depends("day_ids.counted", "day_ids.amount", "day_ids.rate")
    def _compute_allowance(self):
        groups = {
            traveller: (count, amount, rate_min, rate_max)
            for traveller, count, amount, rate_min, rate_max in self.env[
                "tsm.trip.day"
            ]._read_group(
                [("traveller_id", "in", self.ids), ("counted", "=", True)],
                ["traveller_id"],
                ["__count", "amount:sum", "rate:min", "rate:max"],
            )
        }
        for traveller in self:
            count, amount, rate_min, rate_max = groups.get(traveller, (0, 0.0, 0.0, 0.0))
            traveller.allowance_days = count
            traveller.allowance_amount = amount
            traveller.allowance_rate = rate_min if rate_min == rate_max else 0.0

    @api.depends("expense_ids.amount", "expense_ids.reimbursed_amount")
    def _compute_expenses(self):
        for traveller in self:
            traveller.expense_amount = sum(traveller.expense_ids.mapped("amount"))
            traveller.reimbursable_amount = sum(traveller.expense_ids.mapped("reimbursed_amount"))

    @api.depends(
        "allowance_amount", "discretionary_amount", "reimbursable_amount", "advance_amount"
    )
    def _compute_net_amount(self):
        for traveller in self:
            traveller.net_amount = (
                traveller.allowance_amount
                + traveller.discretionary_amount
                + traveller.reimbursable_amount
                - traveller.advance_amount
            )

    def _compute_current_place(self):
        today = fields.Date.context_today(self)
        travellers = self.filtered("id")
        reports = (
            self.env["tsm.trip.report"]
            .sudo()
            .search_fetch(
                [
                    ("trip_id", "in", travellers.trip_id.ids),
                    ("employee_id", "in", travellers.employee_id.ids),
                    ("date", "<=", today),
                ],
                ["trip_id", "employee_id", "date", "place"],
                order="date desc, id desc",
            )
        )
        latest = {}
        for report in reports:
            latest.setdefault((report.trip_id.id, report.employee_id.id), report)
        for traveller in self:
            report = latest.get((traveller.trip_id.id, traveller.employee_id.id))
            traveller.has_report_today = bool(report and report.date == today)
            if report and report.place:
                traveller.current_place = report.place
            elif traveller.trip_id.leg_ids:
                leg = traveller.trip_id._tsm_day_locations()(today)
                traveller.current_place = leg.city or leg.to_place
            else:
                traveller.current_place = False

    @api.constrains("employee_id", "trip_id")
    def _check_overlap(self):
        self.trip_id._tsm_check_overlaps()

    # ------------------------------------------------------------------
    # Rights
    # ------------------------------------------------------------------
    def _tsm_who_trip_editor(self):
        """Travellers of trips whose request the user writes: the requester,
        another traveller, or a manager approving the trip. Listing oneself
        on a colleague's trip does not make one its party."""
        if self.env.su:
            return self
        user = self.env.user
        approving = self.trip_id._tsm_who_approver()
        return self.filtered(
            lambda traveller: (
                traveller.trip_id in approving
                or user == traveller.trip_id.employee_id.sudo().user_id
                or user in (traveller.trip_id.traveller_ids - self).employee_id.sudo().user_id
            )
        )

    def _tsm_who_approver(self):
        """The travellers the user approves, on trips the user does not travel on."""
        if self.env.su:
            return self
        user = self.env.user
        approvable = self.trip_id._tsm_approvable_travellers()
        return self.filtered(
            lambda traveller: (
                traveller in approvable and user not in traveller.trip_id._tsm_traveller_users()
            )
        )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _tsm_check_request_editable(self, trips):
        for trip in trips:
            if trip.state not in REQUEST_STATES:
                raise UserError(
                    self.env._(
                        "The travellers and advances of trip %(trip)s cannot change once it is "
                        "submitted; withdraw it to draft first.",
                        trip=trip.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        trips = self.env["tsm.trip"].browse({vals["trip_id"] for vals in vals_list})
        self._tsm_check_request_editable(trips)
        travellers = super().create(vals_list)
        if not self._tsm_guard_trusted():
            # The policy let only the traveller's approver grant it.
            flow(travellers.filtered("discretionary_amount")).write(
                {"discretionary_approved_by_id": self.env.uid}
            )
        travellers.trip_id._tsm_compute_allowance_days()
        return travellers

    def write(self, vals):
        trips = self.trip_id
        res = super().write(vals)
        if DISCRETIONARY_FIELDS & set(vals) and not self._tsm_guard_trusted():
            # The policy let only the traveller's approver grant it.
            flow(self).write({"discretionary_approved_by_id": self.env.uid})
        if "employee_id" in vals:
            (trips | self.trip_id)._tsm_compute_allowance_days()
        return res

    def unlink(self):
        trips = self.trip_id
        res = super().unlink()
        trips.exists()._tsm_compute_allowance_days()
        return res
