from odoo import fields, models

TSM_SELF_READABLE_FIELDS = [
    "tsm_grade_id",
    "tsm_hire_date",
    "tsm_probation_end",
    "tsm_area_id",
]


class ResUsers(models.Model):
    """Show an employee their own technical-service data in My Profile,
    without giving them read access to other employees' records."""

    _inherit = "res.users"

    tsm_grade_id = fields.Many2one(related="employee_id.tsm_grade_id", readonly=True)
    tsm_hire_date = fields.Date(related="employee_id.tsm_hire_date", readonly=True)
    tsm_probation_end = fields.Date(related="employee_id.tsm_probation_end", readonly=True)
    tsm_area_id = fields.Many2one(related="employee_id.tsm_area_id", readonly=True)

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + TSM_SELF_READABLE_FIELDS

    def _tsm_demo_prefer_lang(self, lang):
        """Demo data: give the users ``lang`` if the database has it loaded."""
        if self.env["res.lang"]._lang_get(lang):
            self.write({"lang": lang})
