"""Hand-built month summaries whose every total is known, for the report tests.

`known_month()` is November 2026 of a small sewing workshop (totals written out below);
`empty_month()` is a month with nothing recorded at all.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from smallshop.domain.models import (
    BusinessProfile,
    DebtPurpose,
    LenderType,
    ExpenseCategory,
    IncomeCategory,
    PaymentMethod,
)
from smallshop.domain.money import ZERO, Money
from smallshop.domain.period import Month
from smallshop.domain.summary_types import AdvanceLine, DebtMonth, MonthFigures, MonthSummary, ReceivableLine, TrendPoint

M = Money.som
NOVEMBER = Month(2026, 11)

PROFILE = BusinessProfile(
    business_name="Гүлзаттын тигүү цехи «Ак Өргөө»",
    owner_name="Гүлзат Өмүрбекова",
    location="Сузак району, Көк-Жаңгак айылы, Жалал-Абад облусу",
    caseworker_name="Айнура Ңурланова",
    case_id="JA-2026-0417",
    language="ky",
)

LONG_NAME = "Нургүл Бекмаматова-Эшимкулова (Жаңы-Жол көчөсү, дүкөндүн жанындагы үй, эжесинин кызы)"


def _figures(
    month: Month,
    *,
    income_by_category: dict,
    income_by_method: dict,
    expenses_by_category: dict,
    owner_draws: Money,
    counts: tuple[int, int, int, int, int],
    receivable_lines: tuple[ReceivableLine, ...] = (),
    credit_sales: Money = ZERO,
    debts: tuple[DebtMonth, ...] = (),
    refunds: Money = ZERO,
    advance_lines: tuple[AdvanceLine, ...] = (),
) -> MonthFigures:
    received = Money.total(income_by_category.values())
    income = received - refunds
    expenses = Money.total(expenses_by_category.values())
    paid = Money.total(d.paid for d in debts)
    return MonthFigures(
        month=month,
        as_of=month.last_day,
        in_progress=False,
        income=income,
        income_received=received,
        refunds=refunds,
        income_by_category={c: income_by_category.get(c, ZERO) for c in IncomeCategory},
        income_by_method={m: income_by_method.get(m, ZERO) for m in PaymentMethod},
        sales_income=received - income_by_category.get(IncomeCategory.OTHER, ZERO) - refunds,
        credit_sales=credit_sales,
        expenses=expenses,
        expenses_by_category={c: expenses_by_category.get(c, ZERO) for c in ExpenseCategory},
        profit=income - expenses,
        owner_draws=owner_draws,
        orders_taken=counts[0],
        orders_delivered=counts[1],
        orders_open=counts[2],
        new_customers=counts[3],
        active_customers=counts[4],
        receivables=Money.total(r.amount for r in receivable_lines),
        receivable_lines=receivable_lines,
        advances=Money.total(a.amount for a in advance_lines),
        advance_lines=advance_lines,
        debts=debts,
        debt_paid=paid,
        debt_new_borrowing=Money.total(d.new_borrowing for d in debts),
        debt_outstanding=Money.total(d.closing_balance for d in debts),
        debt_overdue=Money.total(d.overdue for d in debts),
        debt_service_ratio=(paid.to_decimal() / income.to_decimal()) if not income.is_zero else None,
    )


RELATIVES = DebtMonth(
    debt_id="d-relatives",
    lender="Эжеси Гүлнара (учак билети үчүн)",
    purpose=DebtPurpose.HOUSEHOLD,
    opening_balance=M(40000),
    paid=M(5000),
    new_borrowing=ZERO,
    closing_balance=M(35000),
    overdue=ZERO,
    next_due_date=date(2026, 12, 15),
    next_due_amount=M(5000),
    instalments_left=7,
    due_next_month=M(5000),
    lender_type=LenderType.RELATIVES,
)
MICROFINANCE = DebtMonth(
    debt_id="d-mfi",
    lender="«Бай-Түшүм» микрокредиттик компаниясы",
    purpose=DebtPurpose.BUSINESS,
    opening_balance=M(62000),
    paid=M(6200),
    new_borrowing=ZERO,
    closing_balance=M(55800),
    overdue=M(6200),
    next_due_date=date(2026, 12, 5),
    next_due_amount=M(6200),
    interest=M(6200),
    overdue_since=date(2026, 11, 5),
    instalments_left=9,
    due_next_month=M(6200),
    lender_type=LenderType.MICROFINANCE,
)

# November 2026, the totals a reader can check by hand:
#   income 21 700.50 = 18 500.00 orders + 3 200.50 walk-in; cash 12 000.50 + mobile 8 200 + bank 1 500
#   expenses 10 500.75; profit 11 199.75; owner's draws 5 000
#   receivables 4 850.50 (3 customers), advances 1 500 (1); debts paid 11 200, outstanding 90 800, overdue 6 200
KNOWN = {
    "income": M("21700.50"),
    "expenses": M("10500.75"),
    "profit": M("11199.75"),
    "owner_draws": M(5000),
    "receivables": M("4850.50"),
    "advances": M(1500),
    "debt_paid": M(11200),
    "debt_outstanding": M(90800),
    "debt_overdue": M(6200),
}


def known_current() -> MonthFigures:
    return _figures(
        NOVEMBER,
        income_by_category={IncomeCategory.ORDER_PAYMENT: M(18500), IncomeCategory.WALK_IN_SALE: M("3200.50")},
        income_by_method={PaymentMethod.CASH: M("12000.50"), PaymentMethod.MOBILE: M(8200), PaymentMethod.BANK: M(1500)},
        expenses_by_category={
            ExpenseCategory.MATERIALS: M(6400),
            ExpenseCategory.EQUIPMENT: M(1200),
            ExpenseCategory.RENT: M(2000),
            ExpenseCategory.UTILITIES: M("450.75"),
            ExpenseCategory.TRANSPORT: M(300),
            ExpenseCategory.OTHER: M(150),
        },
        owner_draws=M(5000),
        counts=(9, 7, 4, 3, 11),
        receivable_lines=(
            ReceivableLine("c-aigul", "Айгүл Токтосунова", M(2400), date(2026, 10, 28)),
            ReceivableLine("c-nurgul", LONG_NAME, M("1850.50"), date(2026, 11, 12)),
            ReceivableLine("c-omurbek", "Өмүрбек Үсөнов", M(600), date(2026, 11, 20)),
        ),
        credit_sales=M(3000),
        debts=(RELATIVES, MICROFINANCE),
        advance_lines=(AdvanceLine("c-bakyt", "Бакыт Асанов", M(1500)),),  # a deposit on an order not delivered
    )


def known_previous() -> MonthFigures:
    return _figures(
        Month(2026, 10),
        income_by_category={IncomeCategory.ORDER_PAYMENT: M(15000), IncomeCategory.WALK_IN_SALE: M(1000)},
        income_by_method={PaymentMethod.CASH: M(12000), PaymentMethod.MOBILE: M(4000)},
        expenses_by_category={ExpenseCategory.MATERIALS: M(9000), ExpenseCategory.RENT: M(2000)},
        owner_draws=M(4000),
        counts=(6, 5, 2, 1, 8),
        receivable_lines=(ReceivableLine("c-aigul", "Айгүл Токтосунова", M(2400), date(2026, 10, 28)),),
        debts=(
            DebtMonth("d-relatives", RELATIVES.lender, DebtPurpose.HOUSEHOLD, M(45000), M(5000), ZERO, M(40000),
                      ZERO, date(2026, 11, 15), M(5000)),
            DebtMonth("d-mfi", MICROFINANCE.lender, DebtPurpose.BUSINESS, ZERO, ZERO, M(62000), M(62000), ZERO,
                      date(2026, 11, 5), M(6200)),
        ),
    )


def _trend(current: MonthFigures, previous: MonthFigures) -> tuple[TrendPoint, ...]:
    earlier = [  # December 2025..September 2026 (12 months, as the report has); August was a loss (a new machine)
        (M(0), M(0)),
        (M(0), M(0)),
        (M(0), M(0)),
        (M(0), M(0)),
        (M(3000), M(6000)),
        (M(6000), M(5000)),
        (M(9000), M(7000)),
        (M(12500), M(8000)),
        (M(8000), M(14500)),
        (M(14000), M(9500)),
    ]
    months = current.month.back(12)
    points = [TrendPoint(m, i, e, i - e, i) for m, (i, e) in zip(months, earlier)]
    points += [TrendPoint(f.month, f.income, f.expenses, f.profit, f.sales_income) for f in (previous, current)]
    return tuple(points)


def known_month() -> MonthSummary:
    current, previous = known_current(), known_previous()
    return MonthSummary(current=current, previous=previous, trend=_trend(current, previous))


def empty_figures(month: Month) -> MonthFigures:
    return _figures(month, income_by_category={}, income_by_method={}, expenses_by_category={},
                    owner_draws=ZERO, counts=(0, 0, 0, 0, 0))


def empty_month(month: Month = Month(2027, 2)) -> MonthSummary:
    trend = tuple(TrendPoint(m, ZERO, ZERO, ZERO) for m in month.back(6))
    return MonthSummary(current=empty_figures(month), previous=empty_figures(month.previous()), trend=trend)


RATIO = Decimal(11200) / Decimal("21700.50")


# Issue 15: what was planned with the caseworker, the equipment, who worked in November.
from smallshop.domain.assets import register  # noqa: E402
from smallshop.domain.jobs import tally  # noqa: E402
from smallshop.domain.models import (  # noqa: E402
    Asset,
    AssetSource,
    AssetStatus,
    AssetStatusChange,
    BusinessPlan,
    Worker,
    WorkerKind,
)

# assistance from 20 April 2026: the year so far is April..November = 8 months
PLAN = BusinessPlan(assistance_started=date(2026, 4, 20), sales_target=M(20000), profit_target=M(12000))
ASSETS = register([
    Asset("a-m1", "Тигүү машинасы Janome", M(18000), date(2026, 4, 20), AssetSource.GRANT),
    Asset("a-m2", "Оверлок", M(15000), date(2026, 4, 20), AssetSource.GRANT,
          changes=(AssetStatusChange(date(2026, 10, 14), AssetStatus.BROKEN, "мотору күйүп кетти"),)),
    Asset("a-iron", "Үтүк", M(2500), date(2026, 4, 20), AssetSource.GRANT),
    Asset("a-table", "Бычуу үчүн стол", M(4000), date(2026, 5, 2), AssetSource.OWN),
], date(2026, 11, 30))
JOBS = tally([
    Worker("Гүлзат", WorkerKind.FAMILY, paid=False, woman=True, young=False),
    Worker("Айпери", WorkerKind.FAMILY, paid=True, woman=True, young=True),
    Worker("Нурай", WorkerKind.FAMILY, paid=False, woman=True, young=True),
    Worker("Бакыт", WorkerKind.HIRED, paid=True, woman=False, young=True),
])
