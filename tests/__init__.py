from . import (
    test_appraisal,
    test_appraisal_tour,
    test_concurrency,
    test_foundation,
    test_i18n,
    test_metrics,
    test_pay_lines,
    test_pay_payroll,
    test_pay_rpc,
)
