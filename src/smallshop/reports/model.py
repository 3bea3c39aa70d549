"""The report model: every figure of the caseworker's monthly report, labelled and
formatted once for one language, so the PDF, CSV and JSON renderers cannot disagree.

Pure: built from a MonthSummary and a BusinessProfile that the caller hands in.
Each figure keeps its exact value (Money, int, Decimal, date) next to its text, and
its key is the figure's name in the summary (reports.figures), one vocabulary for
the screens, `summary`, JSON, CSV, XLSX and PDF. The month in progress says so in its
period ("up to 02.12.2026") and is compared with the same days of the month before.

Issue 15 shaped it around what a reintegration caseworker monitors: "what needs
attention" first (domain.attention), receivables by age without customers' names
unless `with_names` (the owner's own copy), debts described (interest, instalments
left, due next month), 12 months of trend, each figure's definition
(domain.books.DEFINITIONS), a report id and the fingerprint of its JSON (trust.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable, Mapping

from ..domain.assets import AssetRegister
from ..domain.attention import Attention, share_of, what_needs_attention
from ..domain.books import DEFINITIONS
from ..domain.jobs import JobsTally
from ..domain.models import BusinessPlan, BusinessProfile, ExpenseCategory, IncomeCategory, PaymentMethod
from ..domain.money import ZERO, Money
from ..domain.period import Month
from ..domain.summary_types import DebtMonth, MonthFigures, MonthSummary, ReceivableLine
from ..i18n import get_translator

Raw = Money | int | Decimal | date | str | None
RATIO_PLACES = Decimal("0.0001")  # ratios are fractions kept to 4 places (0.2500 = 25 %)
DASH = "—"
TOP_RECEIVABLES = 10  # the PDF lists this many; CSV and JSON list all


@dataclass(frozen=True, slots=True)
class Value:
    """An exact figure and how it reads in the report's language."""

    raw: Raw
    text: str


@dataclass(frozen=True, slots=True)
class Line:
    """One labelled figure: `key` is a stable English code, `label` is translated."""

    key: str
    label: str
    value: Value


@dataclass(frozen=True, slots=True)
class Comparison:
    """A key figure with the previous month beside it and the change."""

    key: str
    label: str
    current: Value
    previous: Value
    change: Value  # current - previous (same kind as current)
    change_ratio: Value  # change / |previous| as a Decimal fraction; None when previous is 0


@dataclass(frozen=True, slots=True)
class ReceivableRow:
    customer_id: str
    customer_name: str
    amount: Value
    since: Value


@dataclass(frozen=True, slots=True)
class AdvanceRow:
    customer_id: str
    customer_name: str
    amount: Value


@dataclass(frozen=True, slots=True)
class DebtRow:
    debt_id: str  # "" on the totals row
    lender: str
    purpose: Value  # raw: the DebtPurpose code; "" on the totals row
    opening_balance: Value
    paid: Value
    new_borrowing: Value
    closing_balance: Value
    overdue: Value
    next_due_date: Value
    next_due_amount: Value
    interest: Value = Value(ZERO, "")  # the flat interest of the whole loan
    instalments_left: Value = Value(0, "")
    overdue_since: Value = Value(None, "")
    due_next_month: Value = Value(ZERO, "")
    lender_type: Value = Value("", "")  # raw: the LenderType code ("" when the data has none)


@dataclass(frozen=True, slots=True)
class TrendRow:
    month: Value  # raw: "YYYY-MM"
    income: Value
    expenses: Value
    profit: Value
    sales_income: Value = Value(ZERO, "")


@dataclass(frozen=True, slots=True)
class AttentionLine:
    """One line of "what needs attention": `alert` lines carry a marker word."""

    key: str
    alert: bool
    text: str
    item: Attention


@dataclass(frozen=True, slots=True)
class AgingRow:
    """Receivables by how long they have been owed (no names)."""

    key: str  # "0_30", "31_90", "over_90"
    label: str
    customers: Value
    amount: Value


@dataclass(frozen=True, slots=True)
class EarlierMonthChange:
    """Records of an earlier month added, changed or deleted after its report was
    exported, and how its figures moved since (now - as exported)."""

    month: Month
    exported_on: date
    added: int
    changed: int
    deleted: int
    income: Money
    expenses: Money
    debt_paid: Money


