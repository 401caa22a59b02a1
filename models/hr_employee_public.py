from odoo import fields, models


class HrEmployeePublic(models.Model):
    _inherit = "hr.employee.public"

    # Colleagues may know who serves which area; the rest of the employee's
    # service data (grade, hire date, probation) is HR's.
    tsm_area_id = fields.Many2one("tsm.area", string="Service Area", readonly=True)
