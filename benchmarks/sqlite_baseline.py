"""The baseline a developer would otherwise choose: Python's sqlite3, measured on
the same records in the same run as smallshop.

Shape (what a sensible developer would build, not a straw man):
- WAL journal, synchronous=FULL (a committed row survives a power cut, like
  smallshop's durable save);
- one table per kind, one row per record: the record as a JSON column, plus the
  columns that are filtered, sorted or summed (dates, status, customer, category,
  method, amount in integer tyiyn) with indexes on them;
- orders and customers carry a casefolded search column, so LIKE finds Cyrillic
  text case-insensitively, as smallshop's search does.

Operations timed (same meaning as on the smallshop side):
- save:    build a walk-in income, json.dumps, INSERT + COMMIT (durable);
- edit:    UPDATE one order's JSON + search column, COMMIT;
- list:    newest 50 orders with the customer's name (join), ORDER BY order_date
           DESC LIMIT 50, plus the total count; rows decoded with json.loads;
- search:  LIKE over customer name/phone and items/notes, newest first, total
           count, first 50 decoded;
- summary: the month aggregate: income by category and by method, expenses by
           category, owner's draws, debt repayments, orders taken / delivered.

Run as a script by benchmarks/run.py (in its own process, so its memory and
timings are its own): `python sqlite_baseline.py --db FILE --spec JSON`.
"""

from __future__ import annotations

import argparse
import dataclasses
import enum
import json
import sqlite3
import sys
import uuid
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import measure, peak_rss_mb, summarise  # noqa: E402

SCHEMA = """
CREATE TABLE customers (id TEXT PRIMARY KEY, name TEXT, search_text TEXT, data TEXT NOT NULL);
CREATE TABLE members (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE orders (id TEXT PRIMARY KEY, customer_id TEXT, order_date TEXT, status TEXT,
                     due_date TEXT, delivered_on TEXT, search_text TEXT, data TEXT NOT NULL);
CREATE TABLE incomes (id TEXT PRIMARY KEY, date TEXT, category TEXT, method TEXT,
                      amount INTEGER, order_id TEXT, customer_id TEXT, data TEXT NOT NULL);
CREATE TABLE expenses (id TEXT PRIMARY KEY, date TEXT, category TEXT, method TEXT,
                       amount INTEGER, order_id TEXT, data TEXT NOT NULL);
CREATE TABLE draws (id TEXT PRIMARY KEY, date TEXT, amount INTEGER, data TEXT NOT NULL);
CREATE TABLE debts (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE repayments (id TEXT PRIMARY KEY, debt_id TEXT, date TEXT, amount INTEGER,
                         data TEXT NOT NULL);
CREATE TABLE profiles (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE plans (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE assets (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE job_months (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE month_notes (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE INDEX orders_date ON orders(order_date);
CREATE INDEX orders_status ON orders(status);
CREATE INDEX orders_customer ON orders(customer_id);
CREATE INDEX orders_delivered ON orders(delivered_on);
CREATE INDEX incomes_date ON incomes(date);
CREATE INDEX incomes_order ON incomes(order_id);
CREATE INDEX expenses_date ON expenses(date);
CREATE INDEX draws_date ON draws(date);
CREATE INDEX repayments_date ON repayments(date);
CREATE INDEX repayments_debt ON repayments(debt_id);
"""


