from . import tsm_pay_period_carry
