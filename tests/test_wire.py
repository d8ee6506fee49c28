"""The trace's way from the child to the parent: every value back as it was, and nothing else."""

import json

import numpy as np
import pytest

from autograder import wire


def test_a_trace_comes_back_as_it_was_written(tmp_path):
    record = {
        "out": np.arange(12.0).reshape(3, 4).T,  # not contiguous: written in C order
        "scalars": [np.array(3), np.float16([1.5, -2]), np.array([True, False]), np.array([1 + 2j])],
        "empty": np.zeros((0, 4)), "big_endian": np.arange(4, dtype=">i4"),
        "plain": {"nan": float("nan"), "inf": float("-inf"), "text": "é", "none": None, "ints": [1, 2]},
    }
    wire.dump(record, tmp_path)
    back = wire.load(tmp_path)
    np.testing.assert_array_equal(back["out"], record["out"])
    for got, sent in zip(back["scalars"], record["scalars"]):
        assert got.shape == sent.shape and got.dtype == sent.dtype and np.array_equal(got, sent)
    assert back["empty"].shape == (0, 4) and back["big_endian"].dtype == np.dtype(">i4")
    assert np.isnan(back["plain"]["nan"]) and back["plain"]["inf"] == float("-inf")
    assert back["plain"]["text"] == "é" and back["plain"]["none"] is None and back["plain"]["ints"] == [1, 2]
    back["out"][0, 0] = 7.0  # the checks may work on the arrays in place


@pytest.mark.parametrize("forged", [
    {"dtype": "|O"}, {"dtype": "V8"}, {"dtype": [["a", "<f8"]]}, {"dtype": "<U4"},
    {"offset": 10_000}, {"offset": -8}, {"shape": [10_000]}, {"shape": [-1]}, {"shape": 3},
    {"shape": [2**32 + 1, 2**32 - 1]}, {"shape": [2**63]}, {"dtype": None},
])
def test_a_forged_manifest_gets_no_array_out_of_the_parent(tmp_path, forged):
    wire.dump({"x": np.arange(4.0)}, tmp_path)
    document = json.loads((tmp_path / "trace.json").read_text())
    dtype, shape, offset = document["arrays"][0]
    spec = {"dtype": dtype, "shape": shape, "offset": offset, **forged}
    document["arrays"][0] = [spec["dtype"], spec["shape"], spec["offset"]]
    (tmp_path / "trace.json").write_text(json.dumps(document))
    with pytest.raises(ValueError):  # what the sandbox takes for "no trace"
        wire.load(tmp_path)


@pytest.mark.parametrize("record", [{"x": {"__array__": 7}}, {"x": {"__array__": None}}, {"x": {"__array__": -1}},
                                    {"x": {"__float__": "not a number"}}, "[" * 100_000])
def test_a_forged_record_gets_a_value_error(tmp_path, record):
    wire.dump({}, tmp_path)
    text = record if isinstance(record, str) else json.dumps({"record": record, "arrays": []})
    (tmp_path / "trace.json").write_text(text)
    with pytest.raises(ValueError):
        wire.load(tmp_path)


def test_a_trace_larger_than_the_limit_is_refused(tmp_path, monkeypatch):
    wire.dump({"x": np.zeros(1000)}, tmp_path)
    monkeypatch.setattr(wire, "MAX_TRACE_BYTES", 4000)
    with pytest.raises(ValueError, match="larger than the grader accepts"):
        wire.load(tmp_path)
    assert wire.load(tmp_path / "missing") is None
