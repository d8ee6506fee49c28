"""Checks of factorisations: SVD factors up to sign, and no full SVD inside a randomized one."""

from __future__ import annotations

import numpy

from autograder.checks.base import Check, Failure
from autograder.diagnosis import (
    array_of_shape,
    describe_type,
    shape_problem,
)
from autograder.messages import Msg


class SvdFactors(Check):
    """(U, S, Vt) of a truncated SVD, judged by what any correct one satisfies (no reference values)."""

    name = "svd factors"
    kind = "svd_factors"
    needs = ("out",)

    def verify(self, item, details):
        matrix = numpy.asarray(item.sent(self.options.get("matrix", "out:0")), float)
        k = int(item.sent(self.options.get("rank", "out:1")))
        out = item.got["out"]
        if not isinstance(out, list) or len(out) != 3:
            raise Failure(Msg("diag.count", name="randomized_svd(...)", expected=3, got=describe_type(out),
                              names="U, S, Vt"))
        u, s, vt = out
        m, n = matrix.shape
        for name, value, shape in (("U", u, (m, k)), ("S", s, (k,)), ("Vt", vt, (k, n))):
            if not isinstance(value, numpy.ndarray):
                raise Failure(Msg("diag.type", name=name, expected=array_of_shape(shape), got=describe_type(value)))
            if value.shape != shape:
                raise Failure(shape_problem(value.shape, shape, name))
        u, s, vt = (numpy.asarray(a, float) for a in (u, s, vt))
        eye = numpy.eye(k)
        for name, gram in (("U", u.T @ u), ("Vt", vt @ vt.T)):
            if not numpy.allclose(gram, eye, atol=1e-6):
                raise Failure(Msg("svd.not_orthonormal", name=name, error=float(numpy.abs(gram - eye).max())))
        if numpy.any(numpy.diff(s) > 1e-12 * max(1.0, float(numpy.abs(s).max()))):
            raise Failure(Msg("svd.not_descending"))
        true_s = numpy.linalg.svd(matrix, compute_uv=False)
        s_rtol = float(self.options.get("s_rtol", 0.02))
        if not numpy.allclose(s, true_s[:k], rtol=s_rtol):
            errors = numpy.abs(s - true_s[:k]) / numpy.abs(true_s[:k])
            worst = int(numpy.argmax(errors))
            first_bad = int(numpy.argmax(errors > s_rtol))
            if first_bad > 0 and float(errors[0]) < 1e-10:
                # the leading values exact to rounding, the later ones lost: a basis that was not
                # re-orthonormalised between the power iterations collapsed onto the top directions
                raise Failure(Msg("svd.collapsed", exact=first_bad, index=first_bad, got=float(s[first_bad]),
                                  expected=float(true_s[first_bad])))
            raise Failure(Msg("svd.values", index=worst, got=float(s[worst]), expected=float(true_s[worst])))
        best = float(numpy.sqrt(numpy.sum(true_s[k:] ** 2)))
        error = float(numpy.linalg.norm(matrix - (u * s) @ vt))
        allowed = best * (1 + float(self.options.get("slack", 0.05))) + 1e-9 * float(numpy.linalg.norm(matrix))
        details["reconstruction"] = (error, best)
        if error > allowed:
            raise Failure(Msg("svd.reconstruction", error=error, best=best, ratio=error / best if best else float("inf")))

    def ok_message(self, items, details):
        error, best = details.get("reconstruction", (0.0, 0.0))
        return Msg("svd.ok", error=error, best=best)


class NoFullCall(Check):
    """A library function must not be applied to the whole input (no np.linalg.svd of all of M)."""

    name = "no full call"
    kind = "no_full_call"
    needs = ("out",)

    def verify(self, item, details):
        function = self.options["function"]
        matrix = item.sent(self.options.get("matrix", "out:0"))
        full = {tuple(matrix.shape), tuple(matrix.shape[::-1])}
        for shapes in (item.got.get("out.spied") or {}).get(function, []):
            if shapes and tuple(shapes[0]) in full:
                raise Failure(Msg("nofull.called", function=self.options.get("shown", function),
                                  shape=tuple(matrix.shape)))

    def ok_message(self, items, details):
        return Msg("nofull.ok", function=self.options.get("shown", self.options["function"]))




# What a wrong "word vectors from an SVD" is, tried in order: each is (message key, the candidate of the
# SVD W = U S Vᵀ for k columns). The expected value is U[:, :k].
_FACTORS = (
    ("svd.factor_us", lambda u, s, vt, k: (u * s)[:, :k]),
    ("svd.factor_vt_rows", lambda u, s, vt, k: vt[:k].T),
    ("svd.factor_vt_columns", lambda u, s, vt, k: vt[:, :k]),
)


def svd_factor_message(value, reference, matrix, name) -> Msg | None:
    """'the first columns of U·S', 'the first rows of Vᵀ': which other factor of the SVD of `matrix` a wrong
    `value` is, where the reference returns the first columns of U (each up to its sign)."""
    if not (isinstance(value, numpy.ndarray) and isinstance(reference, numpy.ndarray) and value.ndim == 2
            and isinstance(matrix, numpy.ndarray) and matrix.ndim == 2):
        return None
    u, s, vt = numpy.linalg.svd(numpy.asarray(matrix, float))
    k = reference.shape[1]
    if not _equal_up_to_column_signs(reference, u[:, :k]):
        return None
    for key, candidate in _FACTORS:
        other = candidate(u, s, vt, k)
        if other.shape == value.shape and _equal_up_to_column_signs(value, other):
            return Msg("svd.other_factor", name=name, factor=Msg(key), k=k)
    return None


def _equal_up_to_column_signs(a, b, rtol=1e-4, atol=1e-6):
    a, b = numpy.asarray(a, float), numpy.asarray(b, float)
    if a.shape != b.shape:
        return False
    signs = numpy.sign(numpy.sum(a * b, axis=0))
    signs[signs == 0] = 1
    return bool(numpy.allclose(a * signs, b, rtol=rtol, atol=atol))
