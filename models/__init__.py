from . import (
    hr_employee,
    hr_employee_public,
    res_company,
    res_config_settings,
    res_users,
    tsm_area,
    tsm_metric,
    tsm_pay_code,
    tsm_pay_line,
    tsm_pay_period,
    tsm_pay_source_mixin,
    tsm_service_grade,
)
