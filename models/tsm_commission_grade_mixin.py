from odoo import models


class TsmGradeMixin(models.AbstractModel):
    """Grade tests and promotions concern an employee, who never records
    their own."""

    _name = "tsm.grade.mixin"
    _description = "Grade Test or Promotion"

    def _tsm_is_not_own(self):
        """The records whose employee is not the current user."""
        user = self.env.user
        return self.filtered(lambda rec: rec.employee_id.sudo().user_id != user)
