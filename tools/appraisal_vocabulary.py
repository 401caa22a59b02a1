"""The vocabulary of appraisals, shared by the appraisal models (templates,
sheets, grade scales, yearly rules, employee of the month) and wizards: the
roles they check, the configuration's write policy, the period kinds and
the sheet's score columns."""

from .policy import Allow

# The roles (security/hr_tech_service_groups.xml): who may do what is in each
# model's ``_tsm_policy`` and in its buttons.
DEPT_MANAGER = "hr_tech_service.group_tsm_dept_manager"
DEPUTY_GM = "hr_tech_service.group_tsm_deputy_gm"
GM = "hr_tech_service.group_tsm_gm"
HR_OFFICER = "hr_tech_service.group_tsm_hr_officer"
HR_MANAGER = "hr_tech_service.group_tsm_hr_manager"

# Configuration: HR Managers set up templates, stages, criteria groups,
# criteria, grade scales and yearly rules; their computed sums are the ORM's.
CONFIG_POLICY = (Allow("*", groups=HR_MANAGER), Allow(on="unlink", groups=HR_MANAGER))

PERIOD_KINDS = [
    ("monthly", "Monthly"),
    ("quarterly", "Quarterly"),
    ("half_year", "Half-year"),
    ("annual", "Annual"),
    ("assignment", "Per assignment"),
]

# One score column per review stage (一次得分, 二次得分, 三次得分): a template
# has one to three stages.
SCORE_FIELDS = ("score_1", "score_2", "score_3")
STAGE_LABEL_FIELDS = ("stage_1_name", "stage_2_name", "stage_3_name")
