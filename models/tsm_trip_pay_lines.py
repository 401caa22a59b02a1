from odoo import api, models

from ..tools.trip_vocabulary import PAYROLL


class TsmTrip(models.Model):
    """The trip's pay lines, through the pay-line service of
    ``tsm.pay.source.mixin``: per traveller, in the pay period of the return
    date, the allowance (TRIP_ALLOW), the discretionary amount
    (TRIP_DISCRETIONARY), the reimbursed expenses (TRIP_REIMB) and the
    advance deducted (TRIP_ADVANCE, negative)."""

    _inherit = "tsm.trip"

    def _tsm_pay_line_vals(self):
        """Each traveller's allowance, discretionary amount, reimbursed
        expenses and advance deduction, dated on the return date."""
        vals_list = []
        for trip in self:
            for traveller in trip.traveller_ids:
                vals_list += trip._tsm_traveller_pay_line_vals(traveller)
        return vals_list

    def _tsm_traveller_pay_line_vals(self, traveller):
        self.ensure_one()
        line = {"source": self, "employee_id": traveller.employee_id.id, "date": self.date_to}
        vals_list = []
        if traveller.allowance_amount:
            vals_list.append(
                {
                    **line,
                    "code": "TRIP_ALLOW",
                    "amount": traveller.allowance_amount,
                    "quantity": traveller.allowance_days,
                    "rate": traveller.allowance_rate,
                    "name": self.env._(
                        "%(trip)s allowance: %(days)s days",
                        trip=self.name,
                        days=traveller.allowance_days,
                    ),
                }
            )
        others = (
            (
                "TRIP_DISCRETIONARY",
                traveller.discretionary_amount,
                self.env._("%(trip)s discretionary allowance", trip=self.name),
            ),
            (
                "TRIP_REIMB",
                traveller.reimbursable_amount,
                self.env._("%(trip)s expenses", trip=self.name),
            ),
            (
                "TRIP_ADVANCE",
                -traveller.advance_amount,
                self.env._("%(trip)s advance deducted", trip=self.name),
            ),
        )
        vals_list.extend(
            {**line, "code": code, "amount": amount, "name": name}
            for code, amount, name in others
            if amount
        )
        return vals_list

    def _tsm_sync_trip_pay_lines(self):
        """Create or update the pay lines of these trips (idempotent)."""
        trips = self.sudo()
        if not trips:
            return self.env["tsm.pay.line"]
        trips.traveller_ids.fetch(
            [
                "employee_id",
                "allowance_amount",
                "allowance_days",
                "allowance_rate",
                "discretionary_amount",
                "reimbursable_amount",
                "advance_amount",
            ]
        )
        return trips._tsm_sync_pay_lines(trips._tsm_pay_line_vals())

    @api.model
    def _tsm_generate_pay_lines(self, company, date_from, date_to):
        """The monthly run: (re)generate the pay lines of all settled trips
        of ``company`` that returned between ``date_from`` and ``date_to``.

        Idempotent: a second run changes nothing; approved lines that would
        change are refused by the pay-line service. A fixed number of queries
        whatever the number of trips (one INSERT per 100 new lines).

        :return: the pay lines of those trips
        """
        if not self.env.su:
            self._tsm_require(PAYROLL, action=self.env._("generate trip pay lines"))
        trips = self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "settled"),
                ("date_to", ">=", date_from),
                ("date_to", "<=", date_to),
            ]
        )
        return trips._tsm_sync_trip_pay_lines()
