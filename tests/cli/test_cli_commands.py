"""demo, summary, backup, restore and check as a user runs them."""

from __future__ import annotations

import json
import re
import os
from pathlib import Path
from datetime import date, datetime, timezone

import pytest

from smallshop.commands import ExitCode
from smallshop.reports.figures import summary_to_dict
from smallshop.demo import generate
from smallshop.domain.money import Money
from smallshop.i18n import get_translator
from smallshop.services import Services
from smallshop.storage.backups import validate_backup
from smallshop.storage.tinydb_store import open_store

from .conftest import DEMO_ARGS, DEMO_TODAY, hermetic_env, run_process

REQUIRED = ["month", "currency", "income", "expenses", "profit", "owner_draws", "orders_taken", "orders_delivered",
            "orders_open", "receivables", "debt_paid", "debt_outstanding"]


def _month_summary(folder, month):
    store = open_store(folder, backups=False)
    try:
        return Services(store, clock=lambda: datetime.now(timezone.utc)).reporting.month_summary(month)
    finally:
        store.close()


# --- demo ---------------------------------------------------------------------------
def test_demo_writes_the_generated_business(demo_master):
    store = open_store(demo_master, backups=False)
    try:
        expected = generate(months=3, seed=2026, today=date.fromisoformat(DEMO_TODAY))
        assert len(store.orders) == sum(type(r).__name__ == "Order" for r in expected)
        assert len(store.debts) == 2 and store.profiles.get("profile").business_name
    finally:
        store.close()


def test_demo_leaves_one_good_backup_of_the_demo(cli, demo_dir):
    backups = list((demo_dir / "backups").glob("*.zip"))
    assert len(backups) == 1
    info = validate_backup(backups[0])
    store = open_store(demo_dir, backups=False)
    try:
        assert info.counts["orders"] == len(store.orders) > 0 and info.counts["incomes"] == len(store.incomes)
    finally:
        store.close()
    result = cli("check", "--data-dir", str(demo_dir), "--lang", "en")
    assert result.code == 0, result.err
    assert get_translator("en")("storage.check.no_backup") not in result.out + result.err


def test_demo_refuses_an_existing_folder_without_force(cli, demo_dir):
    before = sorted(p.name for p in demo_dir.iterdir())
    result = cli("demo", "--data-dir", str(demo_dir), "--lang", "ky", *DEMO_ARGS)
    assert result.code != 0
    assert result.err.strip() == get_translator("ky")("cli.demo.refused", folder=str(demo_dir.resolve()))
    assert sorted(p.name for p in demo_dir.iterdir()) == before


def test_demo_refuses_a_folder_that_is_not_smallshop_data_even_with_force(cli, tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "letter.txt").write_text("keep me")
    result = cli("demo", "--data-dir", str(folder), "--force", "--months", "1")
    assert result.code != 0 and "letter.txt" in os.listdir(folder)
    assert "not smallshop data" in result.err


def test_demo_with_force_moves_the_old_data_aside(cli, demo_dir):
    result = cli("demo", "--data-dir", str(demo_dir), "--force", "--months", "1", "--today", DEMO_TODAY)
    assert result.code == 0, result.err
    aside = [p for p in demo_dir.parent.iterdir() if p.name.startswith("data-before-demo-")]
    assert len(aside) == 1 and (aside[0] / "meta.json").exists()
    assert str(aside[0]) in result.out and str(demo_dir.resolve()) in result.out


