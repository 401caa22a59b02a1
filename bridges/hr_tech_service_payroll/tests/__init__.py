from . import (
    test_i18n,
    test_pay_period_close,
    test_payroll_queries,
    test_payroll_rpc,
    test_payslip_flow,
)
