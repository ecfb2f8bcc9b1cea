"""data.quantiles gives NumPy's quantiles and medians (which the window's start-up no longer
calls, for the import they cost)."""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra.numpy import arrays

from data.quantiles import median, quantiles

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@given(arrays(np.float64, st.integers(1, 60), elements=finite),
       st.lists(st.floats(0, 1), min_size=1, max_size=4))
def test_quantiles_are_numpys(values, shares):
    assert np.allclose(quantiles(values, shares), np.quantile(values, shares), rtol=1e-12, atol=1e-9)


@given(arrays(np.float64, st.tuples(st.integers(1, 40), st.just(2)), elements=finite))
def test_quantiles_of_points_go_by_axis(points):
    assert np.allclose(quantiles(points, [0.05, 0.95]), np.quantile(points, [0.05, 0.95], axis=0),
                       rtol=1e-12, atol=1e-9)


@given(arrays(np.float64, st.integers(1, 60), elements=finite | st.just(np.inf)))
def test_median_is_numpys(values):
    assert median(values) == pytest.approx(float(np.median(values)), rel=1e-12, abs=1e-9)


def test_median_of_nothing_is_nan_and_quantiles_of_nothing_refused():
    assert np.isnan(median(np.array([])))
    with pytest.raises(ValueError):
        quantiles(np.array([]), [0.5])


def test_the_start_up_path_does_not_import_numpy_ma():
    """The bundled dataset's layout spacing and first frame are found without numpy.ma."""
    code = ("import sys, numpy as np\n"
            "from data import layout, layout_packing\n"
            "points = np.random.default_rng(1).normal(size=(200, 2))\n"
            "layout.typical_spacing(points); layout_packing.frame(points)\n"
            "print('numpy.ma' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "False"

