"""The vocabulary of commission (RULES.md §4), shared by the commission models.
Rates, percentages and factors are data (tsm.pipe.rate, system parameters);
these lists are the cases the data refers to."""

JOB_KINDS = [
    ("install", "Install (包安装)"),
    ("weld", "Weld only (包焊接)"),
    ("guidance", "Technical guidance (包技术指导)"),
    ("repair", "Repair"),
    ("contracting", "Individual contracting"),
    ("outside", "Outside team"),
]
# Job kinds whose quantities earn piece commission from the rate table.
RATE_JOB_KINDS = ("install", "weld")
# Job kinds that report monthly quantities (§4.4, §4.5).
QUANTITY_JOB_KINDS = ("install", "weld", "contracting")
PIPE_KINDS = [
    ("water_supply", "Water-supply pipe (给水管)"),
    ("winding", "Drainage winding pipe (缠绕管)"),
    ("steel_belt", "Drainage steel-belt pipe (钢带管)"),
]
JOB_STATES = [
    ("draft", "Draft"),
    ("handed_over", "Handed Over"),
    ("in_progress", "In Progress"),
    ("done", "Completed"),
    ("closed", "Closed"),
]
REPORT_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("verified", "Verified"),
]
EXCLUDED_SHARE_RULES = [
    ("drop", "Dropped (the company keeps it)"),
    ("redistribute", "Redistributed to the other members"),
]

PARAM_PREFIX = "hr_tech_service."
# System parameters of the commission wing and their shipped values
# (data/tsm_commission_data.xml); read through tsm.job._tsm_param.
PARAM_DEFAULTS = {
    "commission_install_multiplier": 2.0,
    "commission_verify_percent": 60.0,
    "commission_settle_percent": 90.0,
    "commission_retention_years": 2.0,
    "quantity_report_deadline_day": 3.0,
    "quantity_max_metres": 20000.0,
    "day_rate_amount": 80.0,
    "repair_fee_min": 200.0,
    "repair_fee_max": 500.0,
    "contract_share_factor": 0.35,
    "contract_install_factor": 0.05,
    "contract_weld_factor": 0.02,
    "contract_markup": 1.2,
}


def tsm_param(env, name):
    """A commission setting (a float), from its system parameter."""
    value = env["ir.config_parameter"].sudo().get_param(PARAM_PREFIX + name)
    try:
        return float(value) if value not in (None, False, "") else PARAM_DEFAULTS[name]
    except ValueError:
        return PARAM_DEFAULTS[name]
