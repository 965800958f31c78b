"""Running a sweep: for every cell, the empirical minimum width m*, on local processes or Dask.

m*(cell) is the smallest width at which at least a fraction p of the seeds reach F ≤ ε within T
steps under the cell's step rule: widths double from min_width until one succeeds, then bisection
(on a geometric scale) between the last failure and the first success until they are within the
resolution. Every (width, seed) already in the store is reused, never retrained. Only this process
writes the store; workers train and hand back records.
"""

from __future__ import annotations

import concurrent.futures as futures
import gc
import math
import os
import sqlite3
import time
from dataclasses import dataclass

from boundcalc.errors import InputError
from boundcalc.study.store import Store
from boundcalc.study.sweep_spec import Cell, Spec


@dataclass
class WidthSearch:
    """Doubling, then bisection, over widths; success is read from the store."""

    min_width: int
    max_width: int
    resolution: float
    failed: int | None = None  # the largest width that failed
    passed: int | None = None  # the smallest width that succeeded

    def next_width(self) -> int | None:
        if self.passed is None:
            candidate = self.min_width if self.failed is None else self.failed * 2
            return candidate if candidate <= self.max_width else None
        if self.failed is None or self.passed - self.failed <= max(1, self.resolution * self.failed):
            return None
        middle = round(math.sqrt(self.failed * self.passed))
        return min(max(middle, self.failed + 1), self.passed - 1)

    def record(self, m: int, success: bool) -> None:
        if success:
            self.passed = m if self.passed is None else min(self.passed, m)
        else:
            self.failed = m if self.failed is None else max(self.failed, m)

    def result(self) -> tuple[int | None, str]:
        if self.passed is None:
            return None, f"no width up to {self.max_width} succeeded"
        return (
            self.passed,
            "found" if self.failed is not None else f"the smallest width tried ({self.min_width}) succeeded",
        )


def train_task(settings: dict, m: int, seed_indices: tuple[int, ...], threads: int) -> list[dict]:
    """Train one cell at one width for the given seeds (runs in a worker) and return per-seed records."""
    import torch

    from boundcalc.check.config import CheckConfig
    from boundcalc.check.run import run_check

    if threads:
        torch.set_num_threads(threads)
    config = CheckConfig.from_settings(settings, widths=(m,), device="cpu", seed_indices=seed_indices)
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
    def __init__(self, workers: int) -> None:
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
                future.set_result(train_task(*args, self.threads))
            except BaseException as error:  # noqa: BLE001 - handed to the caller through the future
                future.set_exception(error)
            return future
        return self.pool.submit(train_task, *args, self.threads)

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


def run_sweep(spec: Spec, store: Store, workers: int = 1, dask: str | None = None, progress=None) -> dict:
    """Run (or resume) every cell of the spec; returns counts of cells and runs done."""
    import torch

    from boundcalc.check.machine import provenance

    executor = _Dask(dask) if dask else _Local(workers)
    base = provenance(torch.device("cpu"))
    searches = {
        cell.key: WidthSearch(spec.study["min_width"], spec.study["max_width"], spec.study["resolution"])
        for cell in spec.cells
    }
    by_key = {cell.key: cell for cell in spec.cells}
    pending: dict = {}
    counts = {"cells": len(spec.cells), "cells_done": 0, "runs_trained": 0, "runs_reused": 0}
    started = time.perf_counter()

    def advance(cell: Cell) -> None:
        search, seeds = searches[cell.key], cell.settings["seeds"]
        while (m := search.next_width()) is not None:
            missing = tuple(s for s in range(seeds) if s not in store.seeds_done(cell.key, m))
            if missing:
                pending[executor.submit(cell.settings, m, missing)] = (cell, m)
                return
            counts["runs_reused"] += seeds
            search.record(m, store.success_rate(cell.key, m, seeds) >= cell.settings.get("success_fraction", 0.9))
        m_star, status = search.result()
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
                seeds = cell.settings["seeds"]
                searches[cell.key].record(
                    m, store.success_rate(cell.key, m, seeds) >= cell.settings["success_fraction"]
                )
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
