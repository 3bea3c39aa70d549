"""Unit tests of the ui package (no browser)."""
