"""The benchmark's peers: what a team would do instead of kpi-report (see bench/README.md)."""