# --- summary --------------------------------------------------------------------------
def test_summary_json_equals_the_service_figures(cli, demo_master):
    result = cli("summary", "--data-dir", str(demo_master), "--month", "2026-11", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    for key in REQUIRED:
        assert key in data
    summary = _month_summary(demo_master, "2026-11")
    now = summary.current
    assert data["month"] == "2026-11" and data["currency"] == "KGS"
    assert Money.from_decimal_str(data["income"]) == now.income and now.income.is_positive
    assert data["expenses"] == now.expenses.to_decimal_str()
    assert data["profit"] == now.profit.to_decimal_str()
    assert data["owner_draws"] == now.owner_draws.to_decimal_str()
    assert (data["orders_taken"], data["orders_delivered"], data["orders_open"]) == (
        now.orders_taken, now.orders_delivered, now.orders_open)
    assert data["receivables"] == now.receivables.to_decimal_str()
    assert data["debt_paid"] == now.debt_paid.to_decimal_str()
    assert data["debt_outstanding"] == now.debt_outstanding.to_decimal_str()
    assert all(isinstance(data[k], str) and data[k].count(".") == 1 and len(data[k].split(".")[1]) == 2
               for k in ("income", "expenses", "profit", "owner_draws", "receivables", "debt_paid"))
    expected = summary_to_dict(summary)
    assert data["schema_version"] == 3  # issue 15: debts described, trend with sales
    assert {k: v for k, v in data.items() if k != "business"} == expected
    assert data["business"]["business_name"] == "Гүлзат тигүү цехи"


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_summary_text_in_each_language(cli, demo_master, lang):
    result = cli("summary", "--data-dir", str(demo_master), "--month", "2026-11", "--lang", lang)
    assert result.code == 0, result.err
    now = _month_summary(demo_master, "2026-11").current
    t = get_translator(lang)
    money = lambda amount: t.money(amount, always_decimals=True)  # noqa: E731
    assert f"{t('report.figure.income')}: {money(now.income)}" in result.out
    assert f"{t('report.figure.sales_income')}: {money(now.sales_income)}" in result.out
    assert f"{t('report.figure.advances')}: {money(now.advances)}" in result.out


def test_summary_defaults_to_the_profile_language(cli, demo_master):
    result = cli("summary", "--data-dir", str(demo_master), "--month", "2026-11")
    assert "Бардык киреше" in result.out  # the demo business works in Kyrgyz


def test_a_month_after_this_one_is_refused(cli, demo_master):
    from datetime import date

    from smallshop.domain.period import Month

    later = str(Month.of(date.today()).next())
    for command in ("summary", "report"):
        result = cli(command, "--data-dir", str(demo_master), "--month", later, "--lang", "en")
        assert result.code != 0 and "Traceback" not in result.err
        assert "has not begun yet" in result.err, result.err


@pytest.mark.parametrize("month", ["2026-13", "November", "26-11", ""])
@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_a_bad_month_exits_non_zero_with_the_translated_message(cli, demo_master, month, lang):
    result = cli("summary", "--data-dir", str(demo_master), "--month", month, "--lang", lang)
    assert result.code == ExitCode.USAGE and result.out == ""
    assert result.err.strip() == get_translator(lang)("cli.args.bad_month", option="--month", value=month)
    assert "Traceback" not in result.err


# --- backup, restore, check -------------------------------------------------------------
def test_backup_then_restore_round_trip(cli, demo_dir, tmp_path):
    target = tmp_path / "copy.zip"
    result = cli("backup", "--data-dir", str(demo_dir), "-o", str(target), "--lang", "en")
    assert result.code == 0, result.err and target.is_file()
    assert str(target.resolve()) in result.out
    before = _month_summary(demo_dir, "2026-11")
    store = open_store(demo_dir, backups=False)
    Services(store, clock=lambda: datetime.now(timezone.utc)).finance.record_income(
        {"amount": "99999", "date": "2026-11-03"}, None)
    store.close()
    assert _month_summary(demo_dir, "2026-11").current.income == before.current.income + Money.som(99999)
    result = cli("restore", "--data-dir", str(demo_dir), str(target), "--lang", "en")
    assert result.code == 0, result.err
    assert _month_summary(demo_dir, "2026-11") == before
    kept = [p for p in demo_dir.iterdir() if p.name.startswith("replaced-")]
    assert len(kept) == 1 and str(kept[0]) in result.out


def test_restore_refuses_a_file_that_is_not_a_backup(cli, demo_dir, tmp_path):
    bad = tmp_path / "photo.zip"
    bad.write_bytes(b"\x89PNG not a backup")
    before = _month_summary(demo_dir, "2026-11")
    result = cli("restore", "--data-dir", str(demo_dir), str(bad), "--lang", "ru")
    assert result.code != 0 and "photo.zip" in result.err and "Traceback" not in result.err
    assert _month_summary(demo_dir, "2026-11") == before
    assert not [p for p in demo_dir.iterdir() if p.name.startswith("replaced-")]


def test_check_healthy_exits_zero(cli, demo_dir):
    result = cli("check", "--data-dir", str(demo_dir), "--lang", "en")
    assert result.code == 0, result.err
    assert "healthy" in result.out


def test_check_names_a_truncated_file_and_advises_recover(cli, demo_dir):
    assert cli("backup", "--data-dir", str(demo_dir)).code == 0  # a good backup to point at
    damaged = demo_dir / "orders" / "2026-11.json"
    damaged.write_bytes(damaged.read_bytes()[:1000])
    result = cli("check", "--data-dir", str(demo_dir), "--lang", "en")
    assert result.code != 0
    assert "orders/2026-11.json" in result.err
    # never "restore the last backup" (it loses saves made since): recover keeps them
    assert f"smallshop recover --data-dir {demo_dir.resolve()}" in result.err
    assert "smallshop restore" not in result.err
    # and the summary refuses with the same clear message instead of a traceback
    result = cli("summary", "--data-dir", str(demo_dir), "--month", "2026-11", "--lang", "ky")
    assert result.code != 0 and "orders/2026-11.json" in result.err and "Traceback" not in result.err


def test_check_without_a_folder(cli, tmp_path):
    result = cli("check", "--data-dir", str(tmp_path / "nothing-here"), "--lang", "en")
    assert result.code != 0 and "nothing-here" in result.err


# --- real processes ------------------------------------------------------------------------
def test_a_second_process_gets_the_locked_message(demo_dir):
    store = open_store(demo_dir, backups=False)  # this process holds the folder
    try:
        result = run_process("summary", "--data-dir", str(demo_dir), "--month", "2026-11", "--lang", "en")
    finally:
        store.close()
    assert result.code != 0
    assert result.err.strip() == get_translator("en")("storage.locked", folder=str(demo_dir.resolve()))


def test_real_process_bad_month_and_demo(tmp_path):
    folder = tmp_path / "fresh"
    made = run_process("demo", "--data-dir", str(folder), "--months", "1", "--today", DEMO_TODAY, "--lang", "ru")
    assert made.code == 0, made.err
    assert "Демо-предприятие создано" in made.out
    again = run_process("demo", "--data-dir", str(folder), "--months", "1", "--lang", "ru")
    assert again.code != 0 and "--force" in again.err
    bad = run_process("summary", "--data-dir", str(folder), "--month", "2026-13", "--lang", "ky")
    assert bad.code == ExitCode.USAGE
    assert bad.err.strip() == get_translator("ky")("cli.args.bad_month", option="--month", value="2026-13")


@pytest.mark.parametrize("command", [["summary", "--month", "2026-11"], ["backup"]])
def test_a_folder_without_data_is_reported_and_not_created(cli, tmp_path, command):
    folder = tmp_path / "typo"
    result = cli(*command, "--data-dir", str(folder), "--lang", "ru")
    assert result.code != 0
    assert result.err.strip() == get_translator("ru")("cli.no_data", folder=str(folder))
    assert not folder.exists()


def test_summary_of_an_empty_month_says_so(cli, demo_master):
    result = cli("summary", "--data-dir", str(demo_master), "--month", "2020-01", "--lang", "en")
    assert result.code == 0 and "Nothing was recorded in this month." in result.out


def test_argument_mistakes_are_translated_too(tmp_path):
    missing = run_process("summary", "--data-dir", str(tmp_path), "--lang", "ru")
    assert missing.code == ExitCode.USAGE
    assert get_translator("ru")("cli.args.required", names="--month") in missing.err
    wrong = run_process("summary", "--month", "2026-11", "--format", "xml", "--lang", "ky")
    assert wrong.code == ExitCode.USAGE
    assert get_translator("ky")("cli.args.invalid_choice", option="--format", value="xml",
                                choices="text, json") in wrong.err
    both = run_process("demo", "--months", "2", "--years", "1")
    assert both.code == ExitCode.USAGE
    assert both.err.strip() == get_translator("en")("cli.args.exclusive", option="--months", other="--years")
    assert not any(tmp_path.iterdir())


def test_demo_force_refuses_a_folder_open_in_another_program(demo_dir):
    store = open_store(demo_dir, backups=False)
    try:
        result = run_process("demo", "--data-dir", str(demo_dir), "--force", "--months", "1", "--lang", "en")
    finally:
        store.close()
    assert result.code != 0
    assert result.err.strip() == get_translator("en")("storage.locked", folder=str(demo_dir.resolve()))
    assert not [p for p in demo_dir.parent.iterdir() if "before-demo" in p.name]



def test_demo_goes_beside_the_real_data_and_demo_flag_reads_it(tmp_path):
    """Without --data-dir, `smallshop demo` fills <data folder>-demo (what `smallshop run
    --demo` opens), never the real data folder; --demo points the other commands at it."""
    real = tmp_path / "smallshop"
    env = hermetic_env(SMALLSHOP_DATA_DIR=str(real))

    made = run_process("demo", "--months", "1", "--today", DEMO_TODAY, env=env)
    assert made.code == 0, made.err
    assert (tmp_path / "smallshop-demo").is_dir()
    summary = run_process("summary", "--demo", "--month", DEMO_TODAY[:7], "--format", "json", env=env)
    assert summary.code == 0, summary.err
    assert json.loads(summary.out)["orders_taken"] > 0
    assert run_process("check", "--demo", env=env).code == 0
    assert not real.exists()  # neither making nor reading the demo touches the real folder


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_demo_report_lines_have_numeric_dates_and_no_plural_sentences(cli, tmp_path, lang):
    """The review found "по 2 дек. 2026 г.." (two periods), "2026-ж., 1-янв." in Kyrgyz and
    "3084 оплат" / "43 изъятий" in Russian: dates are numeric, counts are "Клиентов: 12" labels."""
    result = cli("demo", "--data-dir", str(tmp_path / "d"), "--lang", lang, *DEMO_ARGS)
    assert result.code == 0, result.err
    created, counts = result.out.splitlines()[:2]
    t = get_translator(lang)
    assert t.date(date(2026, 11, 28), "short") in created and ".." not in created
    assert "ж.," not in created and "г." not in created
    first_label = {"ky": "Кардарлар: ", "ru": "Клиентов: ", "en": "Customers: "}[lang]
    assert counts.startswith(first_label)
    # every count stands after a colon (or before "жолу"), never before a noun that would need a plural form
    assert not re.search(r"\d+ (?!жолу)[^\W\d_]", counts), counts

# --- restore: every hostile backup is refused through the real CLI (issue 10) -------
@pytest.mark.parametrize("kind", [k for k in __import__("hostile_backups").HOSTILE if k != "bomb"])
def test_restore_refuses_each_hostile_backup_with_a_translated_message(cli, demo_dir, tmp_path, kind):
    from hostile_backups import hostile

    good = tmp_path / "good.zip"
    assert cli("backup", "--data-dir", str(demo_dir), "-o", str(good)).code == 0
    before = {p: p.read_bytes() for p in demo_dir.rglob("*.json")}
    path, why = hostile(kind, good, tmp_path)
    if kind == "other_business":
        why = "other_business"
    result = cli("restore", str(path), "--data-dir", str(demo_dir), "--lang", "ru")
    assert result.code == ExitCode.REFUSED, result
    t = get_translator("ru")
    fixed = max((piece.split("}")[-1].strip(" .:«»—") for piece in t.message(f"storage.backup.{why}").split("{")),
                key=len)
    assert fixed in result.err, (fixed, result.err)
    assert "Traceback" not in result.err and result.out == ""
    assert {p: p.read_bytes() for p in demo_dir.rglob("*.json")} == before
    if kind == "other_business":
        assert "--other-business" in result.err
        again = cli("restore", str(path), "--data-dir", str(demo_dir), "--other-business", "--lang", "en")
        assert again.code == 0, again.err
        assert "before the restore is also saved as a backup" in again.out


def test_restore_brings_back_different_data_and_keeps_the_replaced_as_a_backup(cli, demo_dir, tmp_path):
    good = tmp_path / "good.zip"
    assert cli("backup", "--data-dir", str(demo_dir), "-o", str(good)).code == 0
    store = open_store(demo_dir, backups=False)
    orders_then = len(store.orders)
    store.close()
    new_computer = tmp_path / "new"  # no data yet: the backup simply becomes the data
    result = cli("restore", str(good), "--data-dir", str(new_computer), "--lang", "en")
    assert result.code == 0, result.err
    assert "before the restore" not in result.out
    other = tmp_path / "other"
    assert cli("demo", "--data-dir", str(other), "--months", "1", "--today", DEMO_TODAY, "--seed", "7").code == 0
    store = open_store(other, backups=False)
    orders_before = len(store.orders)
    store.close()
    assert orders_before != orders_then
    result = cli("restore", str(good), "--data-dir", str(other), "--lang", "en")
    assert result.code == 0, result.err
    for folder in (new_computer, other):
        store = open_store(folder, backups=False)
        assert len(store.orders) == orders_then  # the 3-month demo, not the 1-month one
        store.close()
    kept = result.out.split("also saved as a backup: ")[1].strip()
    assert validate_backup(Path(kept)).counts["orders"] == orders_before