@dataclass(frozen=True, slots=True)
class ReportExtras:
    """What the report needs beyond the month summary, handed in by the services."""

    with_names: bool = False  # the owner's own copy: customers named
    sequence: int = 1  # the n-th export of this month (the report id ends with it)
    business_id: str = ""  # stable id of the business (trust.business_id)
    changes: tuple[EarlierMonthChange, ...] = ()
    caseworker_title: str = ""  # a CaseworkerTitle code; "" = the generic "caseworker"
    programme_name: str = ""
    plan: BusinessPlan | None = None  # the business plan drawn up with the caseworker
    assets: AssetRegister | None = None  # on the report's cut-off day
    jobs: JobsTally | None = None  # None: the owner has not confirmed who worked this month

    @property
    def assistance_started(self) -> date | None:
        return self.plan.assistance_started if self.plan is not None else None


@dataclass(frozen=True, slots=True)
class TargetRow:
    """A figure of the business plan: this month and the year so far against its target."""

    key: str  # "sales_income" or "profit"
    label: str
    actual: Value
    target: Value  # raw None when the plan sets none
    share: Value  # actual / target (Decimal fraction) or None
    ytd_actual: Value
    ytd_target: Value
    ytd_share: Value


@dataclass(frozen=True, slots=True)
class AssetRow:
    asset_id: str
    item: str
    source: Value  # raw: the AssetSource code
    value: Value
    acquired_on: Value
    status: Value  # raw: the AssetStatus code
    since: Value


@dataclass(frozen=True, slots=True)
class ReportModel:
    lang: str
    month: Month
    title: str
    header: tuple[Line, ...]  # business, owner, location, case, caseworker, period, prepared by, generated on
    has_activity: bool
    key_figures: tuple[Comparison, ...]
    income_by_category: tuple[Line, ...]  # received by category, then "refunds" (negative), "total" (= income)
    income_by_method: tuple[Line, ...]  # received by method, then "total" (= income_received)
    sales: tuple[Line, ...]  # sales_income, credit_sales
    expenses_by_category: tuple[Line, ...]  # ends with the "total" line
    receivables: tuple[ReceivableRow, ...]  # all customers who owe, largest first
    receivables_total: Line
    advances: tuple[AdvanceRow, ...]  # customers whose money the business holds, largest first
    advances_total: Line
    debts: tuple[DebtRow, ...]
    debt_totals: DebtRow
    debt_service_ratio: Line  # raw: Decimal fraction or None (no income)
    trend: tuple[TrendRow, ...]  # 6 months, oldest first
    notes: str
    labels: Mapping[str, str]  # every other text the renderers print, by key
    generated_on: date
    prepared_by: str
    summary: MonthSummary  # the figures themselves, for the JSON vocabulary (reports.figures)
    profile: BusinessProfile
    attention: tuple[AttentionLine, ...] = ()
    aging: tuple[AgingRow, ...] = ()
    debt_service_words: str = ""
    definitions: Mapping[str, str] = field(default_factory=dict)
    extras: ReportExtras = ReportExtras()
    targets: tuple[TargetRow, ...] = ()  # empty: no target in the business plan
    ytd_months: int = 0  # months counted in the year-to-date columns
    assets: tuple[AssetRow, ...] = ()
    asset_totals: tuple[Line, ...] = ()  # in use, programme grant, own contribution, all
    jobs: tuple[Line, ...] = ()  # empty: not confirmed by the owner
    report_id: str = ""
    fingerprint: str = ""  # sha256 of the canonical JSON (trust.py); set by reports.build_report

    @property
    def with_names(self) -> bool:
        return self.extras.with_names

    @property
    def in_progress(self) -> bool:
        return self.summary.current.in_progress

    def header_value(self, key: str) -> Value:
        return next(line.value for line in self.header if line.key == key)


# Keys of the key-figure rows, in the order the report shows them.
KEY_FIGURES = (
    "income",
    "sales_income",
    "refunds",
    "expenses",
    "profit",
    "owner_draws",
    "orders_taken",
    "orders_delivered",
    "orders_open",
    "new_customers",
    "active_customers",
    "receivables",
    "advances",
    "debt_paid",
    "debt_outstanding",
    "debt_overdue",
)

HEADER_KEYS = (
    "business_name",
    "owner_name",
    "location",
    "case_id",
    "caseworker_name",
    "period",
    "as_of",
    "prepared_by",
    "generated_on",
)

