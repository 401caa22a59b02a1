from . import tsm_appraisal_wizards, tsm_pay_line_correct, tsm_trip_refuse
