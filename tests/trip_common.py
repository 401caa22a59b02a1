from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from odoo import Command

from .common import TsmCommon


class TripSetup:
    """Trips of the test company's engineers; days are counted in UTC unless
    a test says otherwise. Shared by the ORM tests and the XML-RPC abuse
    tests."""

    @classmethod
    def _tsm_trip_setup(cls):
        cls.Trip = cls.env["tsm.trip"]
        employees = (
            cls.emp_gm
            | cls.emp_deputy
            | cls.emp_manager
            | cls.emp_leader
            | cls.emp_engineer
            | cls.emp_engineer2
        )
        employees.write({"tz": "UTC"})
        cls.customer = cls.env["res.partner"].create({"name": "Wuhan Water Works"})

    @contextmanager
    def assertRaisesExactly(self, exception, text=None):
        """The call raises ``exception`` itself, not a subclass (AccessError
        is a UserError: a test of a state error must not pass on a refused
        role), whose message contains ``text``."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertIs(
            type(catcher.exception),
            exception,
            f"{type(catcher.exception).__name__} raised: {catcher.exception}",
        )
        if text:
            self.assertIn(text, str(catcher.exception))

    @staticmethod
    def _dt(day, hour=8):
        return datetime.combine(day, time(hour))

    @classmethod
    def _legs(cls, start, nights, destination_class="out_of_province", mode="train", **leg):
        """Out on ``start`` at 08:00, back ``nights`` later (18:00)."""
        back = start + timedelta(days=nights)
        if destination_class:
            leg = dict(leg, destination_class=destination_class)
        return [
            Command.create(
                {
                    "from_place": "Hefei",
                    "to_place": "Wuhan site",
                    "city": "Wuhan",
                    "departure": cls._dt(start, 8),
                    "arrival": cls._dt(start, 14),
                    "transport_mode": mode,
                    "sequence": 1,
                    **leg,
                }
            ),
            Command.create(
                {
                    "from_place": "Wuhan site",
                    "to_place": "Hefei",
                    "is_return": True,
                    "departure": cls._dt(back, 9),
                    "arrival": cls._dt(back, 18),
                    "transport_mode": "train",
                    "sequence": 2,
                }
            ),
        ]

    def _trip(
        self,
        start=date(2026, 3, 2),
        nights=5,
        destination_class="out_of_province",
        purpose="guidance",
        employee=None,
        user=None,
        travellers=None,
        leg_vals=None,
        **vals,
    ):
        employee = employee or self.emp_engineer
        Trip = self.Trip.with_user(user) if user else self.Trip
        values = {
            "employee_id": employee.id,
            "purpose": purpose,
            "customer_id": self.customer.id,
            "leg_ids": self._legs(start, nights, destination_class, **(leg_vals or {})),
            **vals,
        }
        if travellers is not None:
            values["traveller_ids"] = [Command.create({"employee_id": e.id}) for e in travellers]
        return Trip.create(values)

    def _run_trip(self, trip, manager=None, traveller_user=None, settle=True):
        """Submit, approve, depart, return (on the planned times) and settle."""
        manager = manager or self.user_manager
        traveller_user = traveller_user or self.user_engineer
        if trip.state == "draft":
            trip.with_user(traveller_user).action_submit()
        trip.with_user(manager).action_approve()
        trip.with_user(traveller_user).action_start()
        trip.with_user(traveller_user).write({"actual_return": trip.planned_return})
        trip.with_user(traveller_user).action_return()
        if settle:
            trip.with_user(manager).action_settle()
        return trip

    def _days(self, trip, employee=None):
        employee = employee or self.emp_engineer
        return trip.day_ids.filtered(lambda d: d.employee_id == employee).sorted("date")


class TripCommon(TripSetup, TsmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._tsm_trip_setup()
