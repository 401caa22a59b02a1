from datetime import date, datetime, time

from odoo.exceptions import UserError

from .tickets_common import TicketCommon


class TestTicketLocks(TicketCommon):
    """What the buttons decide cannot be typed over: the stage and its
    dates, the review, the points; an engineer rates only their own part and
    a supervisor never reviews a ticket they worked on."""

    def test_engineer_cannot_type_the_flow_or_points(self):
        ticket = self._solve(self._new_ticket(self.emp_engineer | self.emp_engineer2))
        as_engineer = ticket.with_user(self.user_engineer)
        for vals in (
            {"state": "closed"},
            {"date_solved": datetime(2026, 10, 1, 9)},
            {"review_state": "head"},
            {"is_valid": True},
        ):
            with self.assertRaisesText(UserError, "buttons"):
                as_engineer.write(vals)
        own = ticket.engineer_line_ids.filtered(lambda line: line.employee_id == self.emp_engineer)
        other = ticket.engineer_line_ids - own
        with self.assertRaisesText(UserError, "not typed"):
            own.with_user(self.user_engineer).write({"points": 2})
        with self.assertRaisesText(UserError, "only their own"):
            other.with_user(self.user_engineer).write({"self_rating": 0.5})
        with self.assertRaisesText(UserError, "once it is assigned"):
            own.with_user(self.user_engineer).unlink()
        with self.assertRaisesText(UserError, "service desk or a supervisor"):
            as_engineer.write({"date_due": date(2026, 12, 31)})
        with self.assertRaisesText(UserError, "service desk or a supervisor"):
            as_engineer.write({"kind": "consultation"})
        own.with_user(self.user_engineer).write({"self_rating": 2})
        self.assertEqual(own.self_rating, 2)
        self.assertEqual(ticket.state, "solved")
        self.assertEqual(len(ticket.engineer_line_ids), 2)

    def test_no_forged_context_or_typed_create(self):
        """A context key sent over RPC does not open the locks, and a ticket
        cannot be created already closed and reviewed."""
        ticket = self._solve(self._new_ticket(self.emp_engineer))
        forged = ticket.with_user(self.user_engineer).with_context(tsm_flow=True)
        with self.assertRaisesText(UserError, "buttons"):
            forged.write({"review_state": "head", "reviewed_points": 2})
        self.assertEqual(ticket.review_state, "none")
        Ticket = self.env["tsm.ticket"].with_user(self.user_engineer)
        with self.assertRaisesText(UserError, "starts as New"):
            Ticket.create(
                {
                    "partner_id": self.customer.id,
                    "description": "Done already",
                    "state": "closed",
                    "reviewed_points": 2,
                }
            )
        # What the form sends for a new ticket (its defaults) is fine.
        new = Ticket.create(
            {
                "partner_id": self.customer.id,
                "description": "No picture",
                "state": "new",
                "review_state": "none",
                "reviewed_points": 0,
            }
        )
        self.assertEqual(new.state, "new")

    def test_supervisor_never_marks_own_ticket(self):
        ticket = self._solve(self._new_ticket(self.emp_leader))
        as_leader = ticket.with_user(self.user_leader)
        with self.assertRaisesText(UserError, "another supervisor"):
            as_leader.write({"reviewed_points": 2})
        with self.assertRaisesText(UserError, "another supervisor"):
            as_leader.write({"form_unqualified": True, "form_unqualified_reason": "x"})
        self.assertFalse(ticket.reviewed_points)
        self.assertFalse(ticket.form_unqualified)
        # Another supervisor may.
        self._review(ticket, points=1, user=self.user_manager)
        self.assertEqual(ticket.review_state, "supervisor")
        self.assertEqual(ticket.engineer_line_ids.points, 1)

    def test_reopened_ticket_needs_a_new_callback(self):
        ticket = self._done_ticket(self.emp_engineer, points=1)
        self._callback(ticket, "satisfied")
        self.assertTrue(ticket.callback_done)
        ticket._tsm_reopen("The picture went dark again")
        self.assertFalse(ticket.callback_done)
        self.assertFalse(ticket.job_completed)
        ticket.solution = "Replaced the power board"
        ticket.action_solve()
        self.assertEqual(ticket.state, "solved")
        self.assertFalse(ticket.callback_done, "the first callback was about the first solution")
        self.env["tsm.ticket.callback"].create(
            {
                "ticket_id": ticket.id,
                "date": datetime.combine(date.today(), time(23, 59)),
                "reached": True,
                "satisfaction": "neutral",
            }
        )
        self.assertTrue(ticket.callback_done)
        self.assertEqual(ticket.satisfaction, "neutral")
