"""The shape every evidence figure takes: a two-way table of counts with its totals, as counted (``Counts``) and as
shown on a page or in the API (``Shown``), where a pooled count may be withheld (``None``) and the rest rounded."""

from collections.abc import Sequence
from dataclasses import dataclass

from evidence.disclosure import Protected, protect_tables

Item = tuple[str, str]  # (key, label)


@dataclass(frozen=True)
class Counts:
    """A table of whole counts: one row per ``rows`` item, one column per ``columns`` item."""

    key: str
    title: str
    row_heading: str
    rows: tuple[Item, ...]
    columns: tuple[Item, ...]
    counts: tuple[tuple[int, ...], ...]

    @classmethod
    def tally(cls, key: str, title: str, row_heading: str, rows: Sequence[Item], columns: Sequence[Item],
              pairs: dict[tuple[str, str], int]) -> "Counts":
        """Counts from ``{(row key, column key): count}``; pairs outside the rows and columns are an error."""
        row_keys, column_keys = [k for k, _ in rows], [k for k, _ in columns]
        if unknown := [pair for pair in pairs if pair[0] not in row_keys or pair[1] not in column_keys]:
            raise ValueError(f"Counts outside the table {key}: {unknown[:3]}")
        counts = tuple(tuple(pairs.get((r, c), 0) for c in column_keys) for r in row_keys)
        return cls(key, title, row_heading, tuple(rows), tuple(columns), counts)

    def shown(self) -> "Shown":
        """As counted: every count exact (for the authority's own figures)."""
        width = len(self.columns)
        rows = tuple(ShownRow(key, label, tuple(values), sum(values))
                     for (key, label), values in zip(self.rows, self.counts, strict=True))
        totals = ShownRow("total", "Total", tuple(sum(row[j] for row in self.counts) for j in range(width)),
                          sum(map(sum, self.counts)))
        return Shown(self.key, self.title, self.row_heading, self.columns, rows, totals, protected=False)

    def protected_as(self, protected: Protected) -> "Shown":
        rows = tuple(ShownRow(key, label, values, total) for (key, label), values, total
                     in zip(self.rows, protected.cells, protected.row_totals, strict=True))
        totals = ShownRow("total", "Total", protected.column_totals, protected.total)
        return Shown(self.key, self.title, self.row_heading, self.columns, rows, totals, protected=True)


@dataclass(frozen=True)
class ShownRow:
    key: str
    label: str
    values: tuple[int | None, ...]
    total: int | None


@dataclass(frozen=True)
class Shown:
    key: str
    title: str
    row_heading: str
    columns: tuple[Item, ...]
    rows: tuple[ShownRow, ...]
    totals: ShownRow
    protected: bool

    @property
    def withheld(self) -> int:
        every = [*(v for row in self.rows for v in (*row.values, row.total)), *self.totals.values, self.totals.total]
        return sum(1 for value in every if value is None)

    def as_data(self) -> dict:
        """The table for the API: the same numbers as the page (``null`` where withheld)."""
        def row(item: ShownRow) -> dict:
            return {"key": item.key, "label": item.label, "counts": list(item.values), "total": item.total}

        return {"key": self.key, "title": self.title, "row_heading": self.row_heading,
                "columns": [{"key": key, "label": label} for key, label in self.columns],
                "rows": [row(item) for item in self.rows], "totals": row(self.totals)}


def protect_linked(tables: Sequence[Counts]) -> list[Shown]:
    """Tables that break down the same counts, protected together (evidence/disclosure.py)."""
    protected = protect_tables([table.counts for table in tables])
    return [table.protected_as(result) for table, result in zip(tables, protected, strict=True)]
