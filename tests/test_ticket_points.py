from datetime import date

from odoo.exceptions import AccessError

from .ticket_common import TicketCommon

SCORE_CODES = ("workload_score", "customer_score", "worklog_score", "form_score")


class TestTicketPoints(TicketCommon):
    """Points split among engineers, interns, validity."""

    def test_two_engineers_split_equally(self):
        ticket = self._done_ticket(self.emp_engineer | self.emp_engineer2, points=1.5)
        self.assertTrue(ticket.is_valid, ticket.invalid_reason)
        self.assertEqual(ticket.engineer_line_ids.mapped("points"), [0.75, 0.75])
        values = self._metrics(self.emp_engineer | self.emp_engineer2, ["ticket_points"])
        self.assertEqual(
            values["ticket_points"], {self.emp_engineer.id: 0.75, self.emp_engineer2.id: 0.75}
        )

    def test_intern_share_goes_to_the_engineer(self):
        ticket = self._new_ticket(
            self.emp_engineer, interns={self.emp_intern: self.emp_engineer}, rating=1.5
        )
        self._solve(ticket, visits=self.emp_engineer | self.emp_intern)
        self._review(ticket, 1.5)
        points = {line.employee_id: line.points for line in ticket.engineer_line_ids}
        self.assertEqual(points, {self.emp_engineer: 1.5, self.emp_intern: 0.0})
        # Two engineers and an intern: the intern does not reduce their shares.
        ticket2 = self._new_ticket(
            self.emp_engineer | self.emp_engineer2,
            interns={self.emp_intern: self.emp_engineer2},
            rating=2,
        )
        self._solve(ticket2)
        self._review(ticket2, 2)
        self.assertEqual(sorted(ticket2.engineer_line_ids.mapped("points")), [0.0, 1.0, 1.0])
        values = self._metrics(self.emp_engineer | self.emp_intern, ["ticket_points"])
        self.assertEqual(values["ticket_points"].get(self.emp_engineer.id), 2.5)
        self.assertFalse(values["ticket_points"].get(self.emp_intern.id))

    def test_several_visits_count_once(self):
        ticket = self._new_ticket(self.emp_engineer, rating=1)
        self._solve(ticket, visits=[self.emp_engineer, self.emp_engineer])
        self._review(ticket, 1)
        self.assertEqual(ticket.visit_count, 2)
        self.assertFalse(ticket.first_time_fix)
        values = self._metrics(self.emp_engineer, ["ticket_points", "valid_tickets"])
        self.assertEqual(values["ticket_points"][self.emp_engineer.id], 1)
        self.assertEqual(values["valid_tickets"][self.emp_engineer.id], 1)

    def test_invalid_ticket_scores_nothing(self):
        # No visit in the work log.
        no_log = self._new_ticket(self.emp_engineer, rating=2)
        self._solve(no_log, visits=self.env["hr.employee"])
        self._review(no_log, 2)
        self.assertFalse(no_log.is_valid)
        self.assertIn("No visit", no_log.invalid_reason)
        # A visit by an engineer who was not dispatched.
        stranger = self._new_ticket(self.emp_engineer, rating=1)
        self._solve(stranger, visits=self.emp_engineer | self.emp_leader)
        self._review(stranger, 1, user=self.user_manager)
        self.assertFalse(stranger.is_valid)
        self.assertIn("Leader Zhao", stranger.invalid_reason)
        valid = self._done_ticket(self.emp_engineer, points=0.5)
        values = self._metrics(
            self.emp_engineer, ["ticket_points", "valid_tickets", "invalid_tickets"]
        )
        self.assertEqual(values["ticket_points"][self.emp_engineer.id], 0.5)
        self.assertEqual(values["valid_tickets"][self.emp_engineer.id], 1)
        self.assertEqual(values["invalid_tickets"][self.emp_engineer.id], 2)
        invalid = self.Ticket.search(
            [("is_valid", "=", False), ("state", "in", ("solved", "callback", "closed"))]
        )
        self.assertEqual(invalid, no_log | stranger)
        self.assertTrue(valid.is_valid)

    def test_unreviewed_ticket_has_no_points(self):
        ticket = self._solve(self._new_ticket(self.emp_engineer, rating=2))
        self.assertEqual(ticket.engineer_line_ids.points, 0)
        ticket.with_user(self.user_leader).action_review()
        # Nothing typed: the reviewer's value is the nearest allowed to the self-ratings.
        self.assertEqual(ticket.reviewed_points, 2)
        self.assertEqual(ticket.engineer_line_ids.points, 2)
        ticket.reviewed_points = 1
        ticket.with_user(self.user_manager).action_review_head()
        self.assertEqual(ticket.review_state, "head")
        self.assertEqual(ticket.engineer_line_ids.points, 1)

    def test_points_by_month_of_solving(self):
        self._done_ticket(self.emp_engineer, points=2, day=date(2026, 10, 31))
        self._done_ticket(self.emp_engineer, points=1, day=date(2026, 11, 1))
        values = self._metrics(self.emp_engineer, ["ticket_points"])
        self.assertEqual(values["ticket_points"][self.emp_engineer.id], 1)


