"""reports layer: see README.md."""
