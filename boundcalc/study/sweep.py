"""Running a sweep: for every cell, the empirical minimum width m*, on local processes or Dask.

m*(cell, T) is the smallest width from which every wider width tried has at least a fraction p of
the seeds reach F ≤ ε within T steps under the cell's step rule (WidthSearch: a geometric scan, then
bisection). Runs use the largest T; each smaller T of the cell (step_budgets) is judged from the step
at which each seed reached ε, with its own search over the same stored runs. Every (width, seed) already in the store is reused, never retrained. Only this process
writes the store; workers train and hand back records.
"""

from __future__ import annotations

import concurrent.futures as futures
import gc
import math
import os
import sqlite3
import time
from dataclasses import dataclass, field

from boundcalc.errors import InputError
from boundcalc.study.store import Store
from boundcalc.study.sweep_spec import Cell, Spec

CONFIRM = 1  # the scan stops after the first success and this many more in a row on its grid


def smallest_stable_width(successes: dict[int, bool]) -> int | None:
    """The smallest width tried from which every wider one tried succeeded (None: the widest failed)."""
    found = None
    for m in sorted(successes, reverse=True):
        if not successes[m]:
            break
        found = m
    return found


@dataclass
class WidthSearch:
    """m* over widths: a geometric scan, then bisection (on a geometric scale) below it.

    The scan tries min_width·2^k until the first success is followed by CONFIRM more on the grid (an
    isolated success among failures does not end it) or max_width is passed. m* is then the smallest
    width from which every wider width tried succeeds; bisection between it and the widest failure
    below it refines it to the resolution. A width below m* that succeeded makes the cell
    non-monotone, reported as such rather than assumed away.
    """

    min_width: int
    max_width: int
    resolution: float
    successes: dict[int, bool] = field(default_factory=dict)

    def grid(self) -> list[int]:
        """The widths the scan tries: min_width doubled until max_width."""
        grid, m = [], self.min_width
        while m <= self.max_width:
            grid.append(m)
            m *= 2
        return grid

    def _scanned(self) -> int | None:
        """The next grid width the scan needs, or None once the scan is over."""
        run = 0
        for m in self.grid():
            if m not in self.successes:
                return m
            run = run + 1 if self.successes[m] else 0
            if run > CONFIRM:
                return None
        return None

    def next_width(self) -> int | None:
        scan = self._scanned()
        if scan is not None:
            return scan
        high = smallest_stable_width(self.successes)
        if high is None:
            return None
        below = [m for m in self.successes if m < high]
        if not below:
            return None
        low = max(below)  # it failed: high is the smallest of the run of successes above it
        if high - low <= max(1, self.resolution * low):
            return None
        middle = round(math.sqrt(low * high))
        return min(max(middle, low + 1), high - 1)

    def record(self, m: int, success: bool) -> None:
        self.successes[m] = success

    @property
    def non_monotone(self) -> bool:
        high = smallest_stable_width(self.successes)
        return any(ok for m, ok in self.successes.items() if high is None or m < high)

    def result(self) -> tuple[int | None, str]:
        m_star = smallest_stable_width(self.successes)
        if m_star is None:
            return None, f"no width up to {self.max_width} succeeded" + (" (non-monotone)" if self.non_monotone else "")
        if m_star == min(self.successes):
            return m_star, f"the smallest width tried ({self.min_width}) succeeded"
        return m_star, "found" + (" (non-monotone)" if self.non_monotone else "")


def step_budgets(cell: Cell) -> list[int]:
    """Every T at which the cell's m* is judged, smallest first: one per multiple of the kernel's
    prediction when T was planned, else the cell's one T. The runs use the largest; a seed succeeds at
    a smaller T when it reached ε by then."""
    plan, steps = cell.plan, int(cell.settings["steps"])
    if not plan or plan.get("iterations_kernel") is None:
        return [steps]
    multiples = plan.get("multiples") or [plan["steps_per_kernel"]]
    return sorted({min(steps, max(1, math.ceil(k * plan["iterations_kernel"]))) for k in multiples})


