from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from odoo.addons.hr_tech_service.tools.batch import bulk
from odoo.addons.hr_tech_service.tools.flow import flow


class TsmPayLine(models.Model):
    _inherit = "tsm.pay.line"

    # Written only by the payslip's buttons and the carry-over wizard, under
    # flow(): tsm.guard.mixin refuses them to everyone else.
    payslip_id = fields.Many2one(
        "hr.payslip",
        string="Paid by Payslip",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        help="The confirmed payslip that paid this line.",
    )
    refund_payslip_id = fields.Many2one(
        "hr.payslip",
        string="Returned by Refund",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The refund payslip that took this line back: it is approved again and the "
        "next payslip of its dates pays it.",
    )
    carried_from_period_id = fields.Many2one(
        "tsm.pay.period",
        string="Carried Over From",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The pay period this approved line was carried over from, unpaid, when that "
        "period was closed.",
    )

    @api.model
    def _tsm_payable_domain(self, employees, date_from, date_to, codes):
        """Approved lines no payslip paid yet, of ``employees`` and ``codes``,
        dated from ``date_from`` to ``date_to``."""
        return [
            ("employee_id", "in", employees.ids),
            ("state", "=", "approved"),
            ("payslip_id", "=", False),
            ("code_id", "in", codes.ids),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
        ]

    @bulk
    def _tsm_carry_over(self, target, note):
        """Move these approved lines, unpaid, into the open period ``target``
        (dated its first day), with ``note`` on each line and on both periods.
        The caller checked who asks."""
        if not self:
            return
        if target.state != "open":
            raise UserError(self.env._("Pay period %s is closed.", target.name))
        if any(line.state != "approved" for line in self):
            raise UserError(self.env._("Only approved pay lines are carried over."))
        self._tsm_check_carry_clash(target)
        lines = flow(self).with_context(tracking_disable=True)
        origins = self.period_id
        user = self.env.user.name
        for line in lines:
            text = self.env._(
                "Carried over unpaid from %(period)s (dated %(date)s) by %(user)s: %(note)s",
                period=line.period_id.name,
                date=format_date(self.env, line.date),
                user=user,
                note=note,
            )
            line.write(
                {
                    "carried_from_period_id": line.period_id.id,
                    "period_id": target.id,
                    "date": target.date_start,
                    "note": f"{line.note}\n{text}" if line.note else text,
                }
            )
        for origin in origins:
            count = len(self.filtered(lambda line, o=origin: line.carried_from_period_id == o))
            origin.message_post(
                body=self.env._(
                    "%(count)s approved pay lines carried over unpaid to %(target)s: %(note)s",
                    count=count,
                    target=target.name,
                    note=note,
                )
            )
        target.message_post(
            body=self.env._(
                "%(count)s approved pay lines carried over from %(periods)s: %(note)s",
                count=len(self),
                periods=", ".join(origins.mapped("name")),
                note=note,
            )
        )

    def _tsm_check_carry_clash(self, target):
        """A source has one live line per code, period and employee (the
        unique index of tsm.pay.line): refuse, with the lines, a move that
        would give it two."""
        sourced = self.filtered("res_model")
        if not sourced:
            return
        keys = defaultdict(set)
        for line in sourced:
            keys[line.res_model].add((line.res_id, line.code_id.id, line.employee_id.id))
        there = self.sudo().search(
            [
                ("period_id", "=", target.id),
                ("state", "!=", "cancel"),
                ("res_model", "in", list(keys)),
                ("res_id", "in", list({line.res_id for line in sourced})),
            ]
        )
        clash = there.filtered(
            lambda line: (line.res_id, line.code_id.id, line.employee_id.id) in keys[line.res_model]
        )
        if clash:
            raise UserError(
                self.env._(
                    "Pay period %(period)s already has a line of the same source, code and "
                    "employee for: %(lines)s. Cancel or correct one of them before carrying "
                    "the other over.",
                    period=target.name,
                    lines=", ".join(
                        f"{line.employee_id.name} {line.code} {line.source_name}"
                        for line in clash[:10]
                    ),
                )
            )
