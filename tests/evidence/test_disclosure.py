"""Statistical disclosure control (evidence/disclosure.py), checked against what it promises with plain Python that
does not use its internals: no published count from 1 to 4; published counts rounded to the nearest 5; every row
and column with a withheld count has at least two, counting its total; and, by brute force over small tables, no
withheld count is the only value that fits the published counts."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.disclosure import protect_table, protect_tables, round_to_base, suppression_patterns

COUNTS = st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 40))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def tables_of(max_rows=5, max_columns=5):
    return st.integers(1, max_columns).flatmap(
        lambda width: st.lists(st.lists(COUNTS, min_size=width, max_size=width), min_size=1, max_size=max_rows))


def entries(table):
    """Every count of one table by name: ("cell", i, j), ("row", i), ("column", j) and ("total",)."""
    width = len(table[0])
    found = {("cell", i, j): value for i, row in enumerate(table) for j, value in enumerate(row)}
    found.update({("row", i): sum(row) for i, row in enumerate(table)})
    found.update({("column", j): sum(row[j] for row in table) for j in range(width)})
    found[("total",)] = sum(map(sum, table))
    return found


def published(protected):
    found = {("cell", i, j): value for i, row in enumerate(protected.cells) for j, value in enumerate(row)}
    found.update({("row", i): value for i, value in enumerate(protected.row_totals)})
    found.update({("column", j): value for j, value in enumerate(protected.column_totals)})
    found[("total",)] = protected.total
    return found


def lines(table):
    """Each equation as the names of its counts: a row with its total, a column with its total, the row totals with
    the overall total, the column totals with the overall total."""
    width = len(table[0])
    yield from ([("cell", i, j) for j in range(width)] + [("row", i)] for i in range(len(table)))
    yield from ([("cell", i, j) for i in range(len(table))] + [("column", j)] for j in range(width))
    yield [("row", i) for i in range(len(table))] + [("total",)]
    yield [("column", j) for j in range(width)] + [("total",)]


def alternatives_change(tables, withheld_per_table):
    """Brute force: change every withheld cell by -1, 0 or +1 in every way; keep the tables whose counts stay 0 or
    more and whose published counts (before rounding) all stay the same. Returns which withheld counts some such
    table changes: those are not pinned down by what was published."""
    positions = [(k, i, j) for k, withheld in enumerate(withheld_per_table) for (kind, *at) in withheld
                 if kind == "cell" for i, j in [at]]
    originals = [entries(table) for table in tables]
    changed = set()
    for steps in itertools.product((-1, 0, 1), repeat=len(positions)):
        if not any(steps):
            continue
        trial = [[list(row) for row in table] for table in tables]
        for (k, i, j), step in zip(positions, steps, strict=True):
            trial[k][i][j] += step
        if any(value < 0 for table in trial for row in table for value in row):
            continue
        counts = [entries(table) for table in trial]
        same = all(counts[k][name] == originals[k][name] for k, withheld in enumerate(withheld_per_table)
                   for name in originals[k] if name not in withheld)
        if same:
            changed |= {(k, name) for k, withheld in enumerate(withheld_per_table) for name in withheld
                        if counts[k][name] != originals[k][name]}
    return changed


def withheld_names(protected):
    return {name for name, value in published(protected).items() if value is None}


def test_rounding_goes_to_the_nearest_five():
    assert [round_to_base(n) for n in (0, 5, 7, 8, 12, 13, 102, 103)] == [0, 5, 5, 10, 10, 15, 100, 105]
    with pytest.raises(ValueError):
        round_to_base(-1)


def test_a_small_table_is_protected_as_worked_out_by_hand():
    # Cells 1 and 3 and the column total 4 are under 5. Each row then needs a second withheld count (5 and 9);
    # the column totals 4 and 14 give the overall total, so 14 goes too; the overall total 18 would then give the
    # row total 6 (18 - 12), which would give 1 in the first row.
    protected = protect_table([[1, 5], [3, 9]])
    assert protected.cells == ((None, None), (None, None))
    assert protected.column_totals == (None, None)
    assert withheld_names(protected) >= {("cell", 0, 0), ("cell", 1, 0), ("column", 0)}


def test_large_counts_are_only_rounded():
    protected = protect_table([[12, 20], [31, 48]])
    assert protected.cells == ((10, 20), (30, 50))
    assert protected.row_totals == (30, 80)
    assert protected.column_totals == (45, 70)
    assert protected.total == 110


def test_zeros_are_published_and_never_withheld_to_protect_others():
    protected = protect_table([[0, 3, 8], [0, 2, 9], [0, 0, 30]])
    assert [row[0] for row in protected.cells] == [0, 0, 0]
    assert protected.column_totals[0] == 0


def test_linked_tables_must_break_down_the_same_counts():
    with pytest.raises(ValueError):
        protect_tables([[[1, 2]], [[2, 2]]])
    with pytest.raises(ValueError):
        protect_table([[1, 2], [3]])
    with pytest.raises(ValueError):
        protect_table([[-1]])


@SETTINGS
@given(tables_of())
def test_no_published_count_is_from_1_to_4_and_the_rest_are_rounded(table):
    truth, shown = entries(table), published(protect_table(table))
    for name, value in shown.items():
        if value is not None:
            assert value % 5 == 0 and abs(value - truth[name]) <= 2, name
            assert not 1 <= value <= 4
        else:
            assert truth[name] >= 1, "a withheld count is never a zero"
        if 1 <= truth[name] <= 4:
            assert value is None, name


@SETTINGS
@given(tables_of())
def test_every_row_and_column_with_a_withheld_count_has_at_least_two(table):
    withheld = withheld_names(protect_table(table))
    for line in lines(table):
        assert len(withheld.intersection(line)) != 1, line


@SETTINGS
@given(tables_of(max_rows=3, max_columns=3))
def test_no_withheld_count_is_pinned_down_by_the_published_counts(table):
    withheld = withheld_names(protect_table(table))
    if sum(1 for name in withheld if name[0] == "cell") > 9:
        return
    assert {name for _, name in alternatives_change([table], [withheld])} == withheld


def test_every_two_by_two_table_up_to_7_by_brute_force():
    for a, b, c, d in itertools.product(range(8), repeat=4):
        table = [[a, b], [c, d]]
        withheld = withheld_names(protect_table(table))
        assert {name for _, name in alternatives_change([table], [withheld])} == withheld, table


@st.composite
def linked_pairs(draw):
    """Two breakdowns of the same counts: a table, and its column totals split another way over 1 to 3 rows."""
    table = draw(tables_of(max_rows=3, max_columns=3))
    width, rows = len(table[0]), draw(st.integers(1, 3))
    other = [[0] * width for _ in range(rows)]
    for j in range(width):
        for _ in range(sum(row[j] for row in table)):
            other[draw(st.integers(0, rows - 1))][j] += 1
    return [table, other]


@SETTINGS
@given(linked_pairs())
def test_linked_tables_together_pin_down_no_withheld_count(tables):
    protected = protect_tables(tables)
    withheld = [withheld_names(table) for table in protected]
    for table, names in zip(tables, withheld, strict=True):
        for line in lines(table):
            assert len(names.intersection(line)) != 1
    # The shared totals are withheld in both tables or in neither.
    shared = [{name for name in names if name[0] in ("column", "total")} for names in withheld]
    assert shared[0] == shared[1]
    if sum(1 for names in withheld for name in names if name[0] == "cell") > 8:
        return
    changed = alternatives_change(tables, withheld)
    assert changed == {(k, name) for k, names in enumerate(withheld) for name in names}


def test_the_same_counts_always_give_the_same_figures():
    table = [[3, 0, 7, 12], [1, 6, 6, 2], [9, 14, 0, 4]]
    assert protect_table(table) == protect_table([list(row) for row in table])
    assert suppression_patterns([table]) == suppression_patterns([table])
