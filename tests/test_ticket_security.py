from odoo.exceptions import AccessError

from .ticket_common import TicketCommon


class TestTicketSecurity(TicketCommon):
    """Engineers see the tickets they work on and their area's; area leaders
    their area; managers their department; the service desk registers
    tickets and calls back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.area_west = cls.env["tsm.area"].create(
            {"name": "West", "code": "W1", "company_id": cls.company.id}
        )
        cls.emp_west = cls.env["hr.employee"].create(
            {"name": "Engineer West", "tsm_area_id": cls.area_west.id}
        )
        cls.user_other = cls._tsm_user("tsm_other", "hr_tech_service.group_tsm_employee", "Other")
        cls.env["hr.employee"].create({"name": "Other", "user_id": cls.user_other.id})

    def test_visibility(self):
        east = self._new_ticket(self.emp_engineer)
        west = self._new_ticket(self.emp_west, area_id=self.area_west.id, department_id=False)
        west.write({"first_engineer_id": False, "second_engineer_id": False})
        self.assertEqual(west.area_id, self.area_west)
        Ticket = self.env["tsm.ticket"]
        # An engineer of the East area sees the East ticket (even without working on it).
        self.assertEqual(Ticket.with_user(self.user_engineer2).search([]), east)
        self.assertEqual(Ticket.with_user(self.user_leader).search([]), east)
        # Someone outside the area and the tickets sees none.
        self.assertFalse(Ticket.with_user(self.user_other).search([]))
        with self.assertRaises(AccessError):
            west.with_user(self.user_engineer).read(["name"])
        # The department manager sees the department's tickets, the desk and the GM all.
        self.assertIn(east, Ticket.with_user(self.user_manager).search([]))
        self.assertNotIn(west, Ticket.with_user(self.user_manager).search([]))
        self.assertEqual(Ticket.with_user(self.user_desk).search([]), east | west)
        self.assertEqual(Ticket.with_user(self.user_gm).search([]), east | west)

    def test_service_desk_registers_and_calls_back(self):
        desk = self.env["tsm.ticket"].with_user(self.user_desk)
        ticket = desk.create(
            {"partner_id": self.customer.id, "description": "Display flickers", "channel": "phone"}
        )
        self.env["tsm.ticket.engineer"].with_user(self.user_desk).create(
            {"ticket_id": ticket.id, "employee_id": self.emp_engineer.id}
        )
        ticket.action_assign()
        # The engineer works the ticket.
        as_engineer = ticket.with_user(self.user_engineer)
        as_engineer.action_start()
        self.env["tsm.ticket.visit"].with_user(self.user_engineer).create(
            {
                "ticket_id": ticket.id,
                "employee_id": self.emp_engineer.id,
                "start": "2026-11-10 09:00:00",
                "end": "2026-11-10 10:30:00",
                "work_done": "Reseated the cable",
            }
        )
        as_engineer.engineer_line_ids.self_rating = 1
        as_engineer.solution = "Cable reseated"
        as_engineer.action_solve()
        # Engineers do not call their own customers back.
        with self.assertRaises(AccessError):
            self.env["tsm.ticket.callback"].with_user(self.user_engineer).create(
                {"ticket_id": ticket.id, "satisfaction": "satisfied"}
            )
        # Nor set their own reviewed value.
        with self.assertRaisesExact(AccessError, "“Reviewed Value”"):
            as_engineer.reviewed_points = 2
        self.assertFalse(ticket.reviewed_points)
        callback = (
            self.env["tsm.ticket.callback"]
            .with_user(self.user_desk)
            .create({"ticket_id": ticket.id, "satisfaction": "neutral"})
        )
        self.assertEqual(callback.ticket_id.state, "callback")
        self.assertEqual(ticket.visit_hours, 1.5)

    def test_multi_company(self):
        ticket = self._new_ticket(self.emp_engineer)
        other = self.env["res.company"].create({"name": "Other Co"})
        self.user_gm.write({"company_ids": [(4, other.id)]})
        found = (
            self.env["tsm.ticket"]
            .with_user(self.user_gm)
            .with_context(allowed_company_ids=[other.id])
            .search([])
        )
        self.assertNotIn(ticket, found)
