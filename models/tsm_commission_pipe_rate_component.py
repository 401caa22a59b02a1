from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.commission_vocabulary import HR_MANAGER
from ..tools.policy import Allow


class TsmPipeRateComponent(models.Model):
    """An amount per metre of a rate row; base components are paid as their
    sum, extras (inner welding) only when the line says so."""

    _name = "tsm.pipe.rate.component"
    _description = "Pipe Rate Component"
    _inherit = ["tsm.guard.mixin"]
    _order = "rate_id, sequence, id"
    _tsm_policy = (Allow("*", groups=HR_MANAGER), Allow(on="unlink", groups=HR_MANAGER))

    rate_id = fields.Many2one("tsm.pipe.rate", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(
        [("base", "Base rate"), ("inner_welding", "Inner welding (内焊)")],
        required=True,
        default="base",
    )
    amount = fields.Float(string="Per Metre", digits=(16, 4), required=True)

    @api.constrains("amount")
    def _check_amount(self):
        for component in self:
            if component.amount < 0:
                raise ValidationError(self.env._("A rate component cannot be negative."))
