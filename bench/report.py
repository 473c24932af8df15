"""Turn measurements into the comparison table and the JSON results file.

Entry points:
    Measurement         one workload on one server: rows, every repeat's seconds
    format_table(rows)  the text table run.py prints
    write_json(path, …) the machine-readable results

PostgreSQL: src/bin/pgbench/pgbench.c (printResults), as the idea of a results summary
"""
from __future__ import annotations

import json
import platform
import os
from dataclasses import asdict, dataclass, field


@dataclass
class Measurement:
    workload: str
    server: str
    rows: int
    seconds: list[float] = field(default_factory=list)    # one per repeat
    error: str | None = None
    traceback: str | None = None

    @property
    def best(self) -> float | None:
        """The fastest repeat: the least disturbed by the rest of the machine."""
        return min(self.seconds) if self.seconds else None

    @property
    def rows_per_second(self) -> float | None:
        return self.rows / self.best if self.best else None


def ratio(snake: Measurement | None, oracle: Measurement | None) -> float | None:
    """pgsnake time / PostgreSQL time: 1.0 is parity, 10 means pgsnake is 10x slower."""
    if snake is None or oracle is None or not snake.best or not oracle.best:
        return None
    return snake.best / oracle.best


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def _rate(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}"


def _time_cell(m: Measurement | None) -> str:
    if m is None:
        return "-"
    if m.error:
        return "ERROR"
    return _seconds(m.best)


def format_table(pairs: list[tuple[str, Measurement | None, Measurement | None]]) -> str:
    header = ("workload", "rows", "pgsnake", "PostgreSQL", "ratio", "pgsnake rows/s",
              "PostgreSQL rows/s")
    lines = [header]
    for name, snake, oracle in pairs:
        r = ratio(snake, oracle)
        rows = (snake or oracle).rows if (snake or oracle) else 0
        lines.append((
            name, f"{rows:,}",
            _time_cell(snake), _time_cell(oracle),
            f"{r:.1f}x" if r is not None else "-",
            _rate(snake.rows_per_second) if snake else "-",
            _rate(oracle.rows_per_second) if oracle else "-"))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for n, line in enumerate(lines):
        cells = [line[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(line[1:], widths[1:])]
        out.append("  ".join(cells))
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def write_json(path: str, *, mode: str, repeats: int, settings: dict, pairs, started: str,
               elapsed: float) -> None:
    results = []
    for name, snake, oracle in pairs:
        results.append({
            "workload": name,
            "pgsnake": _measurement_json(snake),
            "postgresql": _measurement_json(oracle),
            "ratio": ratio(snake, oracle),
        })
    document = {
        "started": started, "elapsed_seconds": elapsed, "mode": mode, "repeats": repeats,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version(),
                    "load_average_at_end": os.getloadavg()[0]},
        "settings": settings, "results": results,
    }
    with open(path, "w") as f:
        json.dump(document, f, indent=2)
        f.write("\n")


def _measurement_json(m: Measurement | None):
    if m is None:
        return None
    data = asdict(m)
    data["best_seconds"] = m.best
    data["rows_per_second"] = m.rows_per_second
    return data
