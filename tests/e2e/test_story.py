"""The whole story of one order, at phone size and at PC size, in a real browser
against the real app on a fresh data folder:

customer -> order with two line items and a deposit -> in progress -> ready ->
delivered (the customer now owes the rest, with a reminder ready) -> final payment
-> fabric bought for the order -> a debt with a monthly schedule and one repayment
-> the dashboard, the customer's account and the exported report show exactly the
expected figures -> after the app stops, the data folder holds exactly those records.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from smallshop.domain.models import OrderStatus
from smallshop.domain.money import Money
from smallshop.domain.period import Month

from screens_helpers import S, Screens, T

CUSTOMER = "Айгүл Токтосунова"
LENDER = "Асель эже"


def M(som: int) -> str:
    return T.money(Money.som(som))


def start_own_business(open_page, server) -> None:
    """Leave the first-run screen with "start my own business"."""
    first = open_page(server, "/")
    first.click(T("ui.first_run.own_button"))
    first.see(T("ui.settings.profile"))


def run_story(ui, server, today: date, tag: str) -> None:
    s = Screens(ui)

    # a customer
    s.nav("ui.nav.customers")
    s.click(S("customers.new"))
    s.type_into(S("customer.name"), CUSTOMER)
    s.type_into(S("customer.phone"), "+996 700 123 456")
    s.type_into(S("customer.address"), "Сузак")
    s.type_into(S("customer.notes"), "көкүрөк 96, бел 80")
    ui.shot(f"story-{tag}-01-customer-form")
    s.click(S("customer.save"))
    s.see(S("customer.owes_nothing"))

    # an order with two line items and a deposit
    s.click(S("customer.new_order"))
    s.see(S("order.change_customer"))
    s.see(CUSTOMER)
    s.type_into(S("item.description", n=1), "Шейшеп комплекти")
    s.type_into(S("item.quantity", n=1), "2")
    s.type_into(S("item.unit_price", n=1), "1500")
    s.type_into(S("item.description", n=2), "Жаздык кап")
    s.type_into(S("item.quantity", n=2), "4")
    s.type_into(S("item.unit_price", n=2), "250")
    s.type_into(S("order.due_date"), (today + timedelta(days=10)).isoformat())
    s.type_into(S("order.notes"), "ак атлас 6 м")
    s.type_into(S("order.deposit_amount"), "1000")
    ui.shot(f"story-{tag}-02-order-form")
    s.click(S("order.save"))
    s.see(S("order.to.in_progress"))
    for label, value in ((S("order.total"), M(4000)), (S("order.paid"), M(1000)), (S("order.balance"), M(3000))):
        s.see(label)
        s.see(value)
    s.see("2 × " + M(1500))
    s.see("4 × " + M(250))
    ui.shot(f"story-{tag}-03-order-page")

    # through its statuses: only the legal next steps are offered
    s.click(S("order.to.in_progress"))
    s.see(S("order.to.ready"))
    assert not s.shows(S("order.to.delivered"))
    s.click(S("order.to.ready"))
    s.see(S("order.to.delivered"))
    s.click(S("order.to.delivered"))
    s.see(T.enum(OrderStatus.DELIVERED))
    assert not s.shows(S("order.to.in_progress"))

    # delivered and not fully paid: the customer owes the rest, with a reminder ready
    s.click(CUSTOMER)
    s.see(S("customer.owes", amount=M(3000)))
    reminder = S("reminder.text", name=CUSTOMER, amount=M(3000))
    s.see(reminder)
    ui.page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    s.click(S("reminder.copy"))
    s.see(S("reminder.copied"))
    assert ui.page.evaluate("navigator.clipboard.readText()") == reminder
    # WhatsApp opens wa.me with the phone's digits and the same text (caught here: no network)
    opened: list[str] = []
    ui.page.context.route("https://wa.me/**", lambda route: (opened.append(route.request.url),
                                                            route.fulfill(body="wa.me")))
    with ui.page.context.expect_page() as popup:
        s.click(S("reminder.whatsapp"))
    popup.value.wait_for_load_state()
    popup.value.close()
    link = urlsplit(opened[0])
    assert link.path == "/996700123456" and parse_qs(link.query)["text"] == [reminder]
    ui.shot(f"story-{tag}-04-customer-owes")
    s.click(S("orders.open_order", customer=CUSTOMER))

    # the final payment (the form offers the balance)
    s.see(S("payment.title"))
    assert Decimal(s.value_of(S("payment.amount"))) == Decimal("3000")
    s.click(S("payment.record"))
    s.see(S("payment.saved"))
    s.see(M(4000))

    # fabric bought for this order: it lowers the order's profit
    s.type_into(S("entry.description"), "Кездеме")
    s.type_into(S("expense.amount"), "1200")
    s.click(S("expense.record"))
    s.see(S("expense.saved"))
    for label, value in ((S("order.paid"), M(4000)), (S("order.balance"), M(0)),
                         (S("order.expenses"), M(1200)), (S("order.profit"), M(2800))):
        s.see(label)
        s.see(value)
    ui.shot(f"story-{tag}-05-order-paid")

    # a debt with a monthly schedule, and one repayment
    s.nav("ui.nav.debts")
    s.click(S("debt.new"))
    s.type_into(S("debt.lender"), LENDER)
    s.type_into(S("debt.principal"), "12000")
    s.type_into(S("debt.first_due_date"), (today + timedelta(days=5)).isoformat())
    s.type_into(S("debt.count"), "6")
    s.choose(T("enum.debt_purpose.business"))
    ui.shot(f"story-{tag}-06-debt-form")
    s.click(S("debt.save"))
    s.see(LENDER)
    s.see(S("debt.next_value", amount=M(2000), date=T.date(today + timedelta(days=5))))
    s.click(S("repayment.new"))
    assert Decimal(s.value_of(S("repayment.amount"))) == Decimal("2000")
    s.click(S("repayment.record"))
    s.see(S("repayment.saved"))
    s.see(M(10000))
    s.click(S("debt.show_schedule"))
    s.see(T.date(today + timedelta(days=5)))
    ui.shot(f"story-{tag}-07-debt")

    # the dashboard shows exactly this month's figures
    s.nav("ui.nav.home")
    for label_key, som in (("ui.home.income", 4000), ("ui.home.expenses", 1200), ("ui.home.profit", 2800)):
        s.see(T(label_key))
        s.see(M(som))
    ui.shot(f"story-{tag}-08-home")

    # the customer's account
    s.nav("ui.nav.customers")
    s.click(S("customers.open", name=CUSTOMER))
    s.see(S("customer.owes_nothing"))
    s.see(S("customer.charged"))
    s.see(M(4000))
    ui.shot(f"story-{tag}-09-customer")


def export_report(ui, today: date) -> dict:
    """Export this month's report as JSON from the reports screen and read it back."""
    s = Screens(ui)
    s.nav("ui.nav.reports")
    s.see(T("ui.reports.key_figures"))
    with ui.page.expect_download(timeout=60_000) as info:
        s.click(T("ui.reports.export", format="JSON"))
    return json.loads(open(info.value.path(), "rb").read().decode("utf-8"))


