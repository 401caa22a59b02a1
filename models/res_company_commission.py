from odoo import fields, models

from ..tools.commission_vocabulary import EXCLUDED_SHARE_RULES


class ResCompanyCommission(models.Model):
    """The commission rules a company sets (Settings > Technical Service >
    Commission), read through tools/settings.py's ``setting(company, name)``;
    their shipped values are ir.default records
    (data/tsm_commission_settings_data.xml)."""

    _inherit = "res.company"

    tsm_commission_excluded_rule = fields.Selection(
        EXCLUDED_SHARE_RULES,
        string="Share of Probation Crew Members",
        default="drop",
        help="Probation employees earn no piece commission: their agreed share "
        "is either dropped or redistributed to the other members in proportion to their shares.",
    )
    # Piece rates: install = weld-only × this, where the table has no install row.
    tsm_commission_install_multiplier = fields.Float(string="Install Rate Multiplier")
    # The payment schedule: this much of a verified month is paid with that
    # month's salary, the job is paid up to the second at completion, and the
    # rest (the retention) can be requested this many years after completion.
    tsm_commission_verify_percent = fields.Float(string="Paid on Verification (%)")
    tsm_commission_settle_percent = fields.Float(string="Paid up to at Completion (%)")
    tsm_commission_retention_years = fields.Integer(string="Retention Years")
    # Quantity reports: due by this day of the next month; the most one line carries.
    tsm_quantity_report_deadline_day = fields.Integer(string="Report Deadline Day")
    tsm_quantity_max_metres = fields.Float(string="Maximum Metres per Line")
    # Pay per day of work not counted by the piece; the usual customer cost fee of a repair.
    tsm_day_rate_amount = fields.Float(string="Day Rate")
    tsm_repair_fee_min = fields.Float(string="Repair Fee From")
    tsm_repair_fee_max = fields.Float(string="Repair Fee To")
    # Individual contracting: unit price = list price × share factor × install
    # or weld-only factor × markup; a new job starts from these, each editable on it.
    tsm_contract_share_factor = fields.Float(string="Contract Share Factor", digits=(16, 4))
    tsm_contract_install_factor = fields.Float(string="Contract Install Factor", digits=(16, 4))
    tsm_contract_weld_factor = fields.Float(string="Contract Weld Factor", digits=(16, 4))
    tsm_contract_markup = fields.Float(string="Contract Markup", digits=(16, 4))
