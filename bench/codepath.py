"""Which CPU and which SIMD code paths a benchmark's renders run on, and how to pin them to AVX2.

OpenBLAS and NumPy pick their kernels by CPU at run time, so a figure
measured on an AVX-512 machine says little about an AVX2 one. Pinning both to
their AVX2 paths (``OPENBLAS_CORETYPE=Haswell``, and NumPy's
``NPY_DISABLE_CPU_FEATURES`` for every dispatched feature above AVX2) stands
in for the slower machine. NumPy renamed its features in 2.4 (``X86_V4``,
``AVX512_ICL``, ``AVX512_SPR`` in place of ``AVX512F``, ``AVX512_SKX`` ...)
and ignores names it does not dispatch, so the names are taken from the
installed NumPy rather than written down.

x264, the H.264 encoder that takes half of a 1080p render's CPU time, picks
its kernels by CPU too, and its AVX-512 ones save about 15% of its time on
this machine. Its ``asm`` parameter limits it to a list of CPU features with
the same output, byte for byte (measured), so the AVX2 stand-in pins it as
well, through Manim's ``--encoder-option`` (which replaces the options of
``manim.cfg``, so those are passed along with it).
"""

from __future__ import annotations

import configparser
import json
import os
import platform
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

__all__ = ["X264_AVX2", "avx2_environment", "avx2_encoder_options", "code_path", "cpu_model", "describe_machine"]

# x264's names for what an AVX2 CPU without AVX-512 offers (an AMD Zen 2 or 3, an Intel Haswell and later).
X264_AVX2 = "MMX2,SSE2Fast,SSSE3,SSE4.2,AVX,FMA3,BMI1,BMI2,AVX2,LZCNT"

# Run in a child with the renders' environment: the variables act when the libraries load.
_PROBE = """
import json
from numpy._core import _multiarray_umath as m
from threadpoolctl import threadpool_info
blas = [f"{i['internal_api']} {i.get('architecture')}" for i in threadpool_info() if i["user_api"] == "blas"]
print(json.dumps({"blas": blas, "numpy": [f for f in m.__cpu_dispatch__ if m.__cpu_features__.get(f)],
                  "numpy_baseline": m.__cpu_baseline__}))
"""


def _above_avx2(feature: str) -> bool:
    return feature.startswith("AVX512") or feature == "X86_V4"


def avx2_environment(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) with OpenBLAS and NumPy pinned to their AVX2 kernels."""
    from numpy._core import _multiarray_umath as m

    env = dict(os.environ if base is None else base)
    env["OPENBLAS_CORETYPE"] = "Haswell"
    env["NPY_DISABLE_CPU_FEATURES"] = " ".join(f for f in m.__cpu_dispatch__ if _above_avx2(f))
    return env


def avx2_encoder_options(manim_cfg: Path) -> list[str]:
    """Manim arguments: the encoder options of ``manim_cfg``, with x264 limited to its AVX2 kernels."""
    parser = configparser.ConfigParser()
    parser.read(manim_cfg)
    options = dict(parser.items("video_encoder.options", raw=True)) if parser.has_section("video_encoder.options") else {}
    options["x264-params"] = f"asm={X264_AVX2}"
    return [argument for key, value in options.items() for argument in ("--encoder-option", f"{key}={value}")]


def code_path(env: Mapping[str, str] | None = None) -> str:
    """The OpenBLAS kernel and NumPy's enabled dispatched SIMD features in a child started with ``env``."""
    done = subprocess.run([sys.executable, "-c", _PROBE], env=dict(os.environ if env is None else env),
                          capture_output=True, text=True, check=True)
    found = json.loads(done.stdout)
    return (f"OpenBLAS {', '.join(found['blas']) or 'not loaded'}; NumPy SIMD {' '.join(found['numpy']) or 'baseline only'}"
            f" (baseline {found['numpy_baseline'][-1] if found['numpy_baseline'] else 'none'})")


def cpu_model() -> str:
    """The CPU's model name and whether it has AVX-512 (from /proc/cpuinfo on Linux)."""
    info = Path("/proc/cpuinfo")
    text = info.read_text() if info.exists() else ""
    name = next((line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("model name")),
                platform.processor() or "unknown CPU")
    flags = next((line.split(":", 1)[1].split() for line in text.splitlines() if line.startswith("flags")), [])
    simd = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "no AVX2"
    return f"{name} ({simd}, {os.cpu_count()} cores)"


def describe_machine(env: Mapping[str, str] | None = None) -> str:
    """One line for a benchmark's header: CPU, code path, and the load average now."""
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"CPU {cpu_model()}; {code_path(env)}; load average {load}"
