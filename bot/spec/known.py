"""Question ids the code names outside the advisor's rules; `advisor check` checks them against the specs."""

SECTOR = "sector"  # the assessment's line of business, shown beside an owner's name to consultants
RHYTHM = "checkins"  # the assessment's check-in rhythm, worded the same on the schedule buttons
DECLINE_RHYTHM = "no"  # its option for "no regular check-ins"
BUSINESS_NAME = "business_name"  # the business's name, if given: it names the report and the consultant's list
LOCALITY = "locality"  # where the customers are, shown under the name on the report
