from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.flow import flow
from ..tools.policy import Allow
from ..tools.trip_vocabulary import (
    DEPT_MANAGER,
    DESTINATION_CLASSES,
    PREAPPROVAL_MODES,
    REQUEST_STATES,
    TRANSPORT_MODES,
)

# The pre-approval of a flight or taxi, set by its buttons.
PREAPPROVAL_FIELDS = {"preapproved", "preapproved_by_id", "preapproval_date"}
# What the requester writes on a leg of a draft itinerary.
LEG_FIELDS = (
    "sequence",
    "from_place",
    "to_place",
    "country_state_id",
    "city",
    "destination_class",
    "is_return",
    "departure",
    "arrival",
    "transport_mode",
    "preapproval_note",
)
# A changed journey needs a new approval.
JOURNEY_FIELDS = {"transport_mode", "departure", "arrival", "to_place"}


class TsmTripLeg(models.Model):
    """One leg of a trip's itinerary (行程时间表): from where to where, when,
    by which means of transport, and the class of the destination that the
    allowance depends on."""

    _name = "tsm.trip.leg"
    _description = "Trip Itinerary Leg"
    _inherit = ["tsm.guard.mixin"]
    _order = "trip_id, sequence, id"
    _check_company_auto = True
    _tsm_state_field = "trip_id.state"
    # The itinerary is the request: written by the trip's requester and
    # travellers (or the approving manager) while it is a draft, frozen once
    # submitted. A leg stays on its trip. The pre-approval of a flight or taxi
    # is a button of the manager approving the trip.
    _tsm_policy = (
        Allow("trip_id", on="create", states=REQUEST_STATES, who="_tsm_who_trip_editor"),
        Allow(LEG_FIELDS, states=REQUEST_STATES, who="_tsm_who_trip_editor"),
        Allow(on="unlink", states=REQUEST_STATES, who="_tsm_who_trip_editor"),
    )

    trip_id = fields.Many2one("tsm.trip", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="trip_id.company_id", store=True, index=True)
    trip_state = fields.Selection(related="trip_id.state", string="Trip State")
    from_place = fields.Char(string="From", required=True)
    to_place = fields.Char(string="To", required=True)
    country_state_id = fields.Many2one(
        "res.country.state",
        string="Province",
        help="Province of the destination; a province other than the company's makes the "
        "destination out of province.",
    )
    city = fields.Char(string="City/County")
    destination_class = fields.Selection(
        DESTINATION_CLASSES,
        compute="_compute_destination_class",
        store=True,
        readonly=False,
        help="Out of province, prefecture-level city, county level and below, or same city: "
        "the allowance depends on it.",
    )
    is_return = fields.Boolean(
        string="Return Journey", help="The journey back home; its destination needs no class."
    )
    departure = fields.Datetime(required=True)
    arrival = fields.Datetime(required=True)
    transport_mode = fields.Selection(
        TRANSPORT_MODES, string="Transport", required=True, default="train"
    )
    needs_preapproval = fields.Boolean(compute="_compute_needs_preapproval")
    preapproved = fields.Boolean(string="Pre-approved", readonly=True, copy=False)
    preapproved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    preapproval_date = fields.Datetime(readonly=True, copy=False)
    preapproval_note = fields.Char(string="Reason for Flight/Taxi")

    @api.depends("from_place", "to_place")
    def _compute_display_name(self):
        for leg in self:
            leg.display_name = f"{leg.from_place or ''} → {leg.to_place or ''}"

    @api.depends("country_state_id", "city", "is_return", "trip_id.company_id")
    def _compute_destination_class(self):
        for leg in self:
            company = leg.trip_id.company_id or self.env.company
            home_state = company.state_id
            cls = leg.destination_class
            if leg.country_state_id and home_state:
                if leg.country_state_id != home_state:
                    cls = "out_of_province"
                elif (
                    leg.city
                    and company.city
                    and leg.city.strip().lower() == company.city.strip().lower()
                ):
                    cls = "same_city"
                elif cls == "out_of_province":
                    cls = False
            leg.destination_class = cls

    @api.depends("transport_mode")
    def _compute_needs_preapproval(self):
        for leg in self:
            leg.needs_preapproval = leg.transport_mode in PREAPPROVAL_MODES

    @api.constrains("departure", "arrival", "sequence", "destination_class", "is_return")
    def _check_itinerary(self):
        self.trip_id._tsm_check_itinerary()

    # ------------------------------------------------------------------
    # CRUD: the itinerary is the request; it changes only in draft.
    # ------------------------------------------------------------------
    def _tsm_who_trip_editor(self):
        trips = self.trip_id._tsm_who_party_or_approver()
        return self.filtered(lambda leg: leg.trip_id in trips)

    def _tsm_check_trip_draft(self, trips):
        for trip in trips:
            if trip.state not in REQUEST_STATES:
                raise UserError(
                    self.env._(
                        "The itinerary of trip %(trip)s cannot change once the trip is "
                        "submitted; withdraw it to draft, or request an extension to stay "
                        "longer.",
                        trip=trip.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._tsm_check_trip_draft(self.env["tsm.trip"].browse({v["trip_id"] for v in vals_list}))
        legs = super().create(vals_list)
        legs.trip_id._tsm_compute_allowance_days()
        return legs

    def write(self, vals):
        trips = self.trip_id
        reset = self.filtered("preapproved") if JOURNEY_FIELDS & set(vals) else self.browse()
        res = super().write(vals)
        if reset:
            # A changed journey needs a new approval.
            flow(reset).write(
                {"preapproved": False, "preapproved_by_id": False, "preapproval_date": False}
            )
        if set(vals) - PREAPPROVAL_FIELDS - {"preapproval_note"}:
            trips._tsm_compute_allowance_days()
        return res

    def unlink(self):
        trips = self.trip_id
        res = super().unlink()
        trips.exists()._tsm_compute_allowance_days()
        return res

    # ------------------------------------------------------------------
    # Pre-approval of flights, taxis and other transport before the journey
    # ------------------------------------------------------------------
    def _tsm_check_preapprover(self):
        self._tsm_require(DEPT_MANAGER, action=self.env._("approve flights and taxis"))
        for leg in self:
            if leg.trip_id.state in ("settled", "cancel", "refused"):
                raise UserError(
                    self.env._("Trip %s is closed: its legs cannot be approved.", leg.trip_id.name)
                )
        self.trip_id._tsm_check_approver(self.env._("approve transport on"))

    def action_preapprove(self):
        """The manager approving the trip accepts a flight, taxi or other
        transport before the journey; never a traveller of the trip."""
        self._tsm_check_preapprover()
        for leg in self:
            if not leg.needs_preapproval:
                raise UserError(
                    self.env._(
                        "Leg %(from)s → %(to)s travels by bus, train, ship or city transport: "
                        "it needs no approval.",
                        **{"from": leg.from_place, "to": leg.to_place},
                    )
                )
        flow(self).write(
            {
                "preapproved": True,
                "preapproved_by_id": self.env.user.id,
                "preapproval_date": fields.Datetime.now(),
            }
        )
        return True

    def action_revoke_preapproval(self):
        self._tsm_check_preapprover()
        flow(self).write(
            {"preapproved": False, "preapproved_by_id": False, "preapproval_date": False}
        )
        return True
