"""PostgreSQL's qsort (pg_qsort / qsort_arg / qsort_interruptible), step for step, for
the places where the order it leaves equal elements in is visible: it is not a stable
sort, and which of several equally common groups ANALYZE keeps in an MCV list depends
on it.

The algorithm is Bentley and McIlroy's "Engineering a Sort Function": insertion sort
below 7 elements; a pass that returns at once if the input is already in order; the
pivot a median of three (of three medians of three above 40 elements), swapped to the
front; a three-way partition that gathers elements equal to the pivot at both ends and
swaps them into the middle; recursion on the smaller side, iteration on the larger.

Entry point: pg_qsort(items, compare) sorts the list in place; compare(a, b) -> int
(negative, 0, positive).

PostgreSQL: include/lib/sort_template.h (used by src/port/qsort.c, qsort_arg.c and
utils/sort/qsort_interruptible.c).
"""
from __future__ import annotations


def _med3(items, a: int, b: int, c: int, compare) -> int:
    if compare(items[a], items[b]) < 0:
        if compare(items[b], items[c]) < 0:
            return b
        return c if compare(items[a], items[c]) < 0 else a
    if compare(items[b], items[c]) > 0:
        return b
    return a if compare(items[a], items[c]) < 0 else c


def _swap_range(items, a: int, b: int, n: int) -> None:
    for i in range(n):
        items[a + i], items[b + i] = items[b + i], items[a + i]


def pg_qsort(items: list, compare, start: int = 0, n: int | None = None) -> None:
    a = start
    n = len(items) - start if n is None else n
    while True:
        if n < 7:
            for pm in range(a + 1, a + n):
                pl = pm
                while pl > a and compare(items[pl - 1], items[pl]) > 0:
                    items[pl], items[pl - 1] = items[pl - 1], items[pl]
                    pl -= 1
            return
        if all(compare(items[pm - 1], items[pm]) <= 0 for pm in range(a + 1, a + n)):
            return
        pm = a + n // 2
        if n > 7:
            pl, pn = a, a + n - 1
            if n > 40:
                d = n // 8
                pl = _med3(items, pl, pl + d, pl + 2 * d, compare)
                pm = _med3(items, pm - d, pm, pm + d, compare)
                pn = _med3(items, pn - 2 * d, pn - d, pn, compare)
            pm = _med3(items, pl, pm, pn, compare)
        items[a], items[pm] = items[pm], items[a]
        pa = pb = a + 1
        pc = pd = a + n - 1
        while True:
            while pb <= pc:
                r = compare(items[pb], items[a])
                if r > 0:
                    break
                if r == 0:
                    items[pa], items[pb] = items[pb], items[pa]
                    pa += 1
                pb += 1
            while pb <= pc:
                r = compare(items[pc], items[a])
                if r < 0:
                    break
                if r == 0:
                    items[pc], items[pd] = items[pd], items[pc]
                    pd -= 1
                pc -= 1
            if pb > pc:
                break
            items[pb], items[pc] = items[pc], items[pb]
            pb += 1
            pc -= 1
        pn = a + n
        d1 = min(pa - a, pb - pa)
        _swap_range(items, a, pb - d1, d1)
        d1 = min(pd - pc, pn - pd - 1)
        _swap_range(items, pb, pn - d1, d1)
        d1 = pb - pa
        d2 = pd - pc
        if d1 <= d2:
            if d1 > 1:
                pg_qsort(items, compare, a, d1)
            if d2 > 1:
                a, n = pn - d2, d2
                continue
        else:
            if d2 > 1:
                pg_qsort(items, compare, pn - d2, d2)
            if d1 > 1:
                n = d1
                continue
        return
