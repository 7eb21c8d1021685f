"""Consequence counters per unit and year (practice 6): 催办, 督办函, 通报, 约谈, 退回, 返工, 反弹."""