def check_report(document: dict, today: date) -> None:
    figures = document["key_figures"]
    assert document["month"] == str(Month.of(today))
    assert figures["income"]["current"] == "4000.00"
    assert figures["expenses"]["current"] == "1200.00"
    assert figures["profit"]["current"] == "2800.00"
    assert figures["debt_paid"]["current"] == "2000.00"
    assert figures["orders_taken"]["current"] == 1
    assert figures["orders_delivered"]["current"] == 1
    assert document["income_by_category"]["order_payment"] == "4000.00"
    assert document["expenses_by_category"]["materials"] == "1200.00"


def check_store(server, today: date) -> None:
    """Stop the app and read its data folder: exactly the story's records."""
    from smallshop.services import Services
    from smallshop.storage.tinydb_store import open_store

    server.stop()
    store = open_store(server.data_dir)
    try:
        services = Services(store, clock=lambda: datetime.now().astimezone())
        customers = services.customers.search("").items
        assert [c.name for c in customers] == [CUSTOMER]
        orders = services.orders.search("").items
        assert len(orders) == 1 and orders[0].status is OrderStatus.DELIVERED
        assert [(i.description, i.quantity, i.unit_price) for i in orders[0].items] == [
            ("Шейшеп комплекти", Decimal(2), Money.som(1500)),
            ("Жаздык кап", Decimal(4), Money.som(250)),
        ]
        account = services.orders.account(orders[0].id)
        assert (account.total, account.paid, account.balance, account.expenses, account.profit) == (
            Money.som(4000), Money.som(4000), Money.som(0), Money.som(1200), Money.som(2800)
        )
        assert services.customers.balance(customers[0].id) == Money.som(0)
        [debt] = services.debts.all()
        assert debt.lender == LENDER and len(debt.schedule) == 6
        assert services.debts.status(debt.id, today).remaining == Money.som(10000)
    finally:
        store.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_whole_story(size, empty_server, phone, desktop, today):
    open_page = phone if size == "phone" else desktop
    start_own_business(open_page, empty_server)
    ui = open_page(empty_server, "/")
    try:
        run_story(ui, empty_server, today, size)
    except BaseException:
        ui.shot(f"story-{size}-failed")
        raise
    document = export_report(ui, today)
    check_report(document, today)
    check_store(empty_server, today)
