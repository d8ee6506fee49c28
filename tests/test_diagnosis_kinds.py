"""Every failed check carries the kind of its diagnosis, the same in every language (autograder.diagnosis_kinds),
and the catalog's hints follow it (autograder.hints)."""

import json

import numpy
import pytest

from autograder.catalog import load_catalog
from autograder.diagnosis_kinds import Diagnosis, diagnosis_of, mistake_id
from autograder.grader import grade
from autograder.hints import hint_for, hints_for_result
from autograder.messages import LANGS, Lines, Msg
from mutants import build
from submission_cases import MUTANTS

CATALOG = load_catalog()
BY_ID = {m.id: m for m in MUTANTS}

# a planted bug → the kind of diagnosis its first failing check names, and whether the catalog has a hint for it
PLANTED = {
    "affine/bad_db_not_summed": ("Affine|diag.not_summed|db", True),
    "affine/bad_dx_sign": ("Affine|diag.sign|dx", False),
    "softmax/bad_softmax_axis0": ("softmax|variant|softmax-over-the-batch", True),
    "softmax/bad_softmax_whole_array": ("softmax|variant|softmax-over-the-whole-array", True),
    "softmax_with_loss/bad_double_division": ("SoftmaxWithLoss|diag.averaged|dx", True),
    "lstm/bad_gate_order": ("LSTM|forward.block_order|h_next, c_next", True),
    "time_rnn/bad_grads_last_step": ("TimeRNN|backward.not_summed_over_time|dWx, dWh, db", True),
    "time_rnn/bad_not_stateful": ("TimeRNN|forward.state_reset|TimeRNN.forward(...)", True),
    "rnn/bad_tanh_derivative": ("RNN|variant|tanh-s-derivative-is-taken-as", True),
    "co_matrix/bad_counts_itself": ("create_co_matrix|cause|the-diagonal-c-w-w-counts", True),
    "generate/bad_state_reset": ("RnnlmGen|mistake|the-lstm-s-state-is-reset", True),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("planted")
    out = {}
    for name in PLANTED:
        mutant = BY_ID[name]
        path = build(mutant, folder)
        out[name] = {lang: grade(mutant.exercise, path, lang=lang, timing=False, scoring=False) for lang in LANGS}
    return out


def first_diagnosis(result):
    return next(c.diagnosis for c in result.checks if c.scored and c.diagnosis is not None)


@pytest.mark.parametrize("name", list(PLANTED))
def test_a_planted_bug_is_named_by_the_same_kind_in_every_language(graded, name):
    expected, has_hint = PLANTED[name]
    kinds = {lang: first_diagnosis(graded[name][lang]).id for lang in LANGS}
    assert kinds == {lang: expected for lang in LANGS}
    # the JSON contract carries it, for the classroom's tools
    data = {lang: graded[name][lang].to_json(lang) for lang in LANGS}
    firsts = {lang: next(c["diagnosis"] for c in data[lang]["checks"] if c["scored"] and c["diagnosis"])
              for lang in LANGS}
    assert {f["id"] for f in firsts.values()} == {expected}
    assert firsts["en"]["label"] != firsts["zh"]["label"]
    exercise = CATALOG[BY_ID[name].exercise]
    assert (hint_for(exercise, first_diagnosis(graded[name]["en"])) is not None) == has_hint


def test_passed_skipped_and_blocked_checks_name_no_diagnosis(graded):
    result = graded["affine/bad_db_not_summed"]["en"]
    statuses = {c.status: c.diagnosis for c in result.checks}
    assert statuses["passed"] is None and statuses["blocked"] is None
    assert statuses["failed"] is not None


def test_the_label_leaves_out_the_values_of_one_run(graded):
    diagnosis = first_diagnosis(graded["softmax_with_loss/bad_double_division"]["en"])
    assert diagnosis.label("en") == "dx is 1/… of the expected values: it is divided by the batch size N = … once " \
                                    "too often"
    assert "dx" in diagnosis.label("zh") and "…" in diagnosis.label("zh")
    assert "N=4" in diagnosis.message.render("en")  # the example keeps them
    variant = first_diagnosis(graded["softmax/bad_softmax_axis0"]["zh"])
    assert variant.label("zh").startswith("softmax 是按列")  # a known mistake is labelled by its own words


@pytest.mark.parametrize("name", ["time_rnn/bad_not_stateful", "affine/bad_db_not_summed", "lstm/bad_gate_order"])
def test_a_diagnosis_survives_json_and_renders_as_before_in_both_languages(graded, name):
    diagnosis = first_diagnosis(graded[name]["en"])
    again = Diagnosis.from_json(json.loads(json.dumps(diagnosis.to_json("zh"))))
    assert again == diagnosis and again.id == diagnosis.id
    for lang in LANGS:
        assert again.message.render(lang) == diagnosis.message.render(lang)
        assert again.label(lang) == diagnosis.label(lang)


def test_a_message_with_numpy_numbers_and_several_lines_round_trips():
    message = Lines([Msg("diag.int_values", name="C", bad=numpy.int64(3), total=numpy.int64(49), index="[0, 0]",
                         got=numpy.int64(2), expected=numpy.float64(0.5)),
                     Msg("diag.shape", name="db", got=(4, 3), expected=(3,))])
    again = Msg.from_json(json.loads(json.dumps(message.to_json())))
    assert again.render("en") == message.render("en") and "\n" in again.render("en")
    assert "(4, 3)" in again.render("zh")


def test_framing_is_left_out_and_known_mistakes_are_named_by_their_id():
    inner = Msg("diag.averaged", name="dx", batch=4)
    framed = Msg("check.with_size", size="N=4", detail=Msg("backward.several", first=inner, others="dW"))
    assert diagnosis_of(framed, "X", "backward").id == "X|diag.averaged|dx"
    cause = Msg("diag.cause", detail=inner, cause=Msg("text.plain", text={"en": "a", "zh": "b"}), id="half")
    assert diagnosis_of(cause, "X").id == "X|cause|half"
    assert diagnosis_of(Msg("diag.cause", detail=inner, cause="c"), "X").id == "X|diag.averaged|dx"
    raised = Msg("error.raised", step="X.backward", type="NameError", line=3, code="dy", message="name 'dy'")
    assert diagnosis_of(raised, "X").id == "X|error.raised|NameError"


def test_a_known_mistake_without_an_id_gets_one_from_its_english_words():
    assert mistake_id("tanh's derivative is taken as 1 − h instead of 1 − h²") == "tanh-s-derivative-is-taken-as"
    ids = [key for ex in CATALOG for key in ex.known_mistakes()]
    assert "variant|tanh-s-derivative-is-taken-as" in ids
    # the same words in two probes are one mistake
    assert len([k for k in CATALOG["co_matrix"].known_mistakes() if k.startswith("cause|")]) == 2


def test_the_hint_that_names_more_wins_and_known_mistakes_bring_their_own(graded):
    exercise = CATALOG["softmax_with_loss"]
    general = Diagnosis("diag.averaged", "dx", "SoftmaxWithLoss")
    assert hint_for(exercise, general).text_in("en").startswith("You are dividing by N twice")
    assert hint_for(exercise, Diagnosis("diag.averaged", "dx", "Other")) is None
    hints = hints_for_result(CATALOG["rnn"], graded["rnn/bad_tanh_derivative"]["zh"])
    assert [h.id for h in hints] == ["variant|tanh-s-derivative-is-taken-as"]
    assert "1 − tanh(t)²" in hints[0].text_in("zh")
