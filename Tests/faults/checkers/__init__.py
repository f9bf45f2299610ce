"""Checkers of recorded histories; each returns a list of anomalies (history.anomaly)."""
