from . import tsm_pay_statement_report, tsm_scorecard_report, tsm_trip_dispatch_report
