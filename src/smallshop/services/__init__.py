"""services layer: see README.md."""
