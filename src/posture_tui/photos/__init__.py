"""Photo posture analysis."""
