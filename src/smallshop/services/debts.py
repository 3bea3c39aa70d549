"""Debts the owner has (relatives, a microfinance lender...) and their repayments,
plus what customers owe the business.

The schedule is made once by domain.debts.build_schedule and stored as rows; it is
only remade while no repayment exists, so a paid instalment never moves. Balances,
next instalment and overdue come from domain.debts.debt_status.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from ..domain import debts as debt_rules
from ..domain import ledger as ledger_rules
from ..domain.access import Action
from ..domain.models import Debt, Repayment
from ..domain.problems import DomainError
from .context import Context, refuse
from .forms import decimal_mark_of, read_debt_form, read_repayment_form


class DebtService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    # --- reading -------------------------------------------------------------
    def all(self) -> list[Debt]:
        """Every debt, newest first."""
        return sorted(self._ctx.store.debts.all(), key=lambda d: (d.start_date, d.id), reverse=True)

    def get(self, debt_id: str) -> Debt:
        return self._ctx.require(self._ctx.store.debts, debt_id)

    def repayments_of(self, debt_id: str) -> list[Repayment]:
        """Repayments of one debt, oldest first."""
        return sorted(self._ctx.store.repayments.where("debt_id", debt_id), key=lambda r: (r.date, r.id))

    def status(self, debt_id: str, today: date) -> Any:
        """Paid, remaining, next instalment and overdue of one debt (domain DebtStatus)."""
        return debt_rules.debt_status(self.get(debt_id), self.repayments_of(debt_id), today)

    def statuses(self, today: date) -> list[Any]:
        """The status of every debt, newest debt first."""
        return [debt_rules.debt_status(debt, self.repayments_of(debt.id), today) for debt in self.all()]

    def receivables(self, as_of: date) -> Any:
        """What customers owe the business on `as_of`, largest first."""
        store = self._ctx.store
        return ledger_rules.receivables(store.orders.all(), store.incomes.all(), store.customers.all(), as_of,
                                        store.refunds.all())

    # --- writing -------------------------------------------------------------
    def _debt(self, fields: dict[str, Any], debt_id: str, audit: Any) -> Debt:
        schedule = debt_rules.build_schedule(
            fields["principal"],
            fields["interest"],
            fields["first_due_date"],
            fields["frequency"],
            fields["instalment_count"],
        )
        return Debt(id=debt_id, schedule=tuple(schedule), audit=audit, **fields)

    def create(self, form: Mapping[str, Any], actor: str | None, *, lang: str | None = None) -> Debt:
        """A new debt with its instalment schedule built from its terms (owner only)."""
        self._ctx.allow(actor, Action.DEBT_CREATE)
        fields = read_debt_form(form, default_date=self._ctx.today(), decimal_mark=decimal_mark_of(lang))
        debt = self._debt(fields, self._ctx.new_id(), self._ctx.created(actor))
        with self._ctx.write(actor) as w:
            return w.put(debt)

    def update(
        self, debt_id: str, form: Mapping[str, Any], expected_version: int, actor: str | None,
        *, lang: str | None = None,
    ) -> Debt:
        """Edit a debt (owner only). Its terms (and so its schedule) may change only while
        nothing has been repaid; after that only the lender's name and type, purpose and notes."""
        self._ctx.allow(actor, Action.DEBT_EDIT)
        current = self.get(debt_id)
        self._ctx.check_version(current, expected_version)
        fields = read_debt_form(form, default_date=current.start_date, decimal_mark=decimal_mark_of(lang))
        audit = self._ctx.changed(current.audit, actor)
        with self._ctx.write(actor) as w:  # "repaid yet?" is read under the store lock
            if self.repayments_of(debt_id):
                terms = ("principal", "interest", "start_date", "first_due_date", "frequency", "instalment_count")
                if any(fields[name] != getattr(current, name) for name in terms):
                    raise DomainError(debt_rules.validate_reschedule(current, self.repayments_of(debt_id)))
                changed = replace(
                    current, lender=fields["lender"], lender_type=fields["lender_type"], purpose=fields["purpose"],
                    notes=fields["notes"], audit=audit,
                )
            else:
                changed = self._debt(fields, current.id, audit)
            return w.put(changed, expected_version=expected_version, before=current)

    def record_repayment(
        self, debt_id: str, form: Mapping[str, Any], actor: str | None, *, lang: str | None = None
    ) -> Repayment:
        """A repayment; more than what is still owed is refused with a translated problem.
        Checked inside the transaction, so two members repaying at once cannot overpay."""
        self._ctx.allow(actor, Action.REPAYMENT_CREATE)
        self.get(debt_id)
        fields = read_repayment_form(form, default_date=self._ctx.today(), decimal_mark=decimal_mark_of(lang))
        with self._ctx.write(actor) as w:
            debt = self.get(debt_id)
            problems = debt_rules.validate_repayment(
                debt, self.repayments_of(debt_id), fields["amount"], on=fields["date"]
            )
            if problems:
                raise DomainError(list(problems))
            repayment = Repayment(id=self._ctx.new_id(), debt_id=debt.id, audit=self._ctx.created(actor), **fields)
            return w.put(repayment)

    def delete(self, debt_id: str, actor: str | None, expected_version: int | None = None) -> None:
        """Move a debt to the recycle bin (owner only); refused while it has repayments."""
        self._ctx.allow(actor, Action.DEBT_DELETE)
        current = self.get(debt_id)
        self._ctx.check_version(current, expected_version)
        with self._ctx.write(actor) as w:
            count = len(self.repayments_of(debt_id))
            if count:
                raise refuse("", "sharing.delete.debt_has_repayments", count=count)
            w.trash(current, expected_version=expected_version)

    def delete_repayment(self, repayment_id: str, actor: str | None, expected_version: int | None = None) -> None:
        """Move a repayment to the recycle bin (owner only)."""
        self._ctx.allow(actor, Action.REPAYMENT_DELETE)
        current = self._ctx.require(self._ctx.store.repayments, repayment_id)
        self._ctx.check_version(current, expected_version)
        with self._ctx.write(actor) as w:
            w.trash(current, expected_version=expected_version)
