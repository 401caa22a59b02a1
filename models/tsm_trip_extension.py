from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.flow import flow
from ..tools.policy import Allow
from ..tools.trip_vocabulary import DEPT_MANAGER, OPEN_STATES


class TsmTripExtension(models.Model):
    """A request to return later than the itinerary: days beyond the
    itinerary are paid and reimbursed only with an approved extension."""

    _name = "tsm.trip.extension"
    _description = "Trip Extension"
    _inherit = ["tsm.guard.mixin"]
    _order = "trip_id, requested_return desc, id desc"
    _check_company_auto = True
    # A traveller of the trip (or its requester) asks for it and may change or
    # withdraw it until it is decided; the manager approving the trip decides
    # with the buttons, never the one who asked or a traveller.
    _tsm_policy = (
        Allow("trip_id", on="create", states=("submitted",), who="_tsm_who_trip_party"),
        Allow("requested_return reason", states=("submitted",), who="_tsm_who_trip_party"),
        Allow(on="unlink", states=("submitted",), who="_tsm_who_trip_party"),
    )

    trip_id = fields.Many2one(
        "tsm.trip", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(
        related="trip_id.company_id", store=True, precompute=True, index=True
    )
    previous_return = fields.Datetime(
        string="Return Planned Before",
        compute="_compute_previous_return",
        store=True,
        precompute=True,
        help="The allowed return when requested.",
    )
    requested_return = fields.Datetime(string="Return Instead On", required=True)
    extra_days = fields.Integer(compute="_compute_extra_days")
    reason = fields.Text(required=True)
    state = fields.Selection(
        [("submitted", "To Approve"), ("approved", "Approved"), ("refused", "Refused")],
        default="submitted",
        required=True,
        index=True,
        copy=False,
    )
    requested_by_id = fields.Many2one(
        "res.users", readonly=True, default=lambda self: self.env.user, copy=False
    )
    decided_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    decided_date = fields.Datetime(readonly=True, copy=False)
    can_approve = fields.Boolean(related="trip_id.can_approve")

    @api.depends("trip_id")
    def _compute_previous_return(self):
        # A request stays on its trip: computed once, when it is made.
        for extension in self:
            extension.previous_return = extension.trip_id._tsm_allowed_return()

    @api.depends("previous_return", "requested_return", "trip_id.tz")
    def _compute_extra_days(self):
        for extension in self:
            trip = extension.trip_id
            if trip and extension.previous_return and extension.requested_return:
                extension.extra_days = (
                    trip._tsm_local_date(extension.requested_return)
                    - trip._tsm_local_date(extension.previous_return)
                ).days
            else:
                extension.extra_days = 0

    @api.depends("trip_id", "requested_return")
    def _compute_display_name(self):
        for extension in self:
            extension.display_name = self.env._(
                "%(trip)s extended to %(date)s",
                trip=extension.trip_id.name or "",
                date=extension.trip_id._tsm_local_date(extension.requested_return)
                if extension.trip_id
                else "",
            )

    def _tsm_who_trip_party(self):
        if self.env.su:
            return self
        trips = self.trip_id._tsm_who_party()
        return self.filtered(lambda extension: extension.trip_id in trips)

    @api.model_create_multi
    def create(self, vals_list):
        Trip = self.env["tsm.trip"]
        for vals in vals_list:
            trip = Trip.browse(vals["trip_id"])
            if trip.state not in OPEN_STATES:
                raise UserError(
                    self.env._(
                        "An extension is requested for an approved trip, before it is settled; "
                        "trip %(trip)s is not.",
                        trip=trip.name,
                    )
                )
            current = trip._tsm_allowed_return()
            requested = fields.Datetime.to_datetime(vals.get("requested_return"))
            if current and requested and requested <= current:
                raise ValidationError(
                    self.env._(
                        "Trip %(trip)s may already last until %(date)s: an extension must "
                        "return later than that.",
                        trip=trip.name,
                        date=current,
                    )
                )
        extensions = super().create(vals_list)
        for extension in extensions:
            extension.trip_id.message_post(
                body=self.env._(
                    "Extension requested until %(date)s: %(reason)s",
                    date=extension.requested_return,
                    reason=extension.reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return extensions

    def write(self, vals):
        for extension in self:
            if extension.trip_id.state in ("settled", "cancel"):
                raise UserError(
                    self.env._(
                        "Trip %(trip)s is closed: its extensions cannot change.",
                        trip=extension.trip_id.name,
                    )
                )
        return super().write(vals)

    def _tsm_decide(self, state):
        """The manager approving the trip's travellers decides; never the one
        who asked for it, nor a traveller."""
        self._tsm_require(DEPT_MANAGER, action=self.env._("decide on trip extensions"))
        if any(extension.state != "submitted" for extension in self):
            raise UserError(self.env._("This extension has already been decided."))
        action = self.env._("decide on extensions of")
        self.trip_id._tsm_check_approver(action)
        for extension in self:
            extension.trip_id._tsm_check_other_actor(extension.requested_by_id, action)
        flow(self).write(
            {
                "state": state,
                "decided_by_id": self.env.user.id,
                "decided_date": fields.Datetime.now(),
            }
        )
        self.trip_id._tsm_compute_allowance_days()
        return True

    def action_approve(self):
        return self._tsm_decide("approved")

    def action_refuse(self):
        return self._tsm_decide("refused")
