import base64
from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError

from .trip_common import TripCommon


class TestTripFlow(TripCommon):
    """From the request to the settlement: itinerary, approval, extensions,
    transport approval, expenses and pay lines."""

    def _ticket(self, user, name="ticket.pdf"):
        return (
            self.env["ir.attachment"]
            .with_user(user)
            .create({"name": name, "datas": base64.b64encode(b"%PDF-1.4 ticket")})
        )

    def _expense(self, trip, user=None, **vals):
        user = user or self.user_engineer
        values = {
            "trip_id": trip.id,
            "date": trip.date_from,
            "kind": "transport",
            "transport_mode": "train",
            "name": "G123 Hefei - Wuhan",
            "amount": 250.0,
            "attachment_ids": [Command.set(self._ticket(user).ids)],
            **vals,
        }
        return self.env["tsm.trip.expense"].with_user(user).create(values)

    def test_full_flow_with_expenses_and_advance(self):
        trip = self._trip(user=self.user_engineer, nights=5)
        trip.traveller_ids.with_user(self.user_engineer).advance_amount = 300.0
        self.assertEqual(trip.state, "draft")
        self.assertEqual(trip.employee_id, self.emp_engineer)
        self.assertEqual(trip.traveller_ids.employee_id, self.emp_engineer)
        self.assertTrue(trip.name.startswith("TRIP/"))
        # The estimate is shown on the draft already.
        self.assertEqual(trip.allowance_amount, 480.0)

        trip.with_user(self.user_engineer).action_submit()
        self.assertEqual(trip.state, "submitted")
        activity = trip.activity_ids
        self.assertEqual(activity.user_id, self.user_manager, "the department manager approves")
        with self.assertRaises(AccessError):
            trip.with_user(self.user_engineer).action_approve()
        trip.with_user(self.user_manager).action_approve()
        self.assertEqual((trip.state, trip.approved_by_id), ("approved", self.user_manager))
        self.assertFalse(trip.activity_ids, "the approval activity is done")

        trip.with_user(self.user_engineer).action_start()
        self.assertEqual(trip.state, "in_progress")
        self.assertEqual(trip.actual_departure, trip.planned_departure)
        self._expense(trip)  # train: reimbursed without approval
        self._expense(trip, date=trip.date_to, name="Return train", amount=230.0)
        lodging = self._expense(
            trip, kind="lodging", transport_mode=False, name="Hotel, 5 nights", amount=900.0
        )
        self.assertEqual(lodging.reimburse_status, "not_approved")
        trip.with_user(self.user_engineer).write({"actual_return": trip.planned_return})
        trip.with_user(self.user_engineer).action_return()
        self.assertEqual(trip.state, "returned")
        # Other costs are the traveller's own unless the manager accepts them.
        with self.assertRaisesExactly(AccessError, "set by its buttons"):
            lodging.with_user(self.user_engineer).write({"manager_approved": True})
        with self.assertRaises(AccessError):
            lodging.with_user(self.user_engineer).action_approve_cost()
        lodging.with_user(self.user_manager).action_approve_cost()
        self.assertEqual(lodging.reimburse_status, "ok")

        trip.with_user(self.user_manager).action_settle()
        self.assertEqual(trip.state, "settled")
        traveller = trip.traveller_ids
        self.assertEqual(traveller.reimbursable_amount, 1380.0)
        self.assertEqual(traveller.net_amount, 480.0 + 1380.0 - 300.0)
        lines = self.env["tsm.pay.line"].search(
            [("res_model", "=", "tsm.trip"), ("res_id", "=", trip.id)]
        )
        self.assertEqual(
            {line.code: line.amount for line in lines},
            {"TRIP_ALLOW": 480.0, "TRIP_REIMB": 1380.0, "TRIP_ADVANCE": -300.0},
        )
        self.assertEqual(set(lines.mapped("date")), {date(2026, 3, 7)})
        self.assertEqual(set(lines.mapped("employee_id")), {self.emp_engineer})
        self.assertEqual(trip.pay_line_count, 3)

        # A settled trip is locked.
        with self.assertRaisesExactly(UserError, "while it is Settled"):
            trip.with_user(self.user_manager).write({"client_lodging": "yes"})
        with self.assertRaisesExactly(UserError, "while it is Settled"):
            trip.with_user(self.user_engineer).write(
                {"actual_return": trip.planned_return + timedelta(days=1)}
            )
        with self.assertRaisesExactly(UserError, "is closed"):
            self._expense(trip)
        with self.assertRaisesExactly(UserError, "Only returned trips can be settled"):
            trip.with_user(self.user_manager).action_settle()
        self.assertEqual(trip.client_lodging, "no")
        self.assertEqual(trip.actual_return, trip.planned_return)

    def test_each_traveller_gets_own_lines(self):
        trip = self._trip(
            travellers=self.emp_engineer | self.emp_engineer2,
            purpose="construction",
            destination_class="prefecture",
            client_lodging="yes",
            user=self.user_engineer,
        )
        self.emp_engineer2.tsm_probation_end = date(2026, 12, 31)
        trip.with_user(self.user_engineer).action_submit()
        # A discretionary amount instead of the cancelled allowance, granted by the manager.
        mine = trip.traveller_ids.filtered(lambda t: t.employee_id == self.emp_engineer)
        with self.assertRaises(AccessError):
            mine.with_user(self.user_engineer).write({"discretionary_amount": 200.0})
        mine.with_user(self.user_manager).write(
            {"discretionary_amount": 200.0, "discretionary_reason": "Large project"}
        )
        self._run_trip(trip)
        self.assertEqual(mine.discretionary_approved_by_id, self.user_manager)
        lines = self.env["tsm.pay.line"].search(
            [("res_model", "=", "tsm.trip"), ("res_id", "=", trip.id)]
        )
        by_employee = {(line.employee_id, line.code): line.amount for line in lines}
        self.assertEqual(
            by_employee,
            {
                (self.emp_engineer, "TRIP_DISCRETIONARY"): 200.0,
                # New employee with client lodging: nothing either.
            },
        )
        self.assertTrue(
            trip.traveller_ids.filtered(lambda t: t.employee_id == self.emp_engineer2).no_commission
        )

    def test_two_travellers_allowance_lines(self):
        trip = self._trip(travellers=self.emp_engineer | self.emp_engineer2, nights=5)
        self._run_trip(trip)
        lines = self.env["tsm.pay.line"].search(
            [("res_model", "=", "tsm.trip"), ("res_id", "=", trip.id)]
        )
        self.assertEqual(
            sorted((line.employee_id.name, line.amount) for line in lines),
            [("Engineer Zhang", 480.0), ("Engineer Zhou", 480.0)],
        )

    def test_unapproved_flight_refused_at_settlement(self):
        trip = self._trip(user=self.user_engineer)
        trip.leg_ids[0].with_user(self.user_engineer).write(
            {"transport_mode": "flight", "preapproval_note": "Urgent repair"}
        )
        self._run_trip(trip, settle=False)
        flight = self._expense(trip, transport_mode="flight", name="CA8211", amount=1200.0)
        self.assertEqual(flight.leg_id, trip.leg_ids[0], "matched to the flight leg of that day")
        self.assertEqual(flight.reimburse_status, "unapproved_transport")
        with self.assertRaisesExactly(UserError, "prior approval"):
            trip.with_user(self.user_manager).action_settle()
        self.assertEqual(trip.state, "returned")
        self.assertFalse(trip.pay_line_count, "nothing was paid")
        # The traveller bears the cost: removed from the settlement, the trip settles.
        flight.with_user(self.user_engineer).unlink()
        trip.with_user(self.user_manager).action_settle()
        self.assertEqual(trip.state, "settled")

    def test_preapproved_flight_reimbursed(self):
        trip = self._trip(user=self.user_engineer)
        leg = trip.leg_ids[0]
        leg.with_user(self.user_engineer).transport_mode = "flight"
        trip.with_user(self.user_engineer).action_submit()
        with self.assertRaises(AccessError):
            leg.with_user(self.user_engineer).action_preapprove()
        with self.assertRaisesExactly(UserError, "cannot be changed while it is Submitted"):
            leg.with_user(self.user_engineer).write({"transport_mode": "train"})
        leg.with_user(self.user_manager).action_preapprove()
        self.assertEqual((leg.preapproved, leg.preapproved_by_id), (True, self.user_manager))
        trip.with_user(self.user_manager).action_approve()
        trip.with_user(self.user_engineer).action_start()
        flight = self._expense(trip, transport_mode="flight", name="CA8211", amount=1200.0)
        self.assertEqual(flight.reimburse_status, "ok")
        trip.with_user(self.user_engineer).write({"actual_return": trip.planned_return})
        trip.with_user(self.user_engineer).action_return()
        trip.with_user(self.user_manager).action_settle()
        self.assertEqual(trip.traveller_ids.reimbursable_amount, 1200.0)

    def test_expense_without_ticket_refused(self):
        trip = self._run_trip(self._trip(), settle=False)
        self._expense(trip, attachment_ids=[])
        with self.assertRaisesExactly(UserError, "attach the ticket"):
            trip.with_user(self.user_manager).action_settle()

    def test_late_return_needs_extension(self):
        trip = self._trip(nights=5, user=self.user_engineer)
        self._run_trip(trip, settle=False)
        # Back two days late without an extension: no allowance, no reimbursement for them.
        trip.with_user(self.user_engineer).write(
            {"actual_return": trip.planned_return + timedelta(days=2)}
        )
        self.assertEqual(trip.days_beyond_itinerary, 2)
        days = self._days(trip)
        self.assertEqual(len(days), 8)
        self.assertEqual(days[-2:].mapped("reason"), ["beyond_itinerary", "beyond_itinerary"])
        self.assertEqual(trip.traveller_ids.allowance_amount, 480.0)
        late_ticket = self._expense(trip, date=date(2026, 3, 9), name="Late return train")
        self.assertEqual(late_ticket.reimburse_status, "beyond_itinerary")
        self.assertEqual(late_ticket.reimbursed_amount, 0.0)

        extension = (
            self.env["tsm.trip.extension"]
            .with_user(self.user_engineer)
            .create(
                {
                    "trip_id": trip.id,
                    "requested_return": trip.planned_return + timedelta(days=2),
                    "reason": "Pump not delivered in time",
                }
            )
        )
        self.assertEqual(extension.extra_days, 2)
        with self.assertRaisesExactly(UserError, "extension"):
            trip.with_user(self.user_manager).action_settle()
        with self.assertRaises(AccessError):
            extension.with_user(self.user_engineer).action_approve()
        extension.with_user(self.user_manager).action_approve()
        self.assertEqual(trip.days_beyond_itinerary, 0)
        self.assertEqual(trip.traveller_ids.allowance_days, 6)
        self.assertEqual(trip.traveller_ids.allowance_amount, 720.0)
        self.assertEqual(late_ticket.reimburse_status, "ok")
        trip.with_user(self.user_manager).action_settle()
        self.assertEqual(trip.traveller_ids.net_amount, 720.0 + 250.0)

    def test_refuse_with_reason_then_resubmit(self):
        trip = self._trip(user=self.user_engineer)
        trip.with_user(self.user_engineer).action_submit()
        wizard_action = trip.with_user(self.user_manager).action_refuse_wizard()
        wizard = (
            self.env["tsm.trip.refuse"]
            .with_user(self.user_manager)
            .with_context(**wizard_action["context"])
            .create({"reason": "Send the local partner instead"})
        )
        wizard.action_refuse()
        self.assertEqual(trip.state, "refused")
        self.assertEqual(trip.refuse_reason, "Send the local partner instead")
        self.assertFalse(trip.day_ids, "a refused trip pays nothing")
        with self.assertRaisesExactly(UserError, "Give the reason"):
            trip.with_user(self.user_manager)._tsm_refuse("   ")
        trip.with_user(self.user_engineer).action_draft()
        trip.with_user(self.user_engineer).write({"purpose": "repair"})
        trip.with_user(self.user_engineer).action_submit()
        self.assertEqual(trip.state, "submitted")

    def test_monthly_run_is_idempotent(self):
        trip1 = self._run_trip(self._trip(nights=5))
        trip2 = self._run_trip(self._trip(start=date(2026, 3, 16), nights=9))
        Line = self.env["tsm.pay.line"]
        Line.search([("res_model", "=", "tsm.trip")]).unlink()
        with self.assertRaises(AccessError):
            self.Trip.with_user(self.user_engineer)._tsm_generate_pay_lines(
                self.company, date(2026, 3, 1), date(2026, 3, 31)
            )
        lines = self.Trip.with_user(self.user_payroll)._tsm_generate_pay_lines(
            self.company, date(2026, 3, 1), date(2026, 3, 31)
        )
        self.assertEqual(sorted(lines.mapped("amount")), [480.0, 840.0])
        self.assertEqual(set(lines.mapped("res_id")), {trip1.id, trip2.id})
        again = self.Trip.with_user(self.user_payroll)._tsm_generate_pay_lines(
            self.company, date(2026, 3, 1), date(2026, 3, 31)
        )
        self.assertEqual(again, lines)
        self.assertEqual(Line.search_count([("res_model", "=", "tsm.trip")]), 2)
        # Approved lines stay as they are; the period's button runs the same.
        lines.with_user(self.user_payroll).action_approve()
        period = lines.period_id
        period.with_user(self.user_payroll).action_tsm_generate_trip_lines()
        self.assertEqual(set(lines.mapped("state")), {"approved"})
        # Another month has nothing to generate.
        self.assertFalse(
            self.Trip._tsm_generate_pay_lines(self.company, date(2026, 4, 1), date(2026, 4, 30))
        )

    def test_changes_after_approval_need_new_approval(self):
        trip = self._trip(user=self.user_engineer)
        leg = trip.leg_ids[0]
        leg.with_user(self.user_engineer).transport_mode = "flight"
        leg.with_user(self.user_manager).action_preapprove()
        # Another flight time in the draft: the manager approves it again.
        leg.with_user(self.user_engineer).write({"departure": self._dt(date(2026, 3, 2), 7)})
        self.assertFalse(leg.preapproved)
        # The actual dates are recorded once under way, not on the request.
        with self.assertRaisesExactly(UserError, "cannot be changed while it is Draft"):
            trip.with_user(self.user_engineer).write({"actual_return": trip.planned_return})
        with self.assertRaisesExactly(AccessError, "set by its buttons"):
            trip.with_user(self.user_engineer).write({"refuse_reason": "none"})
        self._run_trip(trip, settle=False)
        lodging = self._expense(
            trip, kind="lodging", transport_mode=False, name="Hotel", amount=300.0
        )
        lodging.with_user(self.user_manager).action_approve_cost()
        self.assertEqual(lodging.reimburse_status, "ok")
        lodging.with_user(self.user_engineer).write({"amount": 900.0})
        self.assertEqual(lodging.reimburse_status, "not_approved", "accepted for 300, not 900")

    def test_duplicate_a_trip(self):
        trip = self._run_trip(self._trip(travellers=self.emp_engineer | self.emp_engineer2))
        copy = trip.copy()
        self.assertEqual(copy.state, "draft")
        self.assertNotEqual(copy.name, trip.name)
        self.assertEqual(copy.traveller_ids.employee_id, self.emp_engineer | self.emp_engineer2)
        self.assertFalse(copy.leg_ids, "the new trip gets its own itinerary")
        self.assertFalse(copy.pay_line_count)

    def test_cron_starts_all_departed_trips_at_once(self):
        trips = self.Trip.browse()
        for employee in (self.emp_engineer, self.emp_engineer2, self.emp_leader):
            trip = self._trip(employee=employee)
            trip.action_submit()
            trip.action_approve()
            trips |= trip
        started = self.Trip._tsm_start_due_trips()
        self.assertEqual(started, trips)
        self.assertEqual(set(trips.mapped("state")), {"in_progress"})
        self.assertEqual(
            set(trips.mapped("actual_departure")), set(trips.mapped("planned_departure"))
        )
