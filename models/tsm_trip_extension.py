from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class TsmTripExtension(models.Model):
    """A request to return later than the itinerary (RULES.md §3.1): days
    beyond the itinerary are paid and reimbursed only with an approved
    extension."""

    _name = "tsm.trip.extension"
    _description = "Trip Extension"
    _order = "trip_id, requested_return desc, id desc"
    _check_company_auto = True

    trip_id = fields.Many2one(
        "tsm.trip", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(
        related="trip_id.company_id", store=True, precompute=True, index=True
    )
    previous_return = fields.Datetime(
        string="Return Planned Before", readonly=True, help="The allowed return when requested."
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

    @api.model_create_multi
    def create(self, vals_list):
        Trip = self.env["tsm.trip"]
        for vals in vals_list:
            trip = Trip.browse(vals["trip_id"])
            if trip.state not in ("approved", "in_progress", "returned"):
                raise UserError(
                    self.env._(
                        "An extension is requested for an approved trip, before it is settled; "
                        "trip %(trip)s is not.",
                        trip=trip.name,
                    )
                )
            trip._tsm_check_party_or_approver()
            current = max(
                [dt for dt in (trip.planned_return, trip.extended_return) if dt], default=False
            )
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
            vals["previous_return"] = current
            vals["state"] = "submitted"
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
            if extension.state != "submitted" and not self.env.context.get("tsm_extension_action"):
                raise UserError(self.env._("A decided extension cannot be changed."))
        if "state" in vals and not self.env.context.get("tsm_extension_action"):
            raise UserError(self.env._("Use the Approve and Refuse buttons."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_pending(self):
        if any(extension.state != "submitted" for extension in self):
            raise UserError(self.env._("Only pending extension requests can be deleted."))

    def _tsm_decide(self, state):
        if any(extension.state != "submitted" for extension in self):
            raise UserError(self.env._("This extension has already been decided."))
        self.trip_id._tsm_check_can_approve()
        self.with_context(tsm_extension_action=True).write(
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