# --- records -> JSON-able values --------------------------------------------
def plain(value: Any) -> Any:
    """A domain value as JSON-able data (Money -> tyiyn int, dates ISO, enums by value)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value.value if isinstance(value, enum.Enum) else value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if type(value).__name__ == "Money":
        return value.tyiyn
    if dataclasses.is_dataclass(value):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return str(value)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _order_search_text(order: Any) -> str:
    return "\n".join([*(item.description for item in order.items), order.notes]).casefold()


def _row(record: Any) -> tuple[str, tuple]:
    """(table, values) for one domain record."""
    kind = type(record).__name__
    data = json.dumps(plain(record), ensure_ascii=False)
    if kind == "Customer":
        return "customers", (record.id, record.name, f"{record.name}\n{record.phone}".casefold(), data)
    if kind == "Order":
        return "orders", (record.id, record.customer_id, _iso(record.order_date), str(record.status),
                          _iso(record.due_date), _iso(record.delivered_on), _order_search_text(record), data)
    if kind == "Income":
        return "incomes", (record.id, _iso(record.date), str(record.category), str(record.method),
                           record.amount.tyiyn, record.order_id, record.customer_id, data)
    if kind == "Expense":
        return "expenses", (record.id, _iso(record.date), str(record.category), str(record.method),
                            record.amount.tyiyn, record.order_id, data)
    if kind == "OwnerDraw":
        return "draws", (record.id, _iso(record.date), record.amount.tyiyn, data)
    if kind == "Repayment":
        return "repayments", (record.id, record.debt_id, _iso(record.date), record.amount.tyiyn, data)
    table = {"Member": "members", "Debt": "debts", "BusinessProfile": "profiles", "BusinessPlan": "plans",
             "Asset": "assets", "MonthJobs": "job_months", "MonthNote": "month_notes"}[kind]
    return table, (record.id, data)


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)  # explicit BEGIN/COMMIT
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def build_database(records: Iterable[Any], path: Path) -> int:
    """Create the baseline database from the same records smallshop holds; returns rows."""
    conn = connect(path)
    conn.executescript(SCHEMA)
    by_table: dict[str, list[tuple]] = {}
    for record in records:
        table, values = _row(record)
        by_table.setdefault(table, []).append(values)
    conn.execute("BEGIN")
    for table, rows in by_table.items():
        marks = ",".join("?" * len(rows[0]))
        conn.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", rows)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    return sum(len(rows) for rows in by_table.values())


# --- the timed operations ------------------------------------------------------
LIST_SQL = """SELECT o.data, c.name FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
              ORDER BY o.order_date DESC, o.id DESC LIMIT ? OFFSET 0"""
SEARCH_SQL = """SELECT o.data, c.name FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
                WHERE o.search_text LIKE ?1 OR c.search_text LIKE ?1
                ORDER BY o.order_date DESC, o.id DESC"""


def save_income(conn: sqlite3.Connection, today: date, number: int) -> None:
    record = {
        "id": uuid.uuid4().hex, "date": today.isoformat(), "amount": 10000 + number,
        "category": "walk_in_sale", "method": "cash", "order_id": None, "customer_id": None,
        "description": f"benchmark sale {number}",
        "audit": {"created_at": datetime.now().isoformat(), "created_by": None, "version": 1},
    }
    conn.execute("BEGIN")
    conn.execute("INSERT INTO incomes VALUES (?,?,?,?,?,?,?,?)",
                 (record["id"], record["date"], record["category"], record["method"], record["amount"],
                  None, None, json.dumps(record, ensure_ascii=False)))
    conn.execute("COMMIT")


def edit_order(conn: sqlite3.Connection, order_id: str, number: int) -> None:
    (data,) = conn.execute("SELECT data FROM orders WHERE id = ?", (order_id,)).fetchone()
    order = json.loads(data)
    order["notes"] = f"benchmark edit {number}"
    order["audit"]["version"] = order["audit"].get("version", 0) + 1
    search_text = "\n".join([*(i["description"] for i in order["items"]), order["notes"]]).casefold()
    conn.execute("BEGIN")
    conn.execute("UPDATE orders SET data = ?, search_text = ? WHERE id = ?",
                 (json.dumps(order, ensure_ascii=False), search_text, order_id))
    conn.execute("COMMIT")


def list_orders(conn: sqlite3.Connection, limit: int = 50) -> tuple[int, list]:
    rows = conn.execute(LIST_SQL, (limit,)).fetchall()
    (total,) = conn.execute("SELECT COUNT(*) FROM orders").fetchone()
    return total, [(json.loads(data), name) for data, name in rows]


def search_orders(conn: sqlite3.Connection, text: str, limit: int = 50) -> tuple[int, list]:
    rows = conn.execute(SEARCH_SQL, (f"%{text.casefold()}%",)).fetchall()
    return len(rows), [(json.loads(data), name) for data, name in rows[:limit]]


def month_aggregate(conn: sqlite3.Connection, first: str, last: str) -> dict[str, Any]:
    span = (first, last)
    q = conn.execute
    return {
        "income_by_category": dict(q("SELECT category, SUM(amount) FROM incomes WHERE date BETWEEN ? AND ? "
                                     "GROUP BY category", span).fetchall()),
        "income_by_method": dict(q("SELECT method, SUM(amount) FROM incomes WHERE date BETWEEN ? AND ? "
                                   "GROUP BY method", span).fetchall()),
        "expenses_by_category": dict(q("SELECT category, SUM(amount) FROM expenses WHERE date BETWEEN ? AND ? "
                                       "GROUP BY category", span).fetchall()),
        "draws": q("SELECT COALESCE(SUM(amount), 0) FROM draws WHERE date BETWEEN ? AND ?", span).fetchone()[0],
        "debt_paid": q("SELECT COALESCE(SUM(amount), 0) FROM repayments WHERE date BETWEEN ? AND ?",
                       span).fetchone()[0],
        "orders_taken": q("SELECT COUNT(*) FROM orders WHERE order_date BETWEEN ? AND ?", span).fetchone()[0],
        "orders_delivered": q("SELECT COUNT(*) FROM orders WHERE delivered_on BETWEEN ? AND ?",
                              span).fetchone()[0],
    }


def run(db: Path, spec: dict[str, Any]) -> dict[str, Any]:
    """Every baseline figure, keyed like run.py's JSON (sqlite_ prefix)."""
    reps = spec["reps"]
    today = date.fromisoformat(spec["today"])
    queries = spec["queries"]
    conn = connect(db)
    out: dict[str, Any] = {}
    counts: dict[str, int] = {}

    out.update(summarise("sqlite_list", measure(lambda i: list_orders(conn), reps["list"])))
    counts["list_total"] = list_orders(conn)[0]

    def search(i: int) -> None:
        counts[f"search_hits_{queries[i % len(queries)]}"] = search_orders(conn, queries[i % len(queries)])[0]

    out.update(summarise("sqlite_search", measure(search, reps["search"])))
    out.update(summarise("sqlite_summary",
                         measure(lambda i: month_aggregate(conn, spec["month_first"], spec["month_last"]),
                                 reps["summary"])))
    out.update(summarise("sqlite_edit", measure(lambda i: edit_order(conn, spec["edit_order_id"], i),
                                                reps["edit"])))
    out.update(summarise("sqlite_save", measure(lambda i: save_income(conn, today, i), reps["save"])))
    conn.close()
    out["sqlite_peak_rss_mb"] = peak_rss_mb()
    out["sqlite_db_mb"] = round(sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 1e6, 1)
    out["_sqlite_counts"] = counts
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--spec", required=True, help="JSON: reps, today, queries, month, edit_order_id")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.db, json.loads(args.spec)), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
