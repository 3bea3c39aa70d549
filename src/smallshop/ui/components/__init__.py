"""Shared widgets for every screen: forms with translated problems, headers,
figure cards, empty states, confirmations and progress. See docs/ui.md."""

from .feedback import busy_overlay, confirm, empty_state, figure_card, page_header, section
from .forms import Form, choice_field, form_error, money_field, text_field, use_form
from .files import offer_file, on_phone, pick_bytes, save_bytes, share_bytes
from .layout import columns, content_width

__all__ = [
    "Form",
    "busy_overlay",
    "choice_field",
    "columns",
    "confirm",
    "content_width",
    "empty_state",
    "figure_card",
    "form_error",
    "money_field",
    "page_header",
    "offer_file",
    "on_phone",
    "pick_bytes",
    "save_bytes",
    "share_bytes",
    "section",
    "text_field",
    "use_form",
]
