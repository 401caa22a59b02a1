from . import tsm_pay_line_correct, tsm_trip_refuse
