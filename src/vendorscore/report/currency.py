"""Exchange rates and currency stability, as text, a Rich table and plain data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vendorscore.report.safe import safe_text

if TYPE_CHECKING:
    from rich.console import RenderableType

    from vendorscore.model.results import ExchangeRate
    from vendorscore.robustness.currency import CurrencyStability

__all__ = ["currency_json", "currency_renderable", "rate_text", "rates_json"]


def rate_text(rate: ExchangeRate, base: str) -> str:
    """`1 EUR = 1.08 USD (as of 2026-01-15)`: one exchange rate as a person reads it."""
    when = (
        " (given for this run)"
        if rate.given
        else (f" (as of {rate.as_of})" if rate.as_of else " (no as-of date given)")
    )
    return f"1 {rate.currency} = {rate.rate:g} {base}{when}"


def rates_json(rates: tuple[ExchangeRate, ...]) -> dict[str, Any]:
    """The exchange rates a run used, by currency: rate, date and whether given for the run."""
    return {r.currency: {"rate": r.rate, "as_of": r.as_of, "given": r.given} for r in rates}


def _move(value: float | None, leader: str | None, limit: float) -> str:
    if value is None or leader is None:
        return f"no change within {limit:+.0%}"
    return f"{value:+.1%}: {safe_text(leader)} catches up"


def currency_renderable(items: tuple[CurrencyStability, ...], base: str) -> RenderableType:
    """The currency-stability table: per currency, the fall and the rise that change the winner."""
    from rich.table import Table
    from rich.text import Text

    from vendorscore.robustness.currency import MAX_FALL, MAX_RISE

    table = Table(
        title=f"Currency stability (every {base} figure of the vendors priced in a currency "
        "moves with it)"
    )
    for col in ("currency", "rate", "vendors priced in it",
                "a rival catches the winner at a fall of", "... a rise of"):  # fmt: skip
        table.add_column(col)
    for item in items:
        table.add_row(
            Text(item.rate.currency),
            Text(rate_text(item.rate, base)),
            Text(safe_text(", ".join(item.vendors))),
            Text(_move(item.fall, item.fall_leader, MAX_FALL)),
            Text(_move(item.rise, item.rise_leader, MAX_RISE)),
        )
    return table


def currency_json(items: tuple[CurrencyStability, ...]) -> list[dict[str, Any]]:
    """Currency stability as plain data: moves as fractions (-0.18 is an 18% fall)."""
    return [
        {
            "currency": i.rate.currency,
            "rate": i.rate.rate,
            "as_of": i.rate.as_of,
            "vendors": list(i.vendors),
            "fall": None if i.fall is None else round(i.fall, 6),
            "fall_leader": i.fall_leader,
            "rise": None if i.rise is None else round(i.rise, 6),
            "rise_leader": i.rise_leader,
        }
        for i in items
    ]
