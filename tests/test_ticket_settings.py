from datetime import date

from ..tools.settings import setting
from .ticket_common import TicketCommon

SHIPPED = {
    "ticket_rating_values": "0.5,1,1.5,2",
    "ticket_standard_points": 20,
    "ticket_efficiency_cap": 1,
    "ticket_workload_weight": 60,
    "ticket_customer_weight": 20,
    "ticket_dissatisfied_deduction": 2,
    "ticket_worklog_weight": 10,
    "ticket_worklog_deduction": 1,
    "ticket_form_weight": 10,
    "ticket_form_deduction": 1,
    "ticket_repeat_days": 30,
    "ticket_area_workload_per_device": 1,
}


class TestTicketSettings(TicketCommon):
    """The figures of the score are the company's: shipped to the companies
    that existed at install and to new ones, 0 kept as 0, each company's
    own for its engineers."""

    def test_shipped_values(self):
        main = self.env.ref("base.main_company")
        for company in (main, self.company):
            for name, value in SHIPPED.items():
                with self.subTest(company=company.name, setting=name):
                    self.assertEqual(setting(company, name), value)

    def test_zero_stays_zero(self):
        self.company.write(
            {
                "tsm_ticket_standard_points": 1,
                "tsm_ticket_efficiency_cap": 0,
                "tsm_ticket_dissatisfied_deduction": 0,
            }
        )
        ticket = self._done_ticket(self.emp_engineer, points=2)
        self._callback(ticket, "dissatisfied")
        values = self._metrics(self.emp_engineer, ["efficiency", "customer_score"])
        # No cap: 2 points of 1 standard point; no deduction for the callback.
        self.assertEqual(values["efficiency"][self.emp_engineer.id], 2)
        self.assertEqual(values["customer_score"][self.emp_engineer.id], 20)

    def test_each_company_its_own(self):
        other = self.env["res.company"].create({"name": "TSM Other Co"})
        other.tsm_ticket_standard_points = 10
        engineer = self.env["hr.employee"].create(
            {"name": "Engineer Other", "company_id": other.id}
        )
        values = self._metrics(
            self.emp_engineer | engineer,
            ["standard_points"],
            (date(2026, 11, 1), date(2026, 11, 30)),
        )
        self.assertEqual(values["standard_points"], {self.emp_engineer.id: 20, engineer.id: 10})