def train_task(settings: dict, m: int, seed_indices: tuple[int, ...], threads: int, device: str = "cpu") -> list[dict]:
    """Train one cell at one width for the given seeds (runs in a worker) and return per-seed records."""
    import torch

    from boundcalc.check.config import CheckConfig
    from boundcalc.check.run import run_check

    if threads:
        torch.set_num_threads(threads)
    config = CheckConfig.from_settings(settings, widths=(m,), device=device, seed_indices=seed_indices)
    report = run_check(config)
    if report.interrupted:  # the checker keeps what it measured; a sweep must stop, storing none of it
        raise KeyboardInterrupt
    return report.seed_rows()


def _die_with_parent(parent: int) -> None:
    """Worker initializer: a worker must not outlive the sweep that started it (SIGKILL included)."""
    import signal
    import sys
    import threading

    if sys.platform.startswith("linux"):
        import ctypes

        try:  # the kernel sends SIGKILL to this worker when its parent dies
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except OSError:
            pass

    def watch() -> None:  # elsewhere, and as a fallback: poll for the parent
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


class _Local:
    def __init__(self, workers: int, device: str = "cpu") -> None:
        self.device = device
        self.pool = (
            futures.ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent, initargs=(os.getpid(),))
            if workers > 1
            else None
        )
        self.threads = 1 if workers > 1 else 0

    def submit(self, *args):
        if self.pool is None:  # one worker: train here, still through a future
            future = futures.Future()
            try:
                future.set_result(train_task(*args, self.threads, self.device))
            except BaseException as error:  # noqa: BLE001 - handed to the caller through the future
                future.set_exception(error)
            return future
        return self.pool.submit(train_task, *args, self.threads, self.device)

    @staticmethod
    def wait(pending):
        done, _ = futures.wait(pending, return_when=futures.FIRST_COMPLETED)
        return done

    def close(self, abort: bool = False) -> None:
        if self.pool is None:
            return
        if abort:  # a worker may already be in its next queued task: waiting for it could take minutes
            for process in list(self.pool._processes.values()):  # noqa: SLF001 - no public way before 3.14
                process.kill()
        self.pool.shutdown(wait=not abort, cancel_futures=True)


class _Dask:
    def __init__(self, address: str) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise InputError("--dask needs dask.distributed: pip install 'boundcalc[study]'") from None
        try:
            self.client = Client(address, timeout="10s")
        except (OSError, TimeoutError) as error:
            problem = f"cannot reach a scheduler at {address!r} ({error})"
        except Exception as error:  # noqa: BLE001 - distributed's words for an address it cannot use vary
            problem = f"{address!r} is not a scheduler address ({error})"
        else:
            return
        # the half-built Client is garbage in a cycle: collected later, its __del__ can run inside the
        # next Client's start and deadlock on the lock that start holds; collect it here instead
        gc.collect()
        raise InputError(f"--dask: {problem}")

    def submit(self, *args):
        return self.client.submit(train_task, *args, 1, pure=False)

    @staticmethod
    def wait(pending):
        from distributed import wait

        return wait(list(pending), return_when="FIRST_COMPLETED").done

    def close(self, abort: bool = False) -> None:
        self.client.close()


