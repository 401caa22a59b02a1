from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools.policy import Allow

HR_OFFICER = "hr_tech_service.group_tsm_hr_officer"


class TsmMetricValue(models.Model):
    """A value of an entered metric for one employee, dated in its period."""

    _name = "tsm.metric.value"
    _description = "Metric Value"
    _inherit = ["tsm.guard.mixin"]
    # HR enters the values of entered metrics, never their own: the values
    # feed appraisal scores and so grade money.
    _tsm_policy = (
        Allow("*", groups=HR_OFFICER, who="_tsm_is_colleague"),
        Allow(on="unlink", groups=HR_OFFICER, who="_tsm_is_colleague"),
    )
    _order = "date desc, metric_id, employee_id"
    _check_company_auto = True

    metric_id = fields.Many2one(
        "tsm.metric",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('kind', '=', 'entered')]",
    )
    employee_id = fields.Many2one("hr.employee", required=True, index=True, check_company=True)
    company_id = fields.Many2one(related="employee_id.company_id", store=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    value = fields.Float(required=True, digits=(16, 4))
    note = fields.Char()

    def _tsm_is_colleague(self):
        return self.filtered(lambda value: value.employee_id.user_id != self.env.user)

    def write(self, vals):
        result = super().write(vals)
        # The policy decides on the values before the write: a colleague's
        # figure cannot be moved onto oneself either.
        if not self._tsm_guard_trusted() and self - self._tsm_is_colleague():
            raise AccessError(self.env._("Nobody enters or changes their own metric values."))
        return result

    def _tsm_guard_refuse(self, operation, name):
        if self.employee_id.user_id == self.env.user:
            raise AccessError(self.env._("Nobody enters or changes their own metric values."))
        return super()._tsm_guard_refuse(operation, name)

    @api.constrains("metric_id")
    def _check_entered(self):
        for value in self:
            if value.metric_id.kind != "entered":
                raise ValidationError(
                    self.env._(
                        "Metric %s is computed: its values cannot be entered.",
                        value.metric_id.display_name,
                    )
                )
