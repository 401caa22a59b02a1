from odoo import models

from ..tools import trip_allowance
from ..tools.trip_vocabulary import daterange

# The lines of a trip written through the trip itself (one2many commands)
# leave the allowance working to the trip, which rebuilds it once at the end.
# Like flow()'s mark, an object that no client can send; it defers a side
# effect (the rebuild), never a check.
_DEFER_ALLOWANCE = object()


class TsmTrip(models.Model):
    """The trip's allowance working: the ORM side of the allowance engine
    (``tools/trip_allowance.py``). It reads the trips, their travellers and
    the rule table, asks the engine for each traveller's days and stores the
    answer as ``tsm.trip.day`` lines."""

    _inherit = "tsm.trip"

    def _tsm_allowance_deferred(self):
        return self.with_context(tsm_allowance_batch=_DEFER_ALLOWANCE)

    def _tsm_compute_allowance_days(self):
        """(Re)build the day-by-day allowance working of the trips: for each
        traveller and day, where they were, which rule applied, whether the
        day counts and why. Settled trips keep the working they were settled
        with. A fixed number of queries for any number of trips."""
        if self.env.context.get("tsm_allowance_batch") is _DEFER_ALLOWANCE:
            return
        trips = self.sudo().filtered(lambda t: t.state != "settled")
        if not trips:
            return
        Day = self.env["tsm.trip.day"].sudo()
        Day.search([("trip_id", "in", trips.ids)]).unlink()
        live = trips.filtered(lambda t: t.state not in ("cancel", "refused"))
        live.traveller_ids.employee_id.fetch(["tsm_probation_end"])
        table = self.env["tsm.allowance.rule"].sudo()._tsm_rule_table()
        vals_list = []
        new_employees = self.env["tsm.trip.traveller"].sudo()
        for trip in live:
            if not (trip.date_from and trip.date_to) or trip.date_to < trip.date_from:
                continue
            days = trip._tsm_allowance_day_list()
            for traveller in trip.traveller_ids:
                is_new = traveller.employee_id._tsm_in_probation_on(trip.date_from)
                if is_new:
                    new_employees |= traveller
                working = trip_allowance.work_out(
                    [day for day, _leg in days], table, trip._tsm_allowance_case(is_new)
                )
                vals_list += trip._tsm_prepare_day_vals(traveller, days, working, is_new)
        live.traveller_ids._tsm_set_new_employee(new_employees)
        Day.create(vals_list)

    def _tsm_allowance_day_list(self):
        """The trip's days from departure to return, each with the leg whose
        destination the travellers are at when the day ends: [(engine day,
        leg)]."""
        self.ensure_one()
        location = self._tsm_day_locations()
        days = []
        for day in daterange(self.date_from, self.date_to):
            leg = location(day)
            days.append((trip_allowance.Day(day, leg.destination_class or None), leg))
        return days

    def _tsm_allowance_case(self, is_new):
        """What a traveller's allowance depends on besides the days."""
        self.ensure_one()
        return trip_allowance.Case(
            company_id=self.company_id.id,
            purpose=self.purpose,
            employee_status="new" if is_new else "regular",
            lodging=self._tsm_lodging_case(),
            allowed_from=self.itinerary_date_from or None,
            allowed_to=self.allowed_date_to or None,
        )

    def _tsm_day_locations(self):
        """For each day of the trip, the leg whose destination the travellers
        are at when the day ends."""
        self.ensure_one()
        stops = self.leg_ids.filtered(lambda leg: not leg.is_return).sorted(
            lambda leg: (leg.sequence, leg.id)
        )
        dated = [(self._tsm_local_date(leg.departure), leg) for leg in stops if leg.departure]

        def location(day):
            current = stops[:1]
            for leg_day, leg in dated:
                if leg_day <= day:
                    current = leg
            return current

        return location

    def _tsm_prepare_day_vals(self, traveller, days, working, is_new):
        """The ``tsm.trip.day`` values of a traveller's ``days`` (as
        :meth:`_tsm_allowance_day_list` gives them) and their ``working``
        (the engine's answer, day by day)."""
        self.ensure_one()
        employee = traveller.employee_id
        return [
            {
                "trip_id": self.id,
                "traveller_id": traveller.id,
                "employee_id": employee.id,
                "department_id": employee.department_id.id,
                "company_id": self.company_id.id,
                "date": result.date,
                "leg_id": leg.id,
                "place": leg.city or leg.to_place,
                "destination_class": leg.destination_class,
                "employee_status": "new" if is_new else "regular",
                "rule_id": result.rule.id if result.rule else False,
                "counted": result.counted,
                "reason": result.reason,
                "rate": result.amount,
                "amount": result.amount,
            }
            for (_day, leg), result in zip(days, working, strict=True)
        ]
