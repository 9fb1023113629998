"""Turn questions, problems and verdicts into localized text, charts and reports."""
