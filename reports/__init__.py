from . import tsm_pay_statement_report
