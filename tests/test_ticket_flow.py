from datetime import date, datetime

from freezegun import freeze_time
from pytz import utc

from odoo import Command
from odoo.exceptions import AccessError, UserError

from odoo.addons.hr_tech_service.tools.flow import flow

from .ticket_common import TicketCommon


class TestTicketFlow(TicketCommon):
    def test_numbering_owners_and_priority(self):
        ticket = self._new_ticket(urgency="2", importance="2")
        self.assertTrue(ticket.name.startswith("ST/"))
        self.assertEqual(ticket.first_engineer_id, self.emp_engineer)
        self.assertEqual(ticket.second_engineer_id, self.emp_engineer2)
        self.assertEqual(ticket.owner_id, self.emp_engineer)
        self.assertEqual(ticket.area_id, self.area)
        self.assertEqual(ticket.department_id, self.department)
        self.assertEqual(ticket.priority, "3")
        self.assertEqual(self._new_ticket(urgency="0", importance="0").priority, "0")
        self.assertEqual(self._new_ticket(urgency="2", importance="0").priority, "2")

    def test_customer_mails(self):
        Ticket = self.Ticket.with_context(tsm_no_customer_mail=False)
        ticket = Ticket.create(
            {
                "partner_id": self.customer.id,
                "description": "No sound",
                "engineer_line_ids": [
                    Command.create({"employee_id": self.emp_engineer.id, "self_rating": 1})
                ],
            }
        )
        subjects = ticket.message_ids.mapped("subject")
        self.assertIn(f"Your service request {ticket.name} is registered", subjects)
        self._solve(ticket.with_context(tsm_no_customer_mail=False))
        self.assertIn(
            f"Your service request {ticket.name} is solved", ticket.message_ids.mapped("subject")
        )
        message = ticket.message_ids.filtered(lambda m: "is solved" in (m.subject or ""))
        self.assertIn(self.customer, message.partner_ids)

    def test_full_flow_with_callback_and_close(self):
        ticket = self._done_ticket(self.emp_engineer, points=1)
        self.assertEqual(ticket.state, "solved")
        self.assertTrue(ticket.first_time_fix)
        self._callback(ticket, reached=False, satisfaction=False)
        self.assertEqual(ticket.state, "solved")
        self._callback(ticket, "satisfied")
        self.assertEqual(ticket.state, "callback")
        self.assertTrue(ticket.callback_done)
        self.assertEqual(ticket.satisfaction, "satisfied")
        ticket.action_close()
        self.assertEqual(ticket.state, "closed")

    def test_reopen_with_reason(self):
        ticket = self._done_ticket(self.emp_engineer, points=1)
        with self.assertRaisesExact(UserError, "why"):
            ticket._tsm_reopen(" ")
        # The engineer does not reopen their own reviewed ticket; the service desk does.
        Reopen = self.env["tsm.ticket.reopen"]
        wizard = Reopen.with_user(self.user_engineer).create(
            {"ticket_id": ticket.id, "reason": "Screen went black again"}
        )
        with self.assertRaisesExact(AccessError, "reopen service tickets"):
            wizard.action_confirm()
        self.assertEqual(ticket.state, "solved")
        wizard = Reopen.with_user(self.user_desk).create(
            {"ticket_id": ticket.id, "reason": "Screen went black again"}
        )
        wizard.action_confirm()
        self.assertEqual(ticket.state, "in_progress")
        self.assertEqual(ticket.reopen_count, 1)
        self.assertEqual(ticket.review_state, "none")
        self.assertEqual(ticket.engineer_line_ids.points, 0)
        self.assertFalse(ticket.date_solved)

    def test_handover_and_report_back(self):
        ticket = self._new_ticket(self.emp_engineer)
        handover = (
            self.env["tsm.ticket.handover"]
            .with_user(self.user_engineer)
            .create(
                {
                    "ticket_id": ticket.id,
                    "from_employee_id": self.emp_engineer.id,
                    "to_employee_id": self.emp_engineer2.id,
                    "what": "Station 12 control room down",
                    "date_until": datetime(2026, 11, 11, 18),
                    "scope": "Restore the display only",
                }
            )
        )
        self.assertEqual(ticket.owner_id, self.emp_engineer2)
        as_second = handover.with_user(self.user_engineer2)
        with self.assertRaisesExact(UserError, "Write the result"):
            as_second.action_report_back()
        as_second.result = "Power supply replaced, display restored"
        as_second.action_report_back()
        self.assertEqual(handover.state, "done")
        self.assertEqual(ticket.owner_id, self.emp_engineer)
        activity = ticket.activity_ids.filtered(lambda a: "Hand-over result" in a.summary)
        self.assertEqual(activity.user_id, self.user_manager)
        self.assertIn("Power supply replaced", ticket.message_ids[0].body)

    def test_sla_in_working_hours(self):
        # Monday 9:00, normal priority: respond within 4 and resolve within 24 working hours
        # of the company calendar (8-12, 13-17).
        ticket = self._new_ticket(date_received=datetime(2026, 11, 9, 9))
        self.assertEqual(ticket.sla_id, self.env.ref("hr_tech_service.ticket_sla_normal"))
        self.assertEqual(ticket.date_response_deadline, datetime(2026, 11, 9, 14))
        self.assertEqual(ticket.date_resolution_deadline, datetime(2026, 11, 12, 9))
        self.assertEqual(ticket.date_due, date(2026, 11, 12))
        with freeze_time("2026-11-09 15:00:00"):
            ticket.action_assign()
            ticket.action_start()
        self.assertEqual(ticket.response_hours, 5)
        self.assertTrue(ticket.response_late)
        # Key account, urgent: its own target wins.
        self.customer.tsm_customer_tier = "key"
        urgent = self._new_ticket(
            urgency="2", importance="2", date_received=datetime(2026, 11, 9, 9)
        )
        self.assertEqual(urgent.sla_id, self.env.ref("hr_tech_service.ticket_sla_key_urgent"))
        self.assertEqual(urgent.date_response_deadline, datetime(2026, 11, 9, 9, 30))

    def test_sla_batch_agrees_with_the_calendar(self):
        """Tickets created together share one calendar computation; their
        deadlines and working hours are those the calendar gives one by one,
        across a weekend, a public holiday and months apart."""
        calendar = self.company.resource_calendar_id
        self.env["resource.calendar.leaves"].create(
            {
                "name": "National Day",
                "calendar_id": calendar.id,
                "date_from": datetime(2026, 10, 1),
                "date_to": datetime(2026, 10, 7, 23, 59),
            }
        )
        received = [
            datetime(2026, 9, 30, 16, 30),  # into the holiday week
            datetime(2026, 11, 13, 16),  # Friday afternoon, over the weekend
            datetime(2026, 11, 14, 10),  # on a Saturday
            datetime(2027, 2, 3, 12, 30),  # at lunch time, months later
        ]
        tickets = self.Ticket.create(
            [
                {"partner_id": self.customer.id, "description": "Fault", "date_received": day}
                for day in received
            ]
        )
        for ticket in tickets:
            sla = ticket.sla_id
            self.assertTrue(sla)
            self.assertEqual(
                ticket.date_resolution_deadline,
                calendar.plan_hours(
                    sla.resolution_hours, ticket.date_received, compute_leaves=True
                ),
            )
            self.assertEqual(
                ticket.date_response_deadline,
                calendar.plan_hours(sla.response_hours, ticket.date_received, compute_leaves=True),
            )
        # 0.5 h on 30 September, the holiday week skipped, 8 + 8 h on the 8th and
        # 9th, the weekend skipped, the last 7.5 h on Monday the 12th (8-12, 13-16:30).
        self.assertEqual(tickets[0].date_resolution_deadline, datetime(2026, 10, 12, 16, 30))
        tickets.write({"date_solved": datetime(2026, 11, 16, 10), "state": "solved"})
        expected = [
            calendar.get_work_hours_count(
                ticket.date_received.replace(tzinfo=utc),
                datetime(2026, 11, 16, 10, tzinfo=utc),
                compute_leaves=True,
            )
            for ticket in tickets[:3]
        ]
        self.assertEqual(tickets[:3].mapped("resolution_hours"), [round(h, 2) for h in expected])
        self.assertEqual(tickets[2].resolution_hours, 2)  # Monday 8-10
        self.assertEqual(tickets[3].resolution_hours, 0)  # solved before it was received

    def test_days_are_local_days(self):
        """Days (solved, visit, callback) are those of the company's calendar
        time zone: 07:30 in Beijing is 23:30 UTC the evening before."""
        self.company.resource_calendar_id.tz = "Asia/Shanghai"
        ticket = self._new_ticket()
        visit = self.env["tsm.ticket.visit"].create(
            {
                "ticket_id": ticket.id,
                "employee_id": self.emp_engineer.id,
                "start": datetime(2026, 11, 30, 23, 0),
                "end": datetime(2026, 11, 30, 23, 30),
                "work_done": "Night call-out",
            }
        )
        self.assertEqual(visit.date, date(2026, 12, 1))
        flow(ticket).write({"state": "solved", "date_solved": datetime(2026, 11, 30, 23, 30)})
        self.assertEqual(ticket.date_solved_day, date(2026, 12, 1))
        self.assertEqual(ticket.engineer_line_ids.date_solved, date(2026, 12, 1))

    def test_daily_cron_flags_open_tickets_late(self):
        """Time passing changes nothing a stored late flag depends on: the
        daily cron recomputes those of open tickets and tasks."""
        with freeze_time("2026-11-09 09:00:00"):
            ticket = self._new_ticket(date_received=datetime(2026, 11, 9, 9))
            task = self.env["tsm.task"].create(
                {
                    "name": "Inspect the East screens",
                    "employee_id": self.emp_engineer.id,
                    "date_deadline": date(2026, 11, 10),
                }
            )
            self.env.flush_all()
            self.assertFalse(ticket.response_late)
            self.assertFalse(task.is_late)
        # Resolution was due Thursday 12 November at 9:00 (24 working hours).
        with freeze_time("2026-11-13 09:00:00"):
            self.env["tsm.ticket"]._cron_refresh_late()
        self.assertTrue(ticket.response_late)
        self.assertTrue(ticket.resolution_late)
        self.assertTrue(task.is_late)

    def test_repeat_fault(self):
        first = self._new_ticket(date_received=datetime(2026, 11, 1, 9), equipment="LED-4")
        again = self._new_ticket(date_received=datetime(2026, 11, 20, 9), equipment="led-4 ")
        other = self._new_ticket(date_received=datetime(2026, 11, 21, 9), equipment="LED-5")
        late = self._new_ticket(date_received=datetime(2027, 1, 15, 9), equipment="LED-5")
        self.assertFalse(first.repeat_fault)
        self.assertTrue(again.repeat_fault)
        self.assertFalse(other.repeat_fault)
        self.assertFalse(late.repeat_fault)
        self.company.tsm_ticket_repeat_days = 10
        again2 = self._new_ticket(date_received=datetime(2026, 11, 25, 9), equipment="LED-5")
        self.assertTrue(again2.repeat_fault)

    def test_email_rating_counts_as_callback(self):
        ticket = self._done_ticket(self.emp_engineer, points=1)
        ticket.action_send_rating()
        token = ticket._rating_get_access_token()
        rating = self.env["rating.rating"].search([("access_token", "=", token)])
        self.assertEqual(rating.partner_id, self.customer)
        ticket.rating_apply(1, token=token, feedback="Came too late")
        callback = ticket.callback_ids
        self.assertEqual((callback.channel, callback.satisfaction), ("rating", "dissatisfied"))
        self.assertEqual(ticket.state, "callback")
        values = self._metrics(
            self.emp_engineer, ["dissatisfied_callbacks"], (date.today(), date.today())
        )
        self.assertEqual(values["dissatisfied_callbacks"][self.emp_engineer.id], 1)
