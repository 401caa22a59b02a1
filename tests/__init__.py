from . import (
    test_foundation,
    test_i18n,
    test_metrics,
    test_pay_lines,
    test_pay_payroll,
    test_pay_rpc,
    test_trips_allowance,
    test_trips_flow,
)
