from odoo import api, fields, models
from odoo.exceptions import UserError

DISCRETIONARY_FIELDS = {"discretionary_amount", "discretionary_reason"}
REQUEST_FIELDS = {"employee_id", "trip_id", "advance_amount"}
SYSTEM_FIELDS = {"is_new_employee", "absence_alert_date", "discretionary_approved_by_id"}


class TsmTripTraveller(models.Model):
    """One employee on a trip, with their own allowance working, expenses,
    advance and pay lines (a trip may send several people)."""

    _name = "tsm.trip.traveller"
    _description = "Trip Traveller"
    _order = "date_from desc, trip_id, id"
    _check_company_auto = True
    _rec_name = "employee_id"

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
    is_new_employee = fields.Boolean(
        string="New Employee",
        readonly=True,
        help="In probation on the departure date: new-employee allowance and no commission.",
    )
    no_commission = fields.Boolean(
        compute="_compute_no_commission",
        store=True,
        help="New employees earn no piece commission for the trip's work (RULES.md §3.4).",
    )
    advance_amount = fields.Monetary(
        string="Advance", help="Advance paid before the trip; deducted at settlement."
    )
    discretionary_amount = fields.Monetary(
        help="Granted by the manager, e.g. when the client provides food and lodging, by the "
        "size of the project.",
    )
    discretionary_reason = fields.Char()
    discretionary_approved_by_id = fields.Many2one("res.users", readonly=True)
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
        readonly=True, help="Day HR was alerted of a week of consecutive absence flags."
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
    # CRUD
    # ------------------------------------------------------------------
    def _tsm_check_request_editable(self, trips):
        for trip in trips:
            if trip.state not in ("draft", "refused"):
                raise UserError(
                    self.env._(
                        "The travellers and advances of trip %(trip)s cannot change once it is "
                        "submitted; withdraw it to draft first.",
                        trip=trip.name,
                    )
                )

    def _tsm_check_discretionary(self, trips):
        trips._tsm_check_can_approve()
        for trip in trips:
            if trip.state in ("settled", "cancel", "refused"):
                raise UserError(
                    self.env._(
                        "Trip %(trip)s is closed: no discretionary amount can be granted.",
                        trip=trip.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        trips = self.env["tsm.trip"].browse({vals["trip_id"] for vals in vals_list})
        self._tsm_check_request_editable(trips)
        granted = trips.browse(
            {vals["trip_id"] for vals in vals_list if vals.get("discretionary_amount")}
        )
        if granted and not self.env.su:
            self._tsm_check_discretionary(granted)
        travellers = super().create(vals_list)
        travellers.trip_id._tsm_compute_allowance_days()
        return travellers

    def write(self, vals):
        if SYSTEM_FIELDS & set(vals) and not self.env.su:
            raise UserError(self.env._("These traveller fields are set by the system."))
        if REQUEST_FIELDS & set(vals):
            self._tsm_check_request_editable(self.trip_id)
        if DISCRETIONARY_FIELDS & set(vals) and not self.env.su:
            self._tsm_check_discretionary(self.trip_id)
            if self.trip_id.filtered(lambda t: t.state not in ("draft", "submitted")):
                # Granted after the approval: the manager granting it approves it.
                vals = dict(vals, discretionary_approved_by_id=self.env.user.id)
        trips = self.trip_id
        res = super().write(vals)
        if {"employee_id", "trip_id"} & set(vals):
            (trips | self.trip_id)._tsm_compute_allowance_days()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        self._tsm_check_request_editable(self.trip_id)

    def unlink(self):
        trips = self.trip_id
        res = super().unlink()
        trips.exists()._tsm_compute_allowance_days()
        return res