class TestEngineerScore(TicketCommon):
    """Efficiency and the deductions of the score."""

    def test_workload_score(self):
        # 10 valid tickets reviewed at 1.5 = 15 points of 20 standard: 60 × 0.75 = 45.
        for _i in range(10):
            self._done_ticket(self.emp_engineer, points=1.5)
        values = self._metrics(
            self.emp_engineer, ["ticket_points", "standard_points", "efficiency", "workload_score"]
        )
        emp = self.emp_engineer.id
        self.assertEqual(values["ticket_points"][emp], 15)
        self.assertEqual(values["standard_points"][emp], 20)
        self.assertEqual(values["efficiency"][emp], 0.75)
        self.assertEqual(values["workload_score"][emp], 45)
        # The standard points and the cap are settings.
        self.company.tsm_ticket_standard_points = 10
        values = self._metrics(self.emp_engineer, ["efficiency", "workload_score"])
        self.assertEqual(values["efficiency"][emp], 1)
        self.assertEqual(values["workload_score"][emp], 60)
        self.company.tsm_ticket_efficiency_cap = 1.2
        self.company.tsm_ticket_workload_weight = 50
        values = self._metrics(self.emp_engineer, ["efficiency", "workload_score"])
        self.assertEqual(values["efficiency"][emp], 1.2)
        self.assertEqual(values["workload_score"][emp], 60)

    def test_three_dissatisfied_callbacks(self):
        tickets = [self._done_ticket(self.emp_engineer, points=1) for _i in range(4)]
        for ticket in tickets[:3]:
            self._callback(ticket, "dissatisfied")
        self._callback(tickets[3], "satisfied")
        values = self._metrics(
            self.emp_engineer | self.emp_engineer2,
            ["dissatisfied_callbacks", "customer_score"],
        )
        self.assertEqual(values["dissatisfied_callbacks"], {self.emp_engineer.id: 3})
        self.assertEqual(values["customer_score"][self.emp_engineer.id], 14)
        self.assertEqual(values["customer_score"][self.emp_engineer2.id], 20)
        # Floors at 0.
        self.company.tsm_ticket_dissatisfied_deduction = 8
        values = self._metrics(self.emp_engineer, ["customer_score"])
        self.assertEqual(values["customer_score"][self.emp_engineer.id], 0)

    def test_unqualified_logs_and_forms(self):
        tickets = [self._done_ticket(self.emp_engineer, points=1) for _i in range(3)]
        as_leader = [ticket.with_user(self.user_leader) for ticket in tickets]
        as_leader[0].write({"worklog_unqualified": True, "worklog_unqualified_reason": "No times"})
        as_leader[1].write(
            {
                "worklog_unqualified": True,
                "worklog_unqualified_reason": "Work not described",
                "form_unqualified": True,
                "form_unqualified_reason": "No customer signature",
            }
        )
        as_leader[1].action_mark_quality()
        self.assertEqual(tickets[1].quality_checked_by_id, self.user_leader)
        values = self._metrics(
            self.emp_engineer,
            ["unqualified_worklogs", "worklog_score", "unqualified_forms", "form_score"],
        )
        emp = self.emp_engineer.id
        self.assertEqual(values["unqualified_worklogs"][emp], 2)
        self.assertEqual(values["worklog_score"][emp], 8)
        self.assertEqual(values["unqualified_forms"][emp], 1)
        self.assertEqual(values["form_score"][emp], 9)
        # Engineers cannot mark (or unmark) their own tickets.
        with self.assertRaisesExact(AccessError, "“Unqualified Work Log”"):
            tickets[0].with_user(self.user_engineer).worklog_unqualified = False
        self.assertTrue(tickets[0].worklog_unqualified)

    def test_batch_scores(self):
        self._done_ticket(self.emp_engineer | self.emp_engineer2, points=2)
        scores = (self.emp_engineer | self.emp_engineer2)._tsm_ticket_scores(
            date(2026, 11, 1), date(2026, 11, 30)
        )
        self.assertEqual(scores[self.emp_engineer.id]["ticket_points"], 1)
        self.assertEqual(scores[self.emp_engineer2.id]["workload_score"], 3)
        self.assertEqual(scores[self.emp_engineer2.id]["customer_score"], 20)
        self.assertEqual(len(scores[self.emp_engineer.id]), 15)

    def test_query_count_independent_of_employees(self):
        def run(employees):
            return self._count_queries(
                lambda: employees._tsm_ticket_scores(date(2026, 11, 1), date(2026, 11, 30))
            )

        few = self._make_employees(5, "Few")
        many = self._make_employees(50, "Many")
        (few | many).write({"tsm_area_id": self.area.id})
        for group in (few, many):
            self._done_ticket(group[:2], points=1)
        run(few)  # warm the caches
        self.env.invalidate_all()
        count_few = run(few)
        self.env.invalidate_all()
        count_many = run(many)
        self.assertEqual(count_few, count_many)
        self.assertLess(count_few, 40)
