from odoo import models

from ..tools.trip_vocabulary import PAYROLL


class TsmPayPeriod(models.Model):
    _inherit = "tsm.pay.period"

    def action_tsm_generate_trip_lines(self):
        """Payroll's monthly run for trips: the pay lines of every trip
        settled with a return date in the period."""
        self._tsm_require(PAYROLL, action=self.env._("generate trip pay lines"))
        self._tsm_check_open()
        for period in self:
            self.env["tsm.trip"]._tsm_generate_pay_lines(
                period.company_id, period.date_start, period.date_end
            )
        return True
