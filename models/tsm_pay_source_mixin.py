from odoo import fields, models


class TsmPaySourceMixin(models.AbstractModel):
    """For documents that produce pay lines (appraisal sheets, trips, quantity
    reports...): a count and a smart button to their lines, and the call to
    the pay-line service. Add to the form::

        <button name="action_view_pay_lines" type="object" class="oe_stat_button"
                icon="fa-money" invisible="not pay_line_count">
            <field name="pay_line_count" widget="statinfo" string="Pay Lines"/>
        </button>
    """

    _name = "tsm.pay.source.mixin"
    _description = "Pay Line Source"

    pay_line_count = fields.Integer(string="Pay Lines", compute="_compute_pay_line_count")

    def _compute_pay_line_count(self):
        counts = dict(
            self.env["tsm.pay.line"]._read_group(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("state", "!=", "cancel"),
                ],
                ["res_id"],
                ["__count"],
            )
        )
        for record in self:
            record.pay_line_count = counts.get(record.id, 0)

    def action_view_pay_lines(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hr_tech_service.tsm_pay_line_action"
        )
        action["domain"] = [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        action["context"] = {"create": False}
        return action

    def _tsm_sync_pay_lines(self, vals_list):
        """(Re)generate the pay lines of these documents; see tsm.pay.line._tsm_sync.
        Each dict needs ``source`` (one of ``self``), ``employee_id``, ``code``,
        ``date`` and ``amount``."""
        return self.env["tsm.pay.line"]._tsm_sync(self, vals_list)
