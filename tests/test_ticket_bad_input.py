from datetime import datetime, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError

from .ticket_common import TicketCommon


class TestTicketBadInput(TicketCommon):
    """Clear errors, nothing saved."""

    def test_self_rating_outside_allowed_values(self):
        ticket = self._new_ticket(self.emp_engineer, rating=1)
        line = ticket.engineer_line_ids
        for bad in (0.7, 3, -1):
            with self.subTest(rating=bad), self.assertRaisesText(ValidationError, "not allowed"):
                line.self_rating = bad
        self.assertEqual(line.self_rating, 1)
        with self.assertRaises(ValidationError):
            self._new_ticket(self.emp_engineer2, rating=2.5)
        self.assertEqual(self.Ticket.search_count([]), 1)
        # The reviewed value follows the same list.
        self._solve(ticket)
        with self.assertRaisesText(ValidationError, "not one of the allowed"):
            ticket.reviewed_points = 1.2
        self.assertFalse(ticket.reviewed_points)

    def test_review_by_own_engineer_refused(self):
        self.user_leader.employee_id = self.emp_leader
        ticket = self._new_ticket(self.emp_engineer | self.emp_leader, rating=1)
        self._solve(ticket)
        with self.assertRaisesExact(UserError, "someone else must review"):
            ticket.with_user(self.user_leader).action_review()
        self.assertEqual(ticket.review_state, "none")
        # An engineer is no supervisor at all.
        with self.assertRaisesExact(AccessError, "review ticket points"):
            ticket.with_user(self.user_engineer2).action_review()
        self.assertEqual(ticket.review_state, "none")
        ticket.with_user(self.user_manager).action_review()
        self.assertEqual(ticket.reviewed_by_id, self.user_manager)

    def test_callback_before_solving_refused(self):
        ticket = self._new_ticket(self.emp_engineer)
        ticket.action_assign()
        with self.assertRaisesExact(UserError, "not solved yet"):
            self._callback(ticket)
        self.assertFalse(self.env["tsm.ticket.callback"].search([("ticket_id", "=", ticket.id)]))
        self.assertEqual(ticket.state, "assigned")

    def test_visit_ending_before_start_refused(self):
        ticket = self._new_ticket(self.emp_engineer)
        start = datetime(2026, 11, 10, 9)
        for end in (start - timedelta(hours=1), start):
            with self.subTest(end=end), self.assertRaisesText(ValidationError, "ends before"):
                self.env["tsm.ticket.visit"].create(
                    {
                        "ticket_id": ticket.id,
                        "employee_id": self.emp_engineer.id,
                        "start": start,
                        "end": end,
                        "work_done": "x",
                    }
                )
        self.assertFalse(ticket.visit_ids)

    def test_solving_and_closing_without_solution_refused(self):
        ticket = self._new_ticket(self.emp_engineer)
        ticket.action_assign()
        with self.assertRaisesExact(UserError, "no solution"):
            ticket.action_solve()
        self.assertEqual(ticket.state, "assigned")
        self._solve_partly = None
        ticket.solution = "Rebooted"
        ticket.action_solve()
        ticket.solution = " "
        with self.assertRaisesExact(UserError, "no solution"):
            ticket.action_close()
        self.assertEqual(ticket.state, "solved")

    def test_solving_needs_ratings_and_an_engineer(self):
        ticket = self._new_ticket(self.emp_engineer, rating=0)
        ticket.action_assign()
        ticket.solution = "Done"
        with self.assertRaisesExact(UserError, "rates the job"):
            ticket.action_solve()
        only_intern = self._new_ticket(
            self.env["hr.employee"], interns={self.emp_intern: self.env["hr.employee"]}
        )
        only_intern.action_assign()
        only_intern.solution = "Done"
        with self.assertRaisesExact(UserError, "not an intern"):
            only_intern.action_solve()

    def test_assign_without_engineer_refused(self):
        ticket = self._new_ticket(self.env["hr.employee"])
        with self.assertRaisesExact(UserError, "Add the engineers"):
            ticket.action_assign()
        self.assertEqual(ticket.state, "new")

    def test_garbled_setting_is_named(self):
        """A setting typed wrong is an error that names it, not a traceback
        on every ticket: refused when saved, the company keeps its value."""
        with self.assertRaisesExact(UserError, "Allowed Self-ratings"):
            self.company.tsm_ticket_rating_values = "1;x"
        self.assertEqual(self.company.tsm_ticket_rating_values, "0.5,1,1.5,2")
        # A number setting is a typed column: a word is no value at all.
        with self.assertRaises(ValueError):
            self.company.tsm_ticket_repeat_days = "thirty"
        self.assertEqual(self.company.tsm_ticket_repeat_days, 30)
        self.assertTrue(self._new_ticket())
