from odoo import fields, models


class ResCompany(models.Model):
    """The company's settings of business trips, read through
    ``tools.settings.setting(company, "trip_...")``; their shipped values are
    ``ir.default`` records of data/tsm_trip_settings_data.xml."""

    _inherit = "res.company"

    tsm_trip_alert_user_id = fields.Many2one(
        "res.users",
        string="HR Contact for Trip Absences",
        help="Gets an activity when a traveller has a week of consecutive absence flags. "
        "Empty: the first HR Manager of the company.",
    )
    tsm_trip_absence_alert_days = fields.Integer(
        string="Consecutive Flagged Days Alerting HR",
        help="A traveller with this many consecutive days flagged (no daily report, "
        "unreachable) raises an HR activity. 0: no alert.",
    )
    tsm_trip_unreachable_hours = fields.Integer(
        string="Hours Unreachable Counting as Absence",
        help="Being unreachable for more than this many hours without contacting the "
        "manager can be flagged.",
    )
