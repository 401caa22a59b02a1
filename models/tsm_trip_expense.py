from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.flow import flow
from ..tools.policy import Allow
from ..tools.trip_vocabulary import DEPT_MANAGER, OPEN_STATES, PREAPPROVAL_MODES, TRANSPORT_MODES

EXPENSE_KINDS = [
    ("transport", "Transport ticket"),
    ("local_transport", "Local transport"),
    ("lodging", "Lodging"),
    ("meals", "Meals"),
    ("other", "Other"),
]
TRANSPORT_KINDS = ("transport", "local_transport")
REIMBURSE_STATUSES = [
    ("ok", "Reimbursed"),
    ("unapproved_transport", "Flight/taxi without prior approval"),
    ("beyond_itinerary", "After the itinerary without an extension"),
    ("not_approved", "Needs the manager's approval"),
]
# A changed cost needs to be accepted again.
COST_FIELDS = {"amount", "kind", "date", "transport_mode"}


class TsmTripExpense(models.Model):
    """A cost of the trip to reimburse on return: transport tickets (with the
    ticket attached) and, with the manager's approval, other costs (extra
    costs need the manager's approval, otherwise they are the employee's
    own; a flight or taxi needs its leg approved before the journey).

    Chosen over Odoo's hr_expense: that module brings accounting, expense
    sheets and journals, while a trip's costs are settled with the trip and
    paid as pay lines."""

    _name = "tsm.trip.expense"
    _description = "Trip Expense"
    _inherit = ["tsm.guard.mixin"]
    _order = "trip_id, date, id"
    _check_company_auto = True
    _tsm_state_field = "trip_id.state"
    # A traveller enters the costs they paid, from the approval of the trip
    # until it is settled; a cost stays with its trip and its payer. The
    # manager approving the payer accepts the costs that need it (a button);
    # the reimbursement is computed.
    _tsm_policy = (
        Allow("trip_id traveller_id", on="create", states=OPEN_STATES, who="_tsm_who_payer"),
        Allow(
            "date kind transport_mode leg_id name amount attachment_ids",
            states=OPEN_STATES,
            who="_tsm_who_payer",
        ),
        Allow(on="unlink", states=OPEN_STATES, who="_tsm_who_payer"),
    )

    trip_id = fields.Many2one(
        "tsm.trip", required=True, index=True, ondelete="cascade", check_company=True
    )
    traveller_id = fields.Many2one(
        "tsm.trip.traveller",
        string="Paid By",
        required=True,
        index=True,
        ondelete="cascade",
        compute="_compute_traveller_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('trip_id', '=', trip_id)]",
    )
    employee_id = fields.Many2one(
        "hr.employee", related="traveller_id.employee_id", store=True, precompute=True
    )
    company_id = fields.Many2one(
        related="trip_id.company_id", store=True, precompute=True, index=True
    )
    currency_id = fields.Many2one(related="trip_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    kind = fields.Selection(EXPENSE_KINDS, required=True, default="transport")
    transport_mode = fields.Selection(TRANSPORT_MODES, string="Transport")
    leg_id = fields.Many2one(
        "tsm.trip.leg",
        string="Itinerary Leg",
        compute="_compute_leg_id",
        store=True,
        readonly=False,
        domain="[('trip_id', '=', trip_id)]",
        ondelete="set null",
    )
    name = fields.Char(string="Description", required=True)
    amount = fields.Monetary(required=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "tsm_trip_expense_attachment_rel",
        "expense_id",
        "attachment_id",
        string="Tickets and Receipts",
    )
    manager_approved = fields.Boolean(
        readonly=True, copy=False, help="The manager accepts this cost for reimbursement."
    )
    manager_approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    reimburse_status = fields.Selection(
        REIMBURSE_STATUSES, compute="_compute_reimbursement", store=True, string="Status"
    )
    reimbursed_amount = fields.Monetary(
        string="Reimbursed", compute="_compute_reimbursement", store=True, aggregator="sum"
    )

    @api.depends("trip_id")
    def _compute_traveller_id(self):
        for expense in self:
            travellers = expense.trip_id.traveller_ids
            if expense.traveller_id in travellers:
                continue
            mine = travellers.filtered(lambda t: t.employee_id.user_id == self.env.user)
            expense.traveller_id = mine[:1] or travellers[:1]

    @api.depends("date", "transport_mode", "trip_id.leg_ids")
    def _compute_leg_id(self):
        for expense in self:
            if expense.leg_id or not expense.transport_mode or not expense.trip_id:
                continue
            trip = expense.trip_id
            expense.leg_id = trip.leg_ids.filtered(
                lambda leg, e=expense, t=trip: (
                    leg.transport_mode == e.transport_mode
                    and t._tsm_local_date(leg.departure) == e.date
                )
            )[:1]

    @api.depends(
        "amount",
        "kind",
        "date",
        "transport_mode",
        "manager_approved",
        "leg_id.preapproved",
        "leg_id.transport_mode",
        "trip_id.allowed_date_to",
        "trip_id.out_of_town",
    )
    def _compute_reimbursement(self):
        for expense in self:
            trip = expense.trip_id
            leg = expense.leg_id
            if (
                expense.kind in TRANSPORT_KINDS
                and expense.transport_mode in PREAPPROVAL_MODES
                and not (leg.preapproved and leg.transport_mode == expense.transport_mode)
            ):
                status = "unapproved_transport"
            elif trip.allowed_date_to and expense.date and expense.date > trip.allowed_date_to:
                status = "beyond_itinerary"
            elif (expense.kind in TRANSPORT_KINDS and trip.out_of_town) or expense.manager_approved:
                status = "ok"
            else:
                status = "not_approved"
            expense.reimburse_status = status
            expense.reimbursed_amount = expense.amount if status == "ok" else 0.0

    @api.constrains("amount", "kind", "transport_mode", "traveller_id", "leg_id", "date")
    def _check_expense(self):
        for expense in self:
            trip = expense.trip_id
            if expense.amount <= 0:
                raise ValidationError(
                    self.env._("The amount of expense “%s” must be positive.", expense.name)
                )
            if expense.kind in TRANSPORT_KINDS and not expense.transport_mode:
                raise ValidationError(
                    self.env._("Expense “%s”: choose the means of transport.", expense.name)
                )
            if expense.traveller_id.trip_id != trip:
                raise ValidationError(
                    self.env._(
                        "Expense “%(name)s” must be paid by a traveller of trip %(trip)s.",
                        name=expense.name,
                        trip=trip.name,
                    )
                )
            if expense.leg_id and expense.leg_id.trip_id != trip:
                raise ValidationError(
                    self.env._(
                        "Expense “%(name)s” refers to a leg of another trip.", name=expense.name
                    )
                )
            last = trip.date_to if trip.state in ("returned", "settled") else False
            if (trip.date_from and expense.date < trip.date_from) or (last and expense.date > last):
                raise ValidationError(
                    self.env._(
                        "Expense “%(name)s” of %(date)s is outside trip %(trip)s (%(start)s - "
                        "%(end)s).",
                        name=expense.name,
                        date=expense.date,
                        trip=trip.name,
                        start=trip.date_from,
                        end=trip.date_to,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _tsm_who_payer(self):
        """The costs the user paid (one enters one's own costs only)."""
        if self.env.su:
            return self
        user = self.env.user
        return self.filtered(lambda expense: expense.employee_id.sudo().user_id == user)

    def _tsm_check_trip_open(self, trips):
        for trip in trips:
            if trip.state in ("settled", "cancel", "refused"):
                raise UserError(
                    self.env._(
                        "Trip %(trip)s is closed: its expenses cannot change.", trip=trip.name
                    )
                )
            if trip.state not in OPEN_STATES:
                raise UserError(
                    self.env._("Costs are entered once trip %(trip)s is approved.", trip=trip.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        trips = self.env["tsm.trip"].browse({vals.get("trip_id") for vals in vals_list} - {None})
        self._tsm_check_trip_open(trips)
        return super().create(vals_list)

    def write(self, vals):
        accepted = self.filtered("manager_approved") if COST_FIELDS & set(vals) else self.browse()
        res = super().write(vals)
        if accepted:
            # A changed cost needs to be accepted again.
            flow(accepted).write({"manager_approved": False, "manager_approved_by_id": False})
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _tsm_check_cost_decider(self):
        """The manager approving the payer decides on a cost; never the payer."""
        self._tsm_require(DEPT_MANAGER, action=self.env._("accept trip costs"))
        for expense in self:
            trip = expense.trip_id
            if trip.state not in OPEN_STATES:
                raise UserError(
                    self.env._(
                        "Trip %(trip)s is closed: its expenses cannot change.", trip=trip.name
                    )
                )
            if expense.traveller_id not in trip._tsm_approvable_travellers():
                raise AccessError(
                    self.env._(
                        "Only the manager approving %(employee)s on trip %(trip)s may accept "
                        "the costs they paid.",
                        employee=expense.employee_id.sudo().name,
                        trip=trip.name,
                    )
                )
            trip._tsm_check_other_actor(
                expense.employee_id.sudo().user_id, self.env._("accept costs on")
            )

    def action_approve_cost(self):
        self._tsm_check_cost_decider()
        flow(self).write({"manager_approved": True, "manager_approved_by_id": self.env.user.id})
        return True

    def action_unapprove_cost(self):
        self._tsm_check_cost_decider()
        flow(self).write({"manager_approved": False, "manager_approved_by_id": False})
        return True
