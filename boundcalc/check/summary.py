"""Text for a CheckReport (JSON is CheckReport.rows())."""

from __future__ import annotations

from boundcalc.check.results import KERNEL_PREDICTION_ROWS, CheckReport
from boundcalc.numbers.magnitude import Magnitude
from boundcalc.render.columns import tabulate


def _num(value, digits: int = 3) -> str:
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    return f"{value:.{digits}g}"


def _power(log10) -> str:
    return "—" if log10 is None else Magnitude(log10).text(3)


def report_text(report: CheckReport) -> str:
    """The report for people: one row per width, theory beside measurement, and the looseness.

    Args:
        report: A check's report.

    Returns:
        The text ``boundcalc check`` prints.
    """
    cfg, data = report.config, report.dataset
    rows = report.rows()
    method = f"SGD, batch {cfg.batch}" if cfg.batch else "GD (full batch)"
    lr = {"auto": "auto (1/λ_max of the NTK Gram at init, per seed)", "theory": "theory (the theorem's η at each m)"}
    device = report.provenance.get("device", "")
    lines = [
        f"boundcalc check — {report.theorem.key} against {data.description}",
        f"data      n = {data.n}, d_in = {data.d_in}, d = {data.d}, measured separation δ = {report.delta:.4g}",
        f"training  {method}; step {lr.get(str(cfg.lr), cfg.lr)}; stop at F ≤ {cfg.eps:g} or {rows[0]['settings']['steps'] if rows else cfg.steps} steps; "
        f"{cfg.seeds} seeds from seed {cfg.seed}; {cfg.dtype} on {device}"
        + ("; all layers trained" if cfg.train_all else "; only W_1..W_L trained"),
        f"theory    {report.theorem.key}: width m ≥ {_power(report.theory_width_log10)}, "
        f"iterations T = {_power(report.theory_iterations_log10)}",
    ]
    lines += [f"note      {note}" for note in report.theory_notes]
    if report.limit_kernel is None:
        lines.append(
            f"note      no limit-kernel prediction (λ_min of K, iterations_kernel): n = {data.n} > "
            f"{KERNEL_PREDICTION_ROWS} rows, where it needs an n × n eigendecomposition"
        )
    if report.estimated_seconds is not None:
        spent = sum(r["seconds"] for r in rows)
        lines.append(
            f"time      estimated before training: {report.estimated_seconds:.3g} s of arithmetic at the measured "
            f"matmul rate if every step runs; took {spent:.3g} s"
        )
    outcome = [
        (
            r["m"],
            f"{r['success_rate']:.2f}",
            _num(r["iterations_median"]),
            _num(r["final_loss_median"]),
            r["diverged"],
            _num(r["step_size"]),
            _num(r["rate_observed"], 5),
            _num(r["rate_predicted"], 5),
            _num(r["ntk_lambda_min"]),
            _num(r["ntk_lambda_max"]),
        )
        for r in rows
    ]
    lines += [
        "",
        tabulate(
            outcome,
            headers=[
                "m",
                "success",
                "iterations",
                "final F",
                "diverged",
                "η used",
                "rate seen",
                "1−ηλmin",
                "λmin(Θ)",
                "λmax(Θ)",
            ],
            disable_numparse=True,
        ),
    ]
    measured = [
        (
            r["m"],
            _num(r["grad_ratio_lower"]),
            _num(r["grad_ratio_upper"]),
            _num(r["movement_fro"]),
            _num(r["movement_fro_rel"]),
            _num(r["movement_spec_max"]),
            _power(r["theory"]["log10_radius"]),
            _num(r["sign_change_fraction"]),
        )
        for r in rows
    ]
    lines += [
        "",
        tabulate(
            measured,
            headers=[
                "m",
                "‖∇F‖²/(F·δm/dn²)",
                "‖∇F‖²/(F·Lnm/d)",
                "‖W−W⁰‖_F",
                "relative",
                "max‖ΔW_ℓ‖₂",
                "ω (Thm 3)",
                "signs flipped",
            ],
            disable_numparse=True,
        ),
    ]
    theory = [
        (
            r["m"],
            _power(r["theory"]["log10_step_size"]),
            _num(r["stable_step"]),
            _num(r["looseness_log10"]["width"]),
            _num(r["looseness_log10"]["step_size"]),
            _num(r["looseness_log10"]["iterations"]),
        )
        for r in rows
    ]
    lines += [
        "",
        tabulate(
            theory,
            headers=["m", "η theory", "largest stable η", "log10 loose: width", "step", "iterations"],
            disable_numparse=True,
        ),
    ]
    smallest = report.smallest_successful_width()
    lines += [
        "",
        f"smallest width reaching F ≤ {cfg.eps:g} on ≥ {cfg.success_fraction:.0%} of seeds: "
        + (str(smallest) if smallest else "none of those tried"),
        "ratios are the hidden constants of Theorem 3 as observed at initialisation (medians over seeds);"
        " movement is at the end",
    ]
    if report.interrupted:
        lines.append("interrupted: the numbers above cover what ran before Ctrl-C")
    return "\n".join(lines)
