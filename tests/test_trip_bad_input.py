from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError

from .trip_common import TripCommon


class TestTripBadInput(TripCommon):
    """Bad input gives a clear error and saves nothing."""

    def _count(self):
        return self.Trip.search_count([])

    def test_leg_arriving_before_departure(self):
        before = self._count()
        legs = self._legs(date(2026, 3, 2), 5)
        legs[0][2]["arrival"] = legs[0][2]["departure"] - timedelta(hours=2)
        with self.assertRaisesText(ValidationError, "arrives before it departs"):
            self.Trip.with_user(self.user_engineer).create(
                {"employee_id": self.emp_engineer.id, "leg_ids": legs}
            )
        self.assertEqual(self._count(), before)

    def test_return_before_departure(self):
        trip = self._run_trip(self._trip(), settle=False)
        with self.assertRaisesText(ValidationError, "cannot be before the departure"):
            trip.with_user(self.user_engineer).write(
                {"actual_return": trip.actual_departure - timedelta(hours=1)}
            )
        self.assertEqual(trip.actual_return, trip.planned_return)

    def test_legs_out_of_order(self):
        before = self._count()
        legs = self._legs(date(2026, 3, 2), 5)
        # The second leg leaves before the first one arrives.
        legs[1][2]["departure"] = legs[0][2]["arrival"] - timedelta(hours=3)
        legs[1][2]["arrival"] = legs[0][2]["arrival"] - timedelta(hours=1)
        with self.assertRaisesText(ValidationError, "out of order"):
            self.Trip.with_user(self.user_engineer).create(
                {"employee_id": self.emp_engineer.id, "leg_ids": legs}
            )
        self.assertEqual(self._count(), before)
        # Return journey in the middle of the itinerary.
        legs = self._legs(date(2026, 3, 2), 5)
        legs.append(
            Command.create(
                {
                    "from_place": "Hefei",
                    "to_place": "Nanjing",
                    "destination_class": "out_of_province",
                    "departure": self._dt(date(2026, 3, 8), 8),
                    "arrival": self._dt(date(2026, 3, 8), 12),
                    "sequence": 3,
                }
            )
        )
        with self.assertRaisesText(ValidationError, "return journey must be the last leg"):
            self.Trip.create({"employee_id": self.emp_engineer.id, "leg_ids": legs})
        self.assertEqual(self._count(), before)

    def test_destination_without_class(self):
        before = self._count()
        with self.assertRaisesText(ValidationError, "has no class"):
            self._trip(destination_class=False, user=self.user_engineer)
        self.assertEqual(self._count(), before)

    def test_class_suggested_from_province(self):
        anhui = self.env.ref("base.state_cn_AH")
        hubei = self.env.ref("base.state_cn_HB")
        self.company.write({"state_id": anhui.id, "city": "Hefei"})
        trip = self._trip(destination_class=False, leg_vals={"country_state_id": hubei.id})
        self.assertEqual(trip.leg_ids[0].destination_class, "out_of_province")
        leg = trip.leg_ids[0]
        leg.write({"country_state_id": anhui.id, "city": "Hefei"})
        self.assertEqual(leg.destination_class, "same_city")

    def test_overlapping_trips_refused(self):
        self._trip(nights=5)  # 2 - 7 March
        before = self._count()
        with self.assertRaisesText(ValidationError, "cannot overlap"):
            self._trip(start=date(2026, 3, 5), nights=3)
        self.assertEqual(self._count(), before)
        # A colleague may go; the engineer can go after returning.
        self._trip(start=date(2026, 3, 5), nights=3, employee=self.emp_engineer2)
        self._trip(start=date(2026, 3, 8), nights=2)
        # A traveller added to an overlapping trip is refused too.
        other = self._trip(start=date(2026, 3, 3), nights=1, employee=self.emp_leader)
        with self.assertRaisesText(ValidationError, "cannot overlap"):
            other.write({"traveller_ids": [Command.create({"employee_id": self.emp_engineer.id})]})
        self.assertEqual(other.traveller_ids.employee_id, self.emp_leader)

    def test_cancelled_trip_does_not_block(self):
        trip = self._trip(nights=5, user=self.user_engineer)
        trip.with_user(self.user_engineer).action_cancel()
        self._trip(start=date(2026, 3, 4), nights=2)
        with self.assertRaisesText(ValidationError, "cannot overlap"):
            trip.with_user(self.user_engineer).action_draft()
        self.assertEqual(trip.state, "cancel")

    def test_settling_before_returning(self):
        trip = self._trip(user=self.user_engineer)
        with self.assertRaisesExactly(UserError, "before the travellers have returned"):
            trip.with_user(self.user_manager).action_settle()
        self._run_trip(trip, settle=False)
        self.assertEqual(trip.state, "returned")
        trip2 = self._trip(start=date(2026, 4, 6), user=self.user_engineer)
        trip2.with_user(self.user_engineer).action_submit()
        trip2.with_user(self.user_manager).action_approve()
        trip2.with_user(self.user_engineer).action_start()
        with self.assertRaisesExactly(UserError, "before the travellers have returned"):
            trip2.with_user(self.user_manager).action_settle()
        self.assertEqual(trip2.state, "in_progress")
        self.assertFalse(trip2.pay_line_count)

    def test_submit_needs_itinerary_ending_with_return(self):
        trip = self.Trip.with_user(self.user_engineer).create({"employee_id": self.emp_engineer.id})
        with self.assertRaisesExactly(UserError, "no itinerary"):
            trip.action_submit()
        trip.write({"leg_ids": self._legs(date(2026, 3, 2), 5)[:1]})
        with self.assertRaisesExactly(UserError, "must end with the return journey"):
            trip.action_submit()
        self.assertEqual(trip.state, "draft")

    def test_itinerary_locked_after_submission(self):
        trip = self._trip(user=self.user_engineer)
        trip.with_user(self.user_engineer).action_submit()
        # Frozen while submitted: the requester could change them as a draft.
        with self.assertRaisesExactly(UserError, "cannot be changed while it is Submitted"):
            trip.leg_ids[0].with_user(self.user_engineer).write({"city": "Xiangyang"})
        with self.assertRaisesExactly(UserError, "cannot be changed while it is Submitted"):
            trip.with_user(self.user_engineer).write({"purpose": "repair"})
        with self.assertRaisesExactly(UserError, "cannot be changed while it is Submitted"):
            trip.traveller_ids.with_user(self.user_engineer).write({"advance_amount": 5000})
        # The state is never typed: only the buttons set it.
        with self.assertRaisesExactly(AccessError, "set by its buttons"):
            trip.with_user(self.user_engineer).write({"state": "approved"})
        self.assertEqual(trip.state, "submitted")
        self.assertEqual(trip.leg_ids[0].city, "Wuhan")
        self.assertEqual(trip.purpose, "guidance")
        self.assertEqual(trip.traveller_ids.advance_amount, 0.0)

    def test_negative_amounts(self):
        trip = self._run_trip(self._trip(), settle=False)
        with self.assertRaisesText(ValidationError, "must be positive"):
            self.env["tsm.trip.expense"].with_user(self.user_engineer).create(
                {
                    "trip_id": trip.id,
                    "date": trip.date_from,
                    "kind": "meals",
                    "name": "Refund",
                    "amount": -20.0,
                }
            )
        self.assertFalse(trip.expense_ids)

    def test_extension_must_extend(self):
        trip = self._run_trip(self._trip(), settle=False)
        with self.assertRaisesText(ValidationError, "must return later"):
            self.env["tsm.trip.extension"].with_user(self.user_engineer).create(
                {
                    "trip_id": trip.id,
                    "requested_return": trip.planned_return - timedelta(days=1),
                    "reason": "Shorter",
                }
            )
        self.assertFalse(trip.extension_ids)
        draft = self._trip(start=date(2026, 5, 4), user=self.user_engineer)
        with self.assertRaisesExactly(UserError, "approved trip"):
            self.env["tsm.trip.extension"].with_user(self.user_engineer).create(
                {
                    "trip_id": draft.id,
                    "requested_return": draft.planned_return + timedelta(days=1),
                    "reason": "Longer",
                }
            )