def run_sweep(
    spec: Spec, store: Store, workers: int = 1, dask: str | None = None, progress=None, device: str = "cpu"
) -> dict:
    """Run (or resume) every cell of the spec; returns counts of cells and runs done. ``device``: where
    local workers train (cpu, cuda or auto); Dask workers train on their CPUs."""
    from boundcalc.check.machine import provenance, resolve_device

    executor = _Dask(dask) if dask else _Local(workers, device)
    base = provenance(resolve_device("cpu" if dask else device))
    searches = {
        cell.key: [
            WidthSearch(spec.study["min_width"], spec.study["max_width"], spec.study["resolution"])
            for _ in step_budgets(cell)
        ]
        for cell in spec.cells
    }
    by_key = {cell.key: cell for cell in spec.cells}
    pending: dict = {}
    counted: set[tuple[str, int]] = set()
    counts = {"cells": len(spec.cells), "cells_done": 0, "runs_trained": 0, "runs_reused": 0}
    started = time.perf_counter()

    def advance(cell: Cell) -> None:
        seeds, fraction = cell.settings["seeds"], cell.settings.get("success_fraction", 0.9)
        for search, budget in zip(searches[cell.key], step_budgets(cell)):  # the smallest T widens most
            while (m := search.next_width()) is not None:
                reached = store.reached(cell.key, m)
                missing = tuple(s for s in range(seeds) if s not in reached)
                if missing:
                    pending[executor.submit(cell.settings, m, missing)] = (cell, m)
                    return
                if (cell.key, m) not in counted:  # stored before this sweep: reused, counted once
                    counted.add((cell.key, m))
                    counts["runs_reused"] += seeds
                passed = sum(0 <= reached[s] <= budget for s in range(seeds))
                search.record(m, passed >= fraction * seeds)
        m_star, status = searches[cell.key][-1].result()  # the store's m* is at the T the runs used
        store.finish_cell(cell.key, m_star, status)
        counts["cells_done"] += 1
        if progress is not None:
            progress.update(1)
            _describe(progress, counts, started)

    aborted = True
    try:
        for cell in spec.cells:
            store.add_cell(
                cell,
                {
                    **base,
                    "spec": spec.path,
                    "workers": workers,
                    "dask": bool(dask),
                    **{k: spec.study[k] for k in ("min_width", "max_width", "resolution")},
                    "steps_plan": cell.plan,
                },
            )
            advance(cell)
        while pending:
            for future in executor.wait(pending):
                cell, m = pending.pop(future)
                records = future.result()
                store.add_runs(cell.key, records)
                counts["runs_trained"] += len(records)
                counted.add((cell.key, m))
                advance(by_key[cell.key])
                if progress is not None:
                    _describe(progress, counts, started)
        aborted = False
    except BaseException as error:
        # a cell left 'searching' would look alive forever: it says it stopped, and a rerun resumes it
        why = "Ctrl-C" if isinstance(error, KeyboardInterrupt) else f"{type(error).__name__}: {error}"
        try:
            store.interrupt_searching(why.splitlines()[0][:200])
        except sqlite3.Error:
            pass  # the store itself failed: the original error says why
        raise
    finally:
        executor.close(abort=aborted)
    return counts


def _describe(progress, counts: dict, started: float) -> None:
    done = counts["cells_done"]
    elapsed = time.perf_counter() - started
    left = elapsed / done * (counts["cells"] - done) if done else float("nan")
    progress.set_postfix_str(
        f"runs {counts['runs_trained']} trained, {counts['runs_reused']} reused, ~{left:.0f}s left"
        if done
        else f"runs {counts['runs_trained']} trained"
    )


def plan(spec: Spec, device: str = "cpu") -> tuple[list[list], float]:
    """Before a sweep: per cell, T, the scan's widths and an upper bound on its training time on this
    device (every width of the scan at the full T, at the measured matmul rate; bisection adds a few
    widths below m*, and runs that reach ε stop early). Returns table rows and the total seconds."""
    import torch

    from boundcalc.check.machine import matmul_rate, resolve_device
    from boundcalc.check.model import step_flops

    resolved = resolve_device(device)
    dtype = torch.float32 if spec.study["dtype"] == "float32" else torch.float64
    rate = matmul_rate(resolved, dtype)
    search = WidthSearch(spec.study["min_width"], spec.study["max_width"], spec.study["resolution"])
    widths = search.grid()  # the scan's grid is the plan
    rows, total = [], 0.0
    for cell in spec.cells:
        s = cell.settings
        d_in = 64 if s["data"] == "digits" else s["d_in"]
        flops = sum(int(s["steps"]) * step_flops(s["seeds"], s["n"], m, s["L"], d_in, s["d"]) for m in widths)
        seconds = flops / rate
        total += seconds
        rows.append(
            [cell.label(), s.get("seed", 0), s["lr"], s["steps"], f"{widths[0]}..{widths[-1]}", duration_text(seconds)]
        )
    return rows, total


def duration_text(seconds: float) -> str:
    """Seconds as a reader reads a duration: s, min or h."""
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
