"""Long tables that stay fast and repeat their header row on every page.

reportlab gets slower per row as one table grows (stack.md, gotcha 8). ``PagedTable`` never builds a table much
larger than one page: on each page it lays out the header plus just enough rows to overfill the space left, lets
reportlab split that small table, draws the part that fits and hands the remaining rows on to the next page.
Each row carries its own style commands, written for row 0 and moved to wherever the row lands.

``tail`` is what must follow the table on the same page (the signature block): when the last rows would fit but
the tail would not, the last ``keep_rows`` rows move to the next page with it, so signatures never stand alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.platypus import Flowable, PageBreak, Table, TableStyle


@dataclass(frozen=True, slots=True)
class Row:
    """One table row: its cells and the style commands that apply to it, written for row 0
    (e.g. ``("FONTNAME", (0, 0), (-1, 0), "DejaVuSansCondensed-Bold")``)."""

    cells: tuple
    style: tuple[tuple, ...] = field(default=())


def _moved(command: tuple, row: int) -> tuple:
    name, (c0, r0), (c1, r1), *rest = command
    return (name, (c0, r0 + row), (c1, r1 + row), *rest)


class PagedTable(Flowable):
    """A table of any length: ``header`` rows repeated on every page, ``rows`` split page by page."""

    def __init__(self, header: Sequence[Row], rows: Sequence[Row], col_widths: Sequence[float],
                 style: Sequence[tuple], min_row_height: float, tail: Sequence[Flowable] = (), keep_rows: int = 3):
        super().__init__()
        self.header = tuple(header)
        self.rows = tuple(rows)
        self.col_widths = tuple(col_widths)
        self.style = tuple(style)
        self.min_row_height = min_row_height
        self.tail = tuple(tail)
        self.keep_rows = keep_rows
        self._table: Table | None = None
        self._window = 0

    def _build(self, count: int) -> Table:
        chosen = (*self.header, *self.rows[:count])
        commands = list(self.style)
        for index, row in enumerate(chosen):
            commands += [_moved(c, index) for c in row.style]
        table = Table([list(r.cells) for r in chosen], colWidths=list(self.col_widths),
                      repeatRows=len(self.header), hAlign="LEFT")
        table.setStyle(TableStyle(commands))
        return table

    def _fit(self, avail_height: float) -> int:
        """Rows to lay out: enough to overfill the space (every row is at least ``min_row_height`` tall)."""
        count = min(len(self.rows), int(avail_height / self.min_row_height) + 1)
        if self._table is None or count != self._window:
            self._table, self._window = self._build(count), count
        return count

    def _tail_height(self, avail_width: float, avail_height: float) -> float:
        return sum(f.wrap(avail_width, avail_height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in self.tail)

    def _holds_back(self, avail_width: float, avail_height: float, height: float) -> bool:
        """All rows fit here, but the tail would not: keep the last rows for the next page."""
        return (bool(self.tail) and len(self.rows) > self.keep_rows
                and height + self._tail_height(avail_width, avail_height) > avail_height)

    def _rest(self, rows: Sequence[Row]) -> PagedTable:
        return PagedTable(self.header, rows, self.col_widths, self.style, self.min_row_height, self.tail,
                          self.keep_rows)

    def wrap(self, avail_width, avail_height):
        count = self._fit(avail_height)
        width, height = self._table.wrap(avail_width, avail_height)
        if count < len(self.rows) or self._holds_back(avail_width, avail_height, height):
            height = max(height, avail_height + 1)   # make the frame ask for a split
        self.width, self.height = width, height
        return width, height

    def split(self, avail_width, avail_height):
        count = self._fit(avail_height)
        table = self._table
        _, height = table.wrap(avail_width, avail_height)
        if height <= avail_height and count == len(self.rows) and self._holds_back(avail_width, avail_height,
                                                                                    height):
            used = count - self.keep_rows    # the last rows go to a new page, with the tail
            return [self._build(used), PageBreak(), self._rest(self.rows[used:])]
        if height <= avail_height:
            first, used = table, count
        else:
            parts = table.split(avail_width, avail_height)
            if not parts:
                return []
            first = parts[0]
            used = first._nrows - len(self.header)
            if self.tail and len(self.rows) - self.keep_rows < used < len(self.rows):
                used = len(self.rows) - self.keep_rows     # not just the totals with the tail on the last page
                first = self._build(used)
            if used <= 0:
                return []
        rest = self.rows[used:]
        if not rest:
            return [first]
        return [first, self._rest(rest)]

    def draw(self):
        self._table.drawOn(self.canv, 0, 0)
