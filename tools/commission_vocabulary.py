"""The vocabulary of commission, shared by the commission models: the roles
of the wing, and the kinds of job, pipe and state the data refers to. Rates,
percentages and factors are data (tsm.pipe.rate, the company's settings in
models/res_company_commission.py)."""

# The roles of the commission wing (security/hr_tech_service_groups.xml and
# the role chain): who may do what is in each model's ``_tsm_policy``.
ENG_MANAGER = "hr_tech_service.group_tsm_eng_manager"
FINANCE = "hr_tech_service.group_tsm_finance"
PAYROLL = "hr_tech_service.group_tsm_payroll"
HR_OFFICER = "hr_tech_service.group_tsm_hr_officer"
HR_MANAGER = "hr_tech_service.group_tsm_hr_manager"
# Who reads every job's commission and prints anyone's commission statement;
# a job lead reads those of the jobs they lead, a crew member their own.
COMMISSION_READERS = (ENG_MANAGER, FINANCE, PAYROLL, HR_OFFICER)

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
# Job kinds that report monthly quantities (piece-rate and individual contracting).
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
# A job's crew, dates, prices and signatures change while it runs, not once completed.
OPEN_JOB_STATES = ("draft", "handed_over", "in_progress")
REPORT_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("verified", "Verified"),
]
RELEASE_STATES = [
    ("requested", "Requested"),
    ("released", "Released"),
]
EXCLUDED_SHARE_RULES = [
    ("drop", "Dropped (the company keeps it)"),
    ("redistribute", "Redistributed to the other members"),
]
