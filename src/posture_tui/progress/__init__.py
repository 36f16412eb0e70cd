"""Progress over visits: comparison, trends, outcome measures, re-assessment and the body map."""
