# ruff: noqa: I001 - models load in this order: mixins before their users.
from . import res_company
from . import res_config_settings
from . import res_users
from . import tsm_service_grade
from . import tsm_area
from . import hr_employee
from . import hr_employee_public
from . import tsm_metric
from . import tsm_pay_source_mixin
from . import tsm_pay_code
from . import tsm_pay_period
from . import tsm_pay_line
from . import tsm_grade_scale
from . import tsm_appraisal_template
from . import tsm_appraisal_sheet
from . import tsm_appraisal_rule
from . import tsm_eom