# Plain texts the renderers need, looked up once (keys under "report.").
LABEL_KEYS = (
    "title",
    "no_activity",
    "total",
    "section.key_figures",
    "section.income",
    "section.income_by_category",
    "section.income_by_method",
    "section.sales",
    "section.expenses_by_category",
    "section.receivables",
    "section.advances",
    "section.debts",
    "section.notes",
    "section.confirmation",
    "header.in_progress",
    "col.figure",
    "col.this_month",
    "col.previous_month",
    "col.change",
    "col.amount",
    "col.customer",
    "col.since",
    "col.lender",
    "col.purpose",
    "col.opening_balance",
    "col.paid",
    "col.new_borrowing",
    "col.closing_balance",
    "col.next_instalment",
    "col.overdue",
    "col.month",
    "receivables.none",
    "advances.none",
    "debts.none",
    "debt_service",
    "debt_service.no_income",
    "chart.title",
    "notes.empty",
    "confirm.text",
    "confirm.entrepreneur",
    "confirm.caseworker",
    "confirm.name",
    "confirm.signature",
    "confirm.date",
    "csv.currency",
    # issue 15
    "section.attention",
    "attention.marker",
    "section.aging",
    "col.customers",
    "col.lender_type",
    "col.interest",
    "col.instalments_left",
    "col.due_next_month",
    "col.overdue_since",
    "col.sales_income",
    "col.income",
    "col.expenses",
    "col.profit",
    "section.trend",
    "section.definitions",
    "section.changes",
    "changes.none",
    "changes.intro",
    "col.exported_on",
    "col.added",
    "col.changed",
    "col.deleted",
    "col.income_change",
    "col.expenses_change",
    "col.debt_paid_change",
    "confirm.owner_text",
    "confirm.caseworker_text",
    "header.report_id",
    "header.business_id",
    "header.fingerprint",
    "names.hidden",
    "names.shown",
    "cash_basis",
    "overdue.word",
    "section.plan",
    "plan.none",
    "col.target",
    "col.share",
    "col.year_to_date",
    "section.assets",
    "assets.none",
    "col.item",
    "col.source",
    "col.value",
    "col.acquired_on",
    "col.status",
    "section.jobs",
    "jobs.not_confirmed",
    "header.programme_name",
    "col.since_status",
    "plan.assistance_started",
    "plan.sales_target",
    "plan.profit_target",
    "targets.actual",
    "targets.target",
    "targets.share",
    "targets.ytd_actual",
    "targets.ytd_target",
    "targets.ytd_share",
    "assets.count",
    "assets.in_use_count",
    "assets.in_use_value",
    "assets.grant_value",
    "assets.own_contribution",
    "assets.total_value",
    "fact.month_complete",
    "fact.money_in",
    "fact.money_out",
    "fact.cash_balance",
    "fact.next_month",
    "fact.due_next_month",
    "fact.assistance_started",
    "fact.months_since_assistance",
    "fact.long_owed.customers",
    "fact.long_owed.amount",
)

AGING = (("0_30", 0, 30), ("31_90", 31, 90), ("over_90", 91, None))


class _Fmt:
    """Formatting helpers over one translator."""

    def __init__(self, t: Any) -> None:
        self.t = t

    def money(self, amount: Money) -> Value:
        return Value(amount, self.t.money(amount, always_decimals=True))

    def count(self, number: int) -> Value:
        return Value(number, self.t.number(number))

    def ratio(self, ratio: Decimal | None) -> Value:
        if ratio is None:
            return Value(None, DASH)
        ratio = ratio.quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)
        return Value(ratio, self.t.percent(ratio))

    def day(self, day: date | None, style: str = "short") -> Value:
        """Dates in tables are short (05.11.2026); the header spells them out."""
        return Value(day, self.t.date(day, style)) if day is not None else Value(None, DASH)

    def text(self, text: str) -> Value:
        return Value(text, text if text.strip() else DASH)

    def signed(self, value: Value) -> Value:
        """A change: '+' in front of increases so the direction reads at a glance."""
        raw = value.raw
        positive = raw.is_positive if isinstance(raw, Money) else bool(raw and raw > 0)
        return Value(raw, f"+{value.text}" if positive else value.text)


def _figure(figures: MonthFigures, key: str) -> Money | int:
    return getattr(figures, key)


def _comparison(fmt: _Fmt, key: str, label: str, now: MonthFigures, before: MonthFigures) -> Comparison:
    current, previous = _figure(now, key), _figure(before, key)
    make: Callable[[Any], Value] = fmt.money if isinstance(current, Money) else fmt.count
    change = current - previous
    if isinstance(previous, Money):
        base = abs(previous.tyiyn)
        numerator = change.tyiyn
    else:
        base, numerator = abs(previous), change
    ratio = Decimal(numerator) / Decimal(base) if base else None
    ratio_value = fmt.ratio(ratio)
    if ratio is not None:
        ratio_value = fmt.signed(ratio_value)
    return Comparison(key, label, make(current), make(previous), fmt.signed(make(change)), ratio_value)


