from . import tsm_commission_report, tsm_pay_statement_report, tsm_scorecard_report
