"""ui layer: see README.md."""
