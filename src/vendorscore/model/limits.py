"""Ranges that keep every computation finite and bounded: plain numbers, no imports.

No contact centre comes near these limits; within them every staffing search is short and every
derived figure finite. The demand file, vendor profiles (model/schemas.py) and the `erlang`
calculator's options share them, and the command line reads them without loading pydantic.
"""

__all__ = [
    "MAX_AHT_FACTOR",
    "MAX_ANNUAL_INCREASE",
    "MAX_CALLS_PER_HOUR",
    "MAX_COMMENT_CHARS",
    "MAX_CONTRACT_MONTHS",
    "MAX_COUNT",
    "MAX_EVALUATORS",
    "MAX_EXCHANGE_RATE",
    "MAX_LINES",
    "MAX_MONEY",
    "MAX_PAID_HOURS_PER_FTE_MONTH",
    "MAX_PATIENCE_SECONDS",
    "MAX_RAMP_WEEKS",
    "MAX_REDIAL_PROBABILITY",
    "MAX_RUBRIC_LEVEL",
    "MAX_RUBRIC_LEVELS",
    "MAX_SECONDS",
    "MAX_SHRINKAGE",
    "MAX_THRESHOLD_SECONDS",
    "MAX_TRAINING_HOURS",
    "MIN_AHT_FACTOR",
    "MIN_CALLS_PER_HOUR",
    "MIN_EXCHANGE_RATE",
    "MIN_HOURS_PER_WEEK",
    "MIN_OCCUPANCY_CAP",
    "MIN_PAID_HOURS_PER_FTE_MONTH",
    "MIN_SECONDS",
]

# Counts (seats, agents, references, months...) stop far beyond any contact centre, so that sums
# and products of them stay finite.
MAX_COUNT = 1_000_000_000
MIN_SECONDS, MAX_SECONDS = 1.0, 86_400.0  # handle time: a second to a day
# Mean caller patience: up to an hour. Erlang X with redials walks the queue position by
# position, and the positions that matter grow with patience over handle time.
MAX_PATIENCE_SECONDS = 3_600.0
MAX_THRESHOLD_SECONDS = 86_400.0  # a service-level threshold of up to a day (e-mail)
MAX_CALLS_PER_HOUR = 10_000_000.0
MIN_CALLS_PER_HOUR = 0.001  # a lower positive rate (one call in 1,000 hours) is no traffic
MIN_HOURS_PER_WEEK = 0.01
MIN_OCCUPANCY_CAP = 0.1
MAX_SHRINKAGE = 0.9
MAX_REDIAL_PROBABILITY = 0.9  # at most 10 attempts per fresh call on average
MAX_LINES = 100_000  # trunks, and the agents the calculator evaluates
MIN_AHT_FACTOR, MAX_AHT_FACTOR = 0.1, 10.0
MAX_MONEY = 1e12  # a rate or fee in any currency's units (10^12 Vietnamese dong is $40M)
MIN_EXCHANGE_RATE, MAX_EXCHANGE_RATE = 1e-9, 1e9

# Evaluation panels (criteria.Rubric, model/ratings.py): a rubric of at most 11 anchored levels
# (0 to 10), levels between -100 and 100; at most 100 evaluators, each left out once when the
# panel is rescored; a comment of at most 2,000 characters.
MAX_RUBRIC_LEVELS = 11
MAX_RUBRIC_LEVEL = 100
MAX_EVALUATORS = 100
MAX_COMMENT_CHARS = 2_000
# Contract money: terms up to ten years, escalation up to doubling a year, training up to a year
# of full-time hours and ramps up to a year keep every contract cost finite (even 1e12 x 1e9
# money over 120 months at 2^10).
MAX_CONTRACT_MONTHS = 120
MAX_ANNUAL_INCREASE = 1.0
MAX_TRAINING_HOURS = 2_000.0
MAX_RAMP_WEEKS = 52.0
# A full-time month is about 173.3 paid hours (40 h x 52 / 12); a month has at most 744 hours.
MIN_PAID_HOURS_PER_FTE_MONTH, MAX_PAID_HOURS_PER_FTE_MONTH = 1.0, 744.0
