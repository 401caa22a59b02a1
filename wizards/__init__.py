from . import tsm_pay_line_correct
