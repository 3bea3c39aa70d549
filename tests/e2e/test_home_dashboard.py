"""The home screen shows exactly the figures services.reporting.dashboard computes."""

from __future__ import annotations

from smallshop.i18n import get_translator

T = get_translator("ky")


def test_dashboard_figures_equal_the_services(demo_server, expected_demo, desktop, phone, today):
    board = expected_demo.reporting.dashboard(today)
    assert board.month.income.is_positive  # the demo has a real month to show

    for ui in (desktop(demo_server, "/"), phone(demo_server, "/")):
        ui.see(T("ui.home.this_month", month=T.month(board.month.month)))
        for label_key, amount in (
            ("ui.home.income", board.month.income),
            ("ui.home.expenses", board.month.expenses),
            ("ui.home.profit", board.month.profit),
            ("ui.home.draws", board.month.owner_draws),
        ):
            ui.see(T(label_key))
            ui.see(T.money(amount))
        ui.see(T("ui.home.receivables", amount=T.money(board.receivables)))
        if board.overdue:
            ui.see(f"{T('ui.home.overdue_orders')} ({len(board.overdue)})")
        if board.due_this_week:
            ui.see(f"{T('ui.home.due_this_week')} ({len(board.due_this_week)})")
        if board.debt_overdue.is_positive:
            ui.see(T("ui.home.debt_overdue_total", amount=T.money(board.debt_overdue)))
        for item in board.instalments[:2]:
            ui.see(item.lender)
        ui.shot("home")


def test_quick_action_opens_a_new_order(demo_server, phone):
    ui = phone(demo_server, "/")
    ui.click(T("ui.home.new_order"))
    ui.page.wait_for_url("**/orders/new")
