from . import hr_payslip, tsm_pay_code, tsm_pay_line, tsm_pay_period
