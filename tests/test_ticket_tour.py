from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import TsmHttpCommon


@tagged("post_install", "-at_install")
class TestTicketTour(TsmHttpCommon):
    def test_create_solve_review_call_back(self):
        """In the browser: register, dispatch, solve, review and call back."""
        new_test_user(
            self.env,
            login="tsm_supervisor",
            name="Supervisor Ma",
            groups="hr_tech_service.group_tsm_service_desk,hr_tech_service.group_tsm_leader",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
            lang="en_US",
            tz="UTC",
        )
        self.env["res.partner"].create(
            {"name": "Hefei Metro Line 3", "tsm_first_engineer_id": self.emp_engineer.id}
        )
        self.start_tour("/odoo", "tsm_ticket_flow", login="tsm_supervisor")
        ticket = self.env["tsm.ticket"].search([("equipment", "=", "LED-7")])
        self.assertEqual(ticket.state, "callback")
        self.assertEqual(ticket.engineer_line_ids.employee_id, self.emp_engineer)
        self.assertEqual(ticket.reviewed_points, 1.5)
        self.assertEqual(ticket.engineer_line_ids.points, 1.5)
        self.assertEqual(ticket.callback_ids.satisfaction, "satisfied")
        self.assertEqual(ticket.solution, "Replaced the video board")
