from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from freezegun import freeze_time

from odoo import Command

from .common import TsmCommon


class TicketSetup:
    """A customer with its two responsible engineers, the service desk, an
    intern, the company calendar in UTC, and helpers that take a ticket
    through the flow (as superuser)."""

    @classmethod
    def _ticket_setup(cls):
        cls.env = cls.env(context=dict(cls.env.context, tsm_no_customer_mail=True))
        cls.Ticket = cls.env["tsm.ticket"]
        cls.company.resource_calendar_id.tz = "UTC"
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Hefei Metro Line 3",
                "email": "ops@metro3.example.com",
                "tsm_first_engineer_id": cls.emp_engineer.id,
                "tsm_second_engineer_id": cls.emp_engineer2.id,
            }
        )
        cls.user_desk = cls._tsm_user(
            "tsm_desk", "hr_tech_service.group_tsm_service_desk", "Desk Wu"
        )
        cls.emp_intern = cls.env["hr.employee"].create(
            {
                "name": "Intern Xu",
                "department_id": cls.department.id,
                "parent_id": cls.emp_manager.id,
                "tsm_area_id": cls.area.id,
            }
        )

    @contextmanager
    def assertRaisesExact(self, exception, text):
        """Raises exactly ``exception`` (an AccessError is also a UserError:
        assertRaises(UserError) would take one for the other), whose message
        contains ``text``."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertIs(type(catcher.exception), exception, str(catcher.exception))
        self.assertIn(text, str(catcher.exception))

    def _new_ticket(self, engineers=None, interns=None, rating=1.5, **vals):
        """A new ticket for the customer with ``engineers`` (self-rating
        ``rating``) and ``interns`` ({intern: engineers accompanied})."""
        lines = [
            Command.create({"employee_id": employee.id, "self_rating": rating})
            for employee in (self.emp_engineer if engineers is None else engineers)
        ]
        for intern, accompanied in (interns or {}).items():
            lines.append(
                Command.create(
                    {
                        "employee_id": intern.id,
                        "is_intern": True,
                        "accompanied_ids": [Command.set(accompanied.ids)],
                    }
                )
            )
        return self.Ticket.create(
            {
                "partner_id": self.customer.id,
                "description": "Screen 4 shows no picture",
                "equipment": vals.pop("equipment", "LED-4"),
                "engineer_line_ids": lines,
                **vals,
            }
        )

    def _solve(self, ticket, day=date(2026, 11, 10), visits=None, work_done="Replaced the board"):
        """Assign, start, log a visit per engineer (``visits``: employees;
        default every engineer of the ticket) and solve on ``day``."""
        with freeze_time(datetime.combine(day, time(8))):
            ticket.action_assign()
            ticket.action_start()
        start = datetime.combine(day, time(9))
        visitors = ticket.engineer_line_ids.employee_id if visits is None else visits
        self.env["tsm.ticket.visit"].create(
            [
                {
                    "ticket_id": ticket.id,
                    "employee_id": employee.id,
                    "start": start,
                    "end": start + timedelta(hours=2),
                    "work_done": work_done,
                }
                for employee in visitors
            ]
        )
        ticket.solution = "Replaced the video board"
        with freeze_time(datetime.combine(day, time(12))):
            ticket.action_solve()
        return ticket

    def _review(self, ticket, points=None, user=None):
        if points is not None:
            ticket.reviewed_points = points
        ticket.with_user(user or self.user_leader).action_review()
        return ticket

    def _done_ticket(self, engineers=None, points=1.5, day=date(2026, 11, 10), **kwargs):
        ticket = self._new_ticket(engineers, rating=points, **kwargs)
        self._solve(ticket, day)
        return self._review(ticket, points)

    def _callback(self, ticket, satisfaction="satisfied", day=date(2026, 11, 12), reached=True):
        return self.env["tsm.ticket.callback"].create(
            {
                "ticket_id": ticket.id,
                "date": datetime.combine(day, time(10)),
                "reached": reached,
                "satisfaction": satisfaction,
            }
        )

    def _metrics(self, employees, codes, period=(date(2026, 11, 1), date(2026, 11, 30))):
        return self.env["tsm.metric"]._tsm_compute(codes, employees, *period)


class TicketCommon(TicketSetup, TsmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._ticket_setup()
