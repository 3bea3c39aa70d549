"""Issue 15: what the caseworker reads first — debts described (overdue since, instalments
left, due next month), money owed for over 90 days, months since assistance started."""

from datetime import date

from smallshop.domain.assets import register
from smallshop.domain.attention import what_needs_attention
from smallshop.domain.books import owed_longer_than, position
from smallshop.domain.debts import debt_month, with_schedule
from smallshop.domain.models import (
    Asset,
    AssetSource,
    AssetStatus,
    AssetStatusChange,
    BusinessPlan,
    Debt,
    DebtPurpose,
    Frequency,
    Income,
    IncomeCategory,
    LineItem,
    Order,
    OrderStatus,
    Repayment,
)
from smallshop.domain.money import Money
from smallshop.domain.period import Month
from smallshop.domain.summary import compute_month_summary

M = Money.som


def _debt():
    # 5 x 2 100 (10 000 + 500 interest), due on the 15th from February
    return with_schedule(Debt(id="d1", lender="Апам", principal=M(10000), interest=M(500),
                              start_date=date(2026, 1, 15), first_due_date=date(2026, 2, 15),
                              frequency=Frequency.MONTHLY, instalment_count=5, purpose=DebtPurpose.HOUSEHOLD))


def test_debt_month_says_since_when_how_many_left_and_what_falls_due_next_month():
    debt = _debt()
    paid_once = [Repayment("r1", "d1", date(2026, 2, 14), M(2100))]
    march = debt_month(debt, paid_once, Month(2026, 3))
    assert march.overdue == M(2100) and march.overdue_since == date(2026, 3, 15)
    assert march.instalments_left == 4 and march.interest == M(500)
    assert march.due_next_month == M(2100)  # April's instalment
    april = debt_month(debt, paid_once + [Repayment("r2", "d1", date(2026, 4, 1), M(1000))], Month(2026, 4))
    # 1 000 paid on March's: 1 100 of it and all of April's are overdue, since 15 March
    assert april.overdue == M(3200) and april.overdue_since == date(2026, 3, 15)
    assert april.instalments_left == 4
    may = debt_month(debt, paid_once, Month(2026, 5), today=date(2026, 5, 10))  # in progress
    assert may.overdue_since == date(2026, 3, 15) and may.due_next_month == M(2100)  # June's
    assert debt_month(debt, [Repayment("r", "d1", date(2026, 2, 1), M(10500))], Month(2026, 2)).overdue_since is None


def _order(oid, delivered, total):
    return Order(id=oid, customer_id="c1", order_date=delivered, items=(LineItem("x", 1, M(total)),),
                 status=OrderStatus.DELIVERED, delivered_on=delivered)


def test_money_owed_over_90_days_counts_only_old_deliveries():
    orders = [_order("o1", date(2026, 6, 1), 1000), _order("o2", date(2026, 11, 1), 500)]
    paid = [Income("i1", date(2026, 6, 2), M(400), IncomeCategory.ORDER_PAYMENT, order_id="o1")]
    where = position(orders, paid, [], date(2026, 11, 30), {"c1": "Айгүл"})
    (line,) = where.receivable_lines
    assert line.amount == M(1100) and line.dues == ((date(2026, 6, 1), M(600)), (date(2026, 11, 1), M(500)))
    old = owed_longer_than(where.receivable_lines, date(2026, 11, 30))
    assert (old.customers, old.amount, old.ages) == (1, M(600), (182,))
    assert owed_longer_than(where.receivable_lines, date(2026, 7, 1)).customers == 0


def test_the_box_in_reading_order_with_alerts_marked():
    debt = _debt()
    summary = compute_month_summary(Month(2026, 3), customers=[], orders=[], incomes=[], expenses=[], draws=[],
                                    debts=[debt], repayments=[])
    plan = BusinessPlan(assistance_started=date(2025, 10, 20), sales_target=M(20000))
    machines = [Asset("a1", "Тигүү машинасы", M(18000), date(2025, 10, 20), AssetSource.GRANT),
                Asset("a2", "Үтүк", M(3000), date(2025, 10, 20), AssetSource.GRANT,
                      changes=(AssetStatusChange(date(2026, 2, 1), AssetStatus.BROKEN),)),
                Asset("a3", "Стол", M(2000), date(2025, 11, 1), AssetSource.OWN,
                      changes=(AssetStatusChange(date(2026, 1, 1), AssetStatus.SOLD),))]
    items = what_needs_attention(summary, plan=plan, assets=register(machines, date(2026, 3, 31)),
                                 changed_months=(Month(2026, 1),))
    assert [i.key for i in items] == ["debt_overdue", "long_owed", "month", "cash", "due_next_month",
                                      "assistance", "sales_target", "assets", "changes"]
    assert [i.key for i in items if i.alert] == ["debt_overdue", "sales_target", "assets", "changes"]
    assert items[0].params["since"] == date(2026, 2, 15) and items[0].params["amount"] == M(4200)
    assert items[5].params["months"] == 5  # October to March, as domain.plan counts them
    assert items[7].params == {"items": "Үтүк", "count": 1, "of": 2}  # grant equipment only
    assert [i.key for i in what_needs_attention(summary)][-1] == "assistance"  # no plan, no assets
    # 12 months of trend when asked, with income from sales
    assert len(compute_month_summary(Month(2026, 3), customers=[], orders=[], incomes=[], expenses=[], draws=[],
                                     debts=[], repayments=[], trend_months=12).trend) == 12


def test_a_month_in_progress_is_not_flagged_for_its_monthly_target():
    summary = compute_month_summary(Month(2026, 3), customers=[], orders=[], incomes=[], expenses=[], draws=[],
                                    debts=[], repayments=[], today=date(2026, 3, 2))
    items = what_needs_attention(summary, plan=BusinessPlan(sales_target=M(20000)))
    (line,) = [i for i in items if i.key == "sales_target"]
    assert line.message == "attention.sales_below_target" and not line.alert