def _aging(fmt: _Fmt, t: Any, lines: tuple[ReceivableLine, ...], as_of: date) -> tuple[AgingRow, ...]:
    """Receivables by age of each unpaid delivery (a customer counts in every band
    where she owes something)."""
    rows = []
    for key, low, high in AGING:
        customers, total = 0, 0
        for line in lines:
            dues = line.dues or ((line.since, line.amount),)
            band = [owed.tyiyn for delivered, owed in dues
                    if low <= (as_of - delivered).days and (high is None or (as_of - delivered).days <= high)]
            if band:
                customers += 1
                total += sum(band)
        rows.append(AgingRow(key, t(f"report.aging.{key}"), fmt.count(customers), fmt.money(Money(total))))
    return tuple(rows)


def _targets(fmt: _Fmt, t: Any, summary: MonthSummary, plan: BusinessPlan | None) -> tuple[tuple[TargetRow, ...], int]:
    """Income from sales and profit against the plan's monthly targets, this month and
    in the year so far (from January, or from the month assistance started if later)."""
    if plan is None or (plan.sales_target is None and plan.profit_target is None):
        return (), 0
    month = summary.month
    first = Month(month.year, 1)
    if plan.assistance_started is not None and Month.of(plan.assistance_started) > first:
        first = Month.of(plan.assistance_started)
    points = [p for p in summary.trend if first <= p.month <= month]
    rows = []
    for key, target in (("sales_income", plan.sales_target), ("profit", plan.profit_target)):
        actual = getattr(summary.current, key)
        ytd = Money.total(getattr(p, key) for p in points)
        ytd_target = target * len(points) if target is not None else None

        def money(value: Money | None) -> Value:
            return fmt.money(value) if value is not None else Value(None, DASH)

        def share(part: Money, whole: Money | None) -> Value:
            return fmt.ratio(share_of(part, whole)) if whole is not None else Value(None, DASH)

        rows.append(TargetRow(key, t(f"report.figure.{key}"), fmt.money(actual), money(target), share(actual, target),
                              fmt.money(ytd), money(ytd_target), share(ytd, ytd_target)))
    return tuple(rows), len(points)


def _asset_rows(fmt: _Fmt, t: Any, register: AssetRegister | None) -> tuple[AssetRow, ...]:
    if register is None:
        return ()
    return tuple(
        AssetRow(line.asset_id, line.item, Value(line.source.value, t.enum(line.source)), fmt.money(line.value),
                 fmt.day(line.acquired_on), Value(line.status.value, t.enum(line.status)), fmt.day(line.since))
        for line in register.lines
    )


def _asset_totals(fmt: _Fmt, t: Any, register: AssetRegister | None) -> tuple[Line, ...]:
    if register is None or not register.lines:
        return ()
    return (
        Line("in_use", t("report.assets.in_use", count=register.in_use_count, total=len(register.lines)),
             fmt.money(register.in_use_value)),
        Line("grant_value", t("report.assets.grant_value"), fmt.money(register.grant_value)),
        Line("own_contribution", t("report.assets.own_contribution"), fmt.money(register.own_contribution)),
        Line("total_value", t("report.assets.total_value"), fmt.money(register.total_value)),
    )


JOB_KEYS = ("total", "family", "hired", "paid", "unpaid", "women", "young", "young_women")


def _jobs(fmt: _Fmt, t: Any, jobs: JobsTally | None) -> tuple[Line, ...]:
    if jobs is None:
        return ()
    return tuple(Line(key, t(f"report.jobs.{key}"), fmt.count(getattr(jobs, key))) for key in JOB_KEYS)


