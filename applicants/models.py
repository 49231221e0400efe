# The questionnaire's saved responses arrive with the eligibility issue.
