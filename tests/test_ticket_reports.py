from datetime import date

from odoo.exceptions import AccessError

from .common import pdf_text
from .ticket_common import TicketCommon


class TestTicketReports(TicketCommon):
    def test_service_ticket_pdf(self):
        ticket = self._done_ticket(self.emp_engineer | self.emp_engineer2, points=1)
        report = self.env.ref("hr_tech_service.action_report_tsm_ticket")
        html = report._render_qweb_html(report.report_name, ticket.ids)[0].decode()
        for text in (
            "Service Ticket",
            ticket.name,
            "Hefei Metro Line 3",
            "Engineer Zhou",
            "Replaced the video board",
            "Customer Signature",
        ):
            self.assertIn(text, html)
        content, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report.report_name, ticket.ids
        )
        self.assertEqual(kind, "pdf")
        self.assertIn(ticket.name, pdf_text(content))

    def test_scorecard(self):
        for _i in range(4):
            self._done_ticket(self.emp_engineer, points=2)
        report = self.env.ref("hr_tech_service.action_report_tsm_scorecard").with_user(self.user_hr)
        html = report._render_qweb_html(
            report.report_name,
            self.emp_engineer.ids,
            data={"date_from": "2026-11-01", "date_to": "2026-11-30"},
        )[0].decode()
        self.assertIn("Engineer Scorecard", html)
        self.assertIn("8.00", html)  # points
        self.assertIn("24.00", html)  # 60 × 8 / 20
        self.assertIn("64.00", html)  # 24 + 20 + 10 + 10
        values = self.env["report.hr_tech_service.report_tsm_scorecard"]._get_report_values(
            self.emp_engineer.ids
        )
        self.assertEqual(values["date_from"].day, 1)
        self.assertLess(values["date_to"], date.today())
        # The area leader prints the area's engineers, not someone elsewhere.
        Scorecard = self.env["report.hr_tech_service.report_tsm_scorecard"]
        leader_values = Scorecard.with_user(self.user_leader)._get_report_values(
            self.emp_engineer.ids
        )
        self.assertEqual(leader_values["docs"], self.emp_engineer)
        outsider = self.env["hr.employee"].create({"name": "Engineer Elsewhere"})
        with self.assertRaises(AccessError):
            Scorecard.with_user(self.user_leader)._get_report_values(outsider.ids)
        with self.assertRaises(AccessError):
            Scorecard.with_user(self.user_engineer)._get_report_values(self.emp_engineer2.ids)
