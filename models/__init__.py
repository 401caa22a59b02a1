from . import hr_employee, res_users, tsm_area, tsm_service_grade
