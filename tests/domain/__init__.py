"""Domain tests: pure functions, no fixtures beyond plain data."""
