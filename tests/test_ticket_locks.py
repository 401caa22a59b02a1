from datetime import date, datetime, time

from odoo.exceptions import AccessError, UserError

from .ticket_common import TicketCommon


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
            {"is_valid": not ticket.is_valid},
        ):
            with self.subTest(vals=vals), self.assertRaisesExact(AccessError, "set by its buttons"):
                as_engineer.write(vals)
        own = ticket.engineer_line_ids.filtered(lambda line: line.employee_id == self.emp_engineer)
        other = ticket.engineer_line_ids - own
        with self.assertRaisesExact(AccessError, "“Points”"):
            own.with_user(self.user_engineer).write({"points": 2})
        with self.assertRaisesExact(AccessError, "“Self Rating” of"):
            other.with_user(self.user_engineer).write({"self_rating": 0.5})
        with self.assertRaisesExact(UserError, "You cannot delete"):
            own.with_user(self.user_engineer).unlink()
        with self.assertRaisesExact(UserError, "cannot be changed while it is Solved"):
            as_engineer.write({"date_due": date(2026, 12, 31)})
        with self.assertRaisesExact(UserError, "cannot be changed while it is Solved"):
            as_engineer.write({"kind": "consultation"})
        own.with_user(self.user_engineer).write({"self_rating": 2})
        self.assertEqual(own.self_rating, 2)
        self.assertEqual(other.self_rating, 1.5)
        self.assertEqual(ticket.state, "solved")
        self.assertEqual(ticket.kind, "repair")
        self.assertEqual(len(ticket.engineer_line_ids), 2)
        self._review(ticket, 2, user=self.user_manager)
        with self.assertRaisesExact(UserError, "self-ratings are locked"):
            own.with_user(self.user_engineer).write({"self_rating": 0.5})
        self.assertEqual(own.self_rating, 2)

    def test_priority_after_assignment(self):
        """Priority moves the SLA and the due date: once the ticket is
        assigned, only the service desk or the department manager changes it."""
        ticket = self._new_ticket(self.emp_engineer)
        ticket.with_user(self.user_engineer).write({"urgency": "2"})  # new: the registration
        ticket.action_assign()
        due = ticket.date_due
        for user in (self.user_engineer, self.user_leader):
            with (
                self.subTest(user=user.login),
                self.assertRaisesExact(UserError, "“Priority” of"),
            ):
                ticket.with_user(user).write({"priority": "0"})
        self.assertEqual((ticket.priority, ticket.date_due), ("2", due))
        ticket.with_user(self.user_desk).write({"priority": "3"})
        self.assertEqual(ticket.priority, "3")

    def test_no_forged_context_or_typed_create(self):
        """A context key sent over RPC does not open the locks, and a ticket
        cannot be created already closed and reviewed."""
        ticket = self._solve(self._new_ticket(self.emp_engineer))
        forged = ticket.with_user(self.user_engineer).with_context(tsm_flow=True)
        with self.assertRaisesExact(AccessError, "set by its buttons"):
            forged.write({"review_state": "head", "reviewed_points": 2})
        self.assertEqual(ticket.review_state, "none")
        Ticket = self.env["tsm.ticket"].with_user(self.user_engineer)
        with self.assertRaisesExact(AccessError, "cannot be created with"):
            Ticket.create(
                {
                    "partner_id": self.customer.id,
                    "description": "Done already",
                    "state": "closed",
                    "reviewed_points": 2,
                }
            )
        with self.assertRaisesExact(AccessError, "“Number”"):
            Ticket.create({"partner_id": self.customer.id, "description": "x", "name": "ST/1"})
        self.assertFalse(self.Ticket.search([("description", "in", ("Done already", "x"))]))
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
        self.assertTrue(new.name.startswith("ST/"))

    def test_supervisor_never_marks_own_ticket(self):
        ticket = self._solve(self._new_ticket(self.emp_leader))
        as_leader = ticket.with_user(self.user_leader)
        with self.assertRaisesExact(AccessError, "“Reviewed Value”"):
            as_leader.write({"reviewed_points": 2})
        with self.assertRaisesExact(AccessError, "“Unqualified Ticket Form”"):
            as_leader.write({"form_unqualified": True, "form_unqualified_reason": "x"})
        with self.assertRaisesExact(UserError, "someone else must review"):
            as_leader.action_review()
        with self.assertRaisesExact(UserError, "someone else must mark"):
            as_leader.action_mark_quality()
        self.assertFalse(ticket.reviewed_points)
        self.assertFalse(ticket.form_unqualified)
        self.assertFalse(ticket.quality_checked_by_id)
        # Another supervisor may.
        self._review(ticket, points=1, user=self.user_manager)
        self.assertEqual(ticket.review_state, "supervisor")
        self.assertEqual(ticket.engineer_line_ids.points, 1)

    def test_one_person_two_roles_when_the_company_allows_it(self):
        """A small company may let one person review what they worked on:
        it is noted on the ticket."""
        self.company.tsm_allow_dual_role = True
        ticket = self._solve(self._new_ticket(self.emp_leader))
        ticket.with_user(self.user_leader).action_review()
        self.assertEqual(ticket.reviewed_by_id, self.user_leader)
        self.assertTrue(any("two roles" in message.body for message in ticket.message_ids))

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