def _debt_service_words(t: Any, ratio: Decimal | None) -> str:
    """The share of income that went to debt repayments, in plain words."""
    if ratio is None:
        return t("report.debt_service.words.no_income")
    if ratio <= 0:
        return t("report.debt_service.words.none")
    if ratio < Decimal("0.1"):
        band = "small"
    elif ratio < Decimal("0.3"):
        band = "moderate"
    elif ratio < Decimal("0.5"):
        band = "high"
    elif ratio < 1:
        band = "very_high"
    else:
        band = "over_income"
    kopecks = (ratio * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    per_100 = Money.som(kopecks)
    return t(f"report.debt_service.words.{band}", share=t.percent(ratio), per_100=t.money(per_100))


def _debt_row(fmt: _Fmt, t: Any, debt: DebtMonth) -> DebtRow:
    lender_type = getattr(debt, "lender_type", None)
    lender_type_code = getattr(lender_type, "value", lender_type) or ""
    overdue_text = fmt.money(debt.overdue)
    if debt.overdue.is_positive:  # marked by a word, not only by shading
        overdue_text = Value(debt.overdue, t("report.overdue.marked", amount=overdue_text.text))
    return DebtRow(
        debt_id=debt.debt_id,
        lender=debt.lender,
        purpose=Value(debt.purpose.value, t(f"report.purpose.{debt.purpose.value}")),
        opening_balance=fmt.money(debt.opening_balance),
        paid=fmt.money(debt.paid),
        new_borrowing=fmt.money(debt.new_borrowing),
        closing_balance=fmt.money(debt.closing_balance),
        overdue=overdue_text,
        next_due_date=fmt.day(debt.next_due_date),
        next_due_amount=fmt.money(debt.next_due_amount) if debt.next_due_date else Value(ZERO, DASH),
        interest=fmt.money(debt.interest),
        instalments_left=fmt.count(debt.instalments_left),
        overdue_since=fmt.day(debt.overdue_since),
        due_next_month=fmt.money(debt.due_next_month),
        lender_type=Value(lender_type_code, t(f"enum.lender_type.{lender_type_code}") if lender_type_code else DASH),
    )


def _debt_totals(fmt: _Fmt, label: str, debts: tuple[DebtMonth, ...]) -> DebtRow:
    def total(name: str) -> Value:
        return fmt.money(Money.total(getattr(d, name) for d in debts))

    return DebtRow(
        debt_id="",
        lender=label,
        purpose=Value("", ""),
        opening_balance=total("opening_balance"),
        paid=total("paid"),
        new_borrowing=total("new_borrowing"),
        closing_balance=total("closing_balance"),
        overdue=total("overdue"),
        next_due_date=Value(None, ""),
        next_due_amount=Value(None, ""),
        interest=total("interest"),
        instalments_left=Value(sum(d.instalments_left for d in debts), ""),
        overdue_since=Value(None, ""),
        due_next_month=total("due_next_month"),
    )


def _breakdown(fmt: _Fmt, t: Any, prefix: str, codes: list[str], amounts: Mapping[Any, Money], *,
               refunds: Money | None = None, total_key: str = "report.total") -> tuple[Line, ...]:
    """One line per code, then (for income) the refunds as a negative line, then the total."""
    by_code = {getattr(k, "value", k): v for k, v in amounts.items()}
    lines = [Line(code, t(f"report.{prefix}.{code}"), fmt.money(by_code.get(code, ZERO))) for code in codes]
    total = Money.total(by_code.values())
    if refunds is not None:
        lines.append(Line("refunds", t("report.income_category.refunds"), fmt.money(-refunds)))
        total -= refunds
    lines.append(Line("total", t(total_key), fmt.money(total)))
    return tuple(lines)


def build_report_model(
    summary: MonthSummary,
    profile: BusinessProfile,
    *,
    lang: str,
    generated_on: date,
    prepared_by: str,
    notes: str = "",
    extras: ReportExtras | None = None,
) -> ReportModel:
    """Everything the report shows, translated into `lang` and formatted (the
    fingerprint is added by reports.build_report, which hashes the JSON)."""
    extras = extras or ReportExtras()
    t = get_translator(lang)
    fmt = _Fmt(t)
    now, before = summary.current, summary.previous
    period = t.month(summary.month)
    if now.in_progress:
        period = t("report.period_in_progress", period=period, date=t.date(now.as_of, "short"))
    targets, ytd_months = _targets(fmt, t, summary, extras.plan)
    labels = {key: t(f"report.{key}", period=period, month=t.month(summary.month.next()),
                     count=len(summary.trend), months=ytd_months) for key in LABEL_KEYS}
    if extras.caseworker_title:
        labels["confirm.caseworker"] = t(f"enum.caseworker_title.{extras.caseworker_title}")
    if before.as_of < before.month.last_day:  # the month in progress is compared over the same days
        labels["col.previous_month"] = t("report.col.previous_same_days", date=t.date(before.as_of, "short"))

    header_values = {
        "business_name": fmt.text(profile.business_name),
        "owner_name": fmt.text(profile.owner_name),
        "location": fmt.text(profile.location),
        "case_id": fmt.text(profile.case_id),
        "caseworker_name": fmt.text(profile.caseworker_name),
        "period": Value(str(summary.month), period),
        "as_of": fmt.day(now.as_of),
        "prepared_by": fmt.text(prepared_by),
        "generated_on": fmt.day(generated_on, "long"),
    }
    header = tuple(Line(k, labels["confirm.caseworker"] if k == "caseworker_name" else t(f"report.header.{k}"),
                        header_values[k]) for k in HEADER_KEYS)

    key_figures = tuple(
        _comparison(fmt, key, t(f"report.figure.{key}"), now, before) for key in KEY_FIGURES
    )
    sales = (
        Line("sales_income", t("report.sales.sales_income"), fmt.money(now.sales_income)),
        Line("credit_sales", t("report.sales.credit_sales"), fmt.money(now.credit_sales)),
    )
    def name(real: str, number: int) -> str:
        """A customer's name only in the owner's own copy; else "Customer 3"."""
        return real if extras.with_names else t("report.customer_n", number=number)

    advances = tuple(AdvanceRow(a.customer_id, name(a.customer_name, i), fmt.money(a.amount))
                     for i, a in enumerate(now.advance_lines, start=1))
    receivables = tuple(
        ReceivableRow(r.customer_id, name(r.customer_name, i), fmt.money(r.amount), fmt.day(r.since))
        for i, r in enumerate(sorted(now.receivable_lines, key=lambda r: (-r.amount.tyiyn, r.since, r.customer_name)),
                              start=1)
    )
    ratio = fmt.ratio(now.debt_service_ratio)
    if now.debt_service_ratio is None:
        ratio = Value(None, labels["debt_service.no_income"])
    trend = tuple(
        TrendRow(
            Value(str(p.month), t.month(p.month, "short")),
            fmt.money(p.income),
            fmt.money(p.expenses),
            fmt.money(p.profit),
            fmt.money(p.sales_income),
        )
        for p in summary.trend
    )
    attention = tuple(
        AttentionLine(item.key, item.alert, item.text(t), item)
        for item in what_needs_attention(summary, plan=extras.plan, assets=extras.assets,
                                         changed_months=tuple(c.month for c in extras.changes))
    )
    from .trust import report_id_of  # (trust imports this module)

    report_id = report_id_of(extras.business_id, summary.month, extras.sequence)
    return ReportModel(
        lang=lang,
        month=summary.month,
        title=labels["title"],
        header=header,
        has_activity=now.has_activity,
        key_figures=key_figures,
        income_by_category=_breakdown(
            fmt, t, "income_category", [c.value for c in IncomeCategory], now.income_by_category,
            refunds=now.refunds,
        ),
        income_by_method=_breakdown(fmt, t, "method", [m.value for m in PaymentMethod], now.income_by_method,
                                    total_key="report.total_received"),
        sales=sales,
        expenses_by_category=_breakdown(
            fmt, t, "expense_category", [c.value for c in ExpenseCategory], now.expenses_by_category
        ),
        receivables=receivables,
        receivables_total=Line("total", labels["total"], fmt.money(now.receivables)),
        advances=advances,
        advances_total=Line("total", labels["total"], fmt.money(now.advances)),
        debts=tuple(_debt_row(fmt, t, d) for d in now.debts),
        debt_totals=_debt_totals(fmt, labels["total"], now.debts),
        debt_service_ratio=Line("debt_service_ratio", labels["debt_service"], ratio),
        trend=trend,
        notes=notes,
        labels=labels,
        generated_on=generated_on,
        prepared_by=prepared_by,
        summary=summary,
        profile=profile,
        attention=attention,
        aging=_aging(fmt, t, now.receivable_lines, now.as_of),
        debt_service_words=_debt_service_words(t, now.debt_service_ratio),
        definitions={key: t(f"report.definition.{key}") for key in DEFINITIONS},
        extras=extras,
        targets=targets,
        ytd_months=ytd_months,
        assets=_asset_rows(fmt, t, extras.assets),
        asset_totals=_asset_totals(fmt, t, extras.assets),
        jobs=_jobs(fmt, t, extras.jobs),
        report_id=report_id,
    )


__all__ = [
    "AGING",
    "AdvanceRow",
    "AgingRow",
    "AttentionLine",
    "EarlierMonthChange",
    "ReportExtras",
    "Comparison",
    "DebtRow",
    "Line",
    "ReceivableRow",
    "ReportModel",
    "TOP_RECEIVABLES",
    "TrendRow",
    "Value",
    "build_report_model",
]
