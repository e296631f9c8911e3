"""Statistical disclosure control for the pooled evidence base. Pure functions: counts in, publishable figures out.

What is published
-----------------
Each pooled figure is a two-way table of counts (for example intervention type by outcome) with its row totals,
column totals and overall total. Several tables may break down the *same* counts in different ways (by
intervention type, by concern type, by age band): they then share their column totals and overall total, and are
protected together ("linked tables"), because someone could combine them.

The rules
---------
1. Primary suppression: every count from 1 to 4 is withheld, cells and totals alike. A zero is published: it
   says nothing about any one person.
2. Secondary suppression: no withheld count may be worked out from the published ones. Every table gives the
   equations "the cells of a row add up to the row total", "the cells of a column add up to the column total" and
   "the row totals (and the column totals) add up to the overall total". We assume, to be safe, that someone trying
   to work back knows every published count exactly, before rounding. While some withheld count is still the only
   solution of those equations (the earliest such count first), we withhold one more: from the published, non-zero
   counts that share an equation with it, ordered cells before totals, then smallest first, then earliest
   position, the first that on its own stops it being worked out (or, if none does alone, the first of them). A
   zero is never withheld to protect another count, so every withheld count is at least 1.
3. Rounding: every count still published is rounded to the nearest 5 (12 becomes 10, 13 becomes 15), totals
   rounded on their own, so rows need not add up exactly.

Why it holds
------------
A withheld count is "worked out" when the equations above have only one solution for it. That is the linear
algebra test ``_exposed`` applies (its column, in the equations reduced to the withheld counts, is independent of
the others). For one two-way table the equations are those of a network: a withheld count can be worked out
exactly when it is not on a closed loop of withheld counts (row, column, row, ...) through the totals, and a loop
lets every count on it move up and down by 1 with all the totals unchanged. As every withheld count is at least 1,
moving by 1 keeps them all at 0 or more, so at least two tables of whole, non-negative counts fit what was
published. In particular every row and column with a withheld count has at least two of them, counting its total.
The steps end: each adds a withheld count, and once every non-zero count is withheld nothing can be worked out.
Linked tables are tested with all their equations together; that their withheld counts can each still move by 1
is checked by brute force in the tests (small tables), not proved here.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

THRESHOLD = 5  # counts from 1 to THRESHOLD - 1 are withheld
BASE = 5  # published counts are rounded to the nearest multiple of BASE


def round_to_base(count: int, base: int = BASE) -> int:
    """The nearest multiple of ``base`` (halves cannot happen with whole counts and an odd base)."""
    if count < 0:
        raise ValueError("Counts cannot be negative")
    return base * ((count + base // 2) // base)


def is_primary(count: int) -> bool:
    return 0 < count < THRESHOLD


@dataclass(frozen=True)
class Protected:
    """One table as published: ``None`` where a count is withheld, otherwise the count rounded to the nearest 5."""

    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    column_totals: tuple[int | None, ...]
    total: int | None


@dataclass(frozen=True)
class Pattern:
    """Which counts of one table are withheld (before rounding), by position."""

    cells: frozenset[tuple[int, int]]
    row_totals: frozenset[int]
    column_totals: frozenset[int]
    total: bool


@dataclass
class _Layout:
    """Every count of the linked tables numbered once (shared column totals and overall total first), with the
    equations between them as (total, parts)."""

    values: list[int]
    is_total: list[bool]
    equations: list[tuple[int, tuple[int, ...]]]
    cell_index: list[list[list[int]]]  # per table, per row, per column
    row_index: list[list[int]]  # per table, per row
    column_index: list[int]
    total_index: int


def _check(tables: Sequence[Sequence[Sequence[int]]]) -> int:
    if not tables:
        raise ValueError("Give at least one table")
    widths = {len(row) for table in tables for row in table}
    if len(widths) != 1 or 0 in widths or any(not table for table in tables):
        raise ValueError("Every row of every table needs the same number of columns, at least one")
    if any(count < 0 or int(count) != count for table in tables for row in table for count in row):
        raise ValueError("Counts are whole numbers, 0 or more")
    width = widths.pop()
    columns = {tuple(sum(row[j] for row in table) for j in range(width)) for table in tables}
    if len(columns) != 1:
        raise ValueError("Linked tables break down the same counts, so their column totals must agree")
    return width


def _layout(tables: Sequence[Sequence[Sequence[int]]]) -> _Layout:
    width = _check(tables)
    first = tables[0]
    values = [sum(row[j] for row in first) for j in range(width)] + [sum(map(sum, first))]
    is_total = [True] * (width + 1)
    column_index, total_index = list(range(width)), width
    cell_index, row_index, equations = [], [], []
    equations.append((total_index, tuple(column_index)))
    for table in tables:
        cells = []
        for row in table:
            cells.append(list(range(len(values), len(values) + width)))
            values.extend(row)
            is_total.extend([False] * width)
        rows = list(range(len(values), len(values) + len(table)))
        values.extend(sum(row) for row in table)
        is_total.extend([True] * len(table))
        for i, row_total in enumerate(rows):
            equations.append((row_total, tuple(cells[i])))
        for j in range(width):
            equations.append((column_index[j], tuple(cells[i][j] for i in range(len(table)))))
        equations.append((total_index, tuple(rows)))
        cell_index.append(cells)
        row_index.append(rows)
    return _Layout(values, is_total, equations, cell_index, row_index, column_index, total_index)


def _exposed(layout: _Layout, hidden: set[int]) -> list[int]:
    """The withheld counts that the equations pin down, given every other count exactly (lowest position first).

    The equations are reduced (Gauss-Jordan, exact fractions) to the withheld counts only. A withheld count is
    pinned down when its column holds a pivot whose row has nothing in the columns left free.
    """
    order = sorted(hidden)
    position = {index: k for k, index in enumerate(order)}
    matrix = []
    for total, parts in layout.equations:
        row = {}
        for index, sign in ((total, -1), *((part, 1) for part in parts)):
            if index in position:
                row[position[index]] = row.get(position[index], 0) + sign
        row = {k: Fraction(v) for k, v in row.items() if v}
        if row:
            matrix.append(row)
    pivots: dict[int, dict[int, Fraction]] = {}  # column -> its reduced row
    for row in matrix:
        for column, pivot_row in pivots.items():
            factor = row.get(column)
            if factor:
                for k, v in pivot_row.items():
                    updated = row.get(k, 0) - factor * v
                    if updated:
                        row[k] = updated
                    else:
                        row.pop(k, None)
        if not row:
            continue
        column = min(row)
        lead = row[column]
        row = {k: v / lead for k, v in row.items()}
        for other in pivots.values():
            factor = other.get(column)
            if factor:
                for k, v in row.items():
                    updated = other.get(k, 0) - factor * v
                    if updated:
                        other[k] = updated
                    else:
                        other.pop(k, None)
        pivots[column] = row
    return [order[column] for column, row in sorted(pivots.items()) if set(row) == {column}]


def _complement(layout: _Layout, hidden: set[int], target: int) -> int:
    """The count to withhold next so that ``target`` can no longer be worked out.

    Candidates are the published, non-zero counts in ``target``'s own equations, cells before totals, smallest
    first, earliest position on a tie. The first candidate that alone protects ``target`` is chosen; when none does,
    the first candidate (and the next round adds more). With no candidate there, the search widens to every
    equation touching a withheld count, then to all.
    """
    def key(index: int) -> tuple:
        return layout.is_total[index], layout.values[index], index

    def candidates(equations) -> list[int]:
        seen = {index for total, parts in equations for index in (total, *parts)}
        return sorted((index for index in seen if index not in hidden and layout.values[index] > 0), key=key)

    own = [eq for eq in layout.equations if target == eq[0] or target in eq[1]]
    touching = [eq for eq in layout.equations if hidden & {eq[0], *eq[1]}]
    for equations in (own, touching, layout.equations):
        if choice := candidates(equations):
            for index in choice:
                if target not in _exposed(layout, hidden | {index}):
                    return index
            return choice[0]
    raise RuntimeError("Every non-zero count is withheld, so none can be worked out")  # pragma: no cover


def _suppress(layout: _Layout) -> set[int]:
    hidden = {index for index, value in enumerate(layout.values) if is_primary(value)}
    while exposed := _exposed(layout, hidden):
        hidden.add(_complement(layout, hidden, exposed[0]))
    return hidden


def suppression_patterns(tables: Sequence[Sequence[Sequence[int]]]) -> list[Pattern]:
    """Which counts of each linked table are withheld (rules 1 and 2), before rounding."""
    layout = _layout(tables)
    hidden = _suppress(layout)
    patterns = []
    for cells, rows in zip(layout.cell_index, layout.row_index, strict=True):
        patterns.append(Pattern(
            cells=frozenset((i, j) for i, row in enumerate(cells) for j, index in enumerate(row) if index in hidden),
            row_totals=frozenset(i for i, index in enumerate(rows) if index in hidden),
            column_totals=frozenset(j for j, index in enumerate(layout.column_index) if index in hidden),
            total=layout.total_index in hidden))
    return patterns


def protect_tables(tables: Sequence[Sequence[Sequence[int]]]) -> list[Protected]:
    """The linked tables as published: withheld counts are ``None``, the rest rounded to the nearest 5."""
    layout = _layout(tables)
    hidden = _suppress(layout)

    def shown(index: int) -> int | None:
        return None if index in hidden else round_to_base(layout.values[index])

    return [
        Protected(cells=tuple(tuple(shown(index) for index in row) for row in cells),
                  row_totals=tuple(shown(index) for index in rows),
                  column_totals=tuple(shown(index) for index in layout.column_index),
                  total=shown(layout.total_index))
        for cells, rows in zip(layout.cell_index, layout.row_index, strict=True)
    ]


def protect_table(cells: Sequence[Sequence[int]]) -> Protected:
    """One table on its own, as published."""
    return protect_tables([cells])[0]
