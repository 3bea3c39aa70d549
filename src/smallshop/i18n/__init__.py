"""i18n layer: see README.md."""
