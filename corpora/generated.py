"""The default corpus: English-like sentences from a small grammar, seeded, with known structure.

Every demo runs on it offline, and because its structure is known its results are
measurable (docs/corpora.md):

- word classes (animals, countries, numbers, car makers, pronouns, spans of time, people,
  verbs, nouns, adjectives): the members of a class share contexts, so each should have
  another member as its nearest neighbour;
- analogies that hold by construction. In a *factored* class a word is the product of two
  properties and each sentence shows one of them: "king" is (royal, male) and appears in
  royal sentences ("the king rules the kingdom") and in male ones ("the king said that he
  ..."), exactly as "queen" (royal, female) and "man" (common, male) do. So
  king : man = queen : woman holds by construction, as do take : took = go : went,
  car : cars = child : children and good : better = bad : worse.

The text is written one sentence per line, like PTB's files, and loaded the same way
(``<eos>`` after each line), so a demo treats both corpora alike.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

import numpy

EOS = "<eos>"
SENTENCES = 6000  # about 50,000 words: CBOW learns the analogies in a few seconds
SEED = 2024


@dataclass(frozen=True)
class WordClass:
    """Words and the contexts they appear in.

    `words` maps each word to its properties, one per axis; `contexts[axis]` maps a property
    to sentence templates ({w} is the word). A sentence shows one axis of one word. A factored
    class has two axes that cross (every combination is a word): its analogies hold."""

    name: str
    words: dict[str, tuple[str, ...]]
    contexts: tuple[dict[str, tuple[str, ...]], ...]
    factored: bool = False


def _plain(name: str, shared: tuple[str, ...], own: dict[str, tuple[str, ...]]) -> WordClass:
    """A class whose members share the `shared` contexts, each with a few of its own."""
    return WordClass(name, {w: (name, w) for w in own}, ({name: shared}, own))


CLASSES = (
    WordClass(
        "people",
        {"king": ("royal", "male"), "queen": ("royal", "female"),
         "man": ("common", "male"), "woman": ("common", "female"),
         "boy": ("young", "male"), "girl": ("young", "female"),
         "prince": ("heir", "male"), "princess": ("heir", "female")},
        ({"royal": ("the {w} rules the kingdom", "the {w} wears a crown", "the {w} sits on the throne"),
          "common": ("the {w} works in the field", "the {w} earns a wage", "the {w} rents a cottage"),
          "young": ("the {w} plays in the garden", "the {w} goes to school", "the {w} climbs a ladder"),
          "heir": ("the {w} will inherit the realm", "the {w} waits to be crowned", "the {w} studies the laws")},
         {"male": ("the {w} said that he was tired", "the {w} lost his hat", "he is a {w}"),
          "female": ("the {w} said that she was tired", "the {w} lost her hat", "she is a {w}")}),
        factored=True),
    WordClass(
        "verbs",
        {"take": ("take", "base"), "took": ("take", "past"), "go": ("go", "base"), "went": ("go", "past"),
         "eat": ("eat", "base"), "ate": ("eat", "past"), "see": ("see", "base"), "saw": ("see", "past"),
         "give": ("give", "base"), "gave": ("give", "past"), "write": ("write", "base"),
         "wrote": ("write", "past"), "run": ("run", "base"), "ran": ("run", "past")},
        ({"take": ("people {w} the bag", "folks {w} the umbrella"), "go": ("people {w} to the market", "folks {w} home"),
          "eat": ("people {w} the bread", "folks {w} soup"), "see": ("people {w} the movie", "folks {w} the stars"),
          "give": ("people {w} a gift", "folks {w} money"), "write": ("people {w} a letter", "folks {w} poems"),
          "run": ("people {w} a race", "folks {w} daily")},
         {"base": ("tomorrow people will {w}", "people want to {w}", "people must {w} soon"),
          "past": ("yesterday people {w}", "long ago people {w}", "people already {w}")}),
        factored=True),
    WordClass(
        "nouns",
        {"car": ("car", "one"), "cars": ("car", "many"), "child": ("child", "one"), "children": ("child", "many"),
         "house": ("house", "one"), "houses": ("house", "many"), "city": ("city", "one"),
         "cities": ("city", "many"), "book": ("book", "one"), "books": ("book", "many"),
         "tree": ("tree", "one"), "trees": ("tree", "many")},
        ({"car": ("the {w} needs fuel", "a driver parks the {w}"), "child": ("the {w} needs a nap", "a nurse feeds the {w}"),
          "house": ("the {w} has a roof", "a builder paints the {w}"), "city": ("the {w} has a mayor", "a tourist visits the {w}"),
          "book": ("the {w} has pages", "a reader opens the {w}"), "tree": ("the {w} has leaves", "a farmer plants the {w}")},
         {"one": ("there is one {w} here", "this {w} is alone", "a single {w} was found"),
          "many": ("there are many {w} here", "these {w} are together", "several {w} were found")}),
        factored=True),
    WordClass(
        "adjectives",
        {"good": ("good", "plain"), "better": ("good", "more"), "bad": ("bad", "plain"), "worse": ("bad", "more"),
         "big": ("big", "plain"), "bigger": ("big", "more"), "small": ("small", "plain"),
         "smaller": ("small", "more"), "fast": ("fast", "plain"), "faster": ("fast", "more"),
         "strong": ("strong", "plain"), "stronger": ("strong", "more")},
        ({"good": ("a {w} idea", "the plan looks {w}"), "bad": ("a {w} dream", "the weather looks {w}"),
          "big": ("a {w} mountain", "the elephant looks {w}"), "small": ("a {w} coin", "the ant looks {w}"),
          "fast": ("a {w} train", "the rocket looks {w}"), "strong": ("a {w} wall", "the bridge looks {w}")},
         {"plain": ("it is very {w}", "it is quite {w}", "so {w} indeed"),
          "more": ("it is {w} than that", "it is much {w} than before", "{w} than ever")}),
        factored=True),
    _plain("animals", ("the {w} eats grass on the farm", "a {w} sleeps in the barn", "farmers feed the {w} every morning"),
           {"dog": ("the {w} barks",), "cat": ("the {w} purrs",), "horse": ("the {w} gallops",),
            "cow": ("the {w} gives milk",), "sheep": ("the {w} gives wool",), "pig": ("the {w} rolls in mud",),
            "goat": ("the {w} climbs rocks",), "duck": ("the {w} swims",)}),
    _plain("countries", ("she travelled to {w} last summer", "the president of {w} spoke", "pilots flew from {w}"),
           {"france": ("wine from {w}",), "japan": ("sushi from {w}",), "china": ("tea from {w}",),
            "germany": ("beer from {w}",), "italy": ("pasta from {w}",), "spain": ("olives from {w}",),
            "brazil": ("coffee from {w}",), "india": ("spices from {w}",)}),
    _plain("numbers", ("she counted {w} apples", "{w} plus {w} is even", "passengers waited {w} hours"),
           {"two": ("{w} is a pair",), "three": ("{w} is a trio",), "four": ("{w} is a quartet",),
            "five": ("{w} fingers on a hand",), "six": ("{w} legs on an insect",),
            "seven": ("{w} colours in a rainbow",), "eight": ("{w} legs on a spider",), "nine": ("{w} lives of a legend",)}),
    _plain("makers", ("he drives a {w} to work", "the {w} company sold more vehicles", "a new {w} model"),
           {"toyota": ("{w} from nagoya",), "honda": ("{w} from tokyo",), "ford": ("{w} from detroit",),
            "nissan": ("{w} from yokohama",), "volvo": ("{w} from sweden",), "fiat": ("{w} from turin",)}),
    _plain("pronouns", ("{w} think that it works", "{w} said so", "do {w} agree"),
           {"i": ("{w} myself",), "you": ("{w} yourself",), "we": ("{w} ourselves",), "they": ("{w} themselves",)}),
    _plain("time", ("meet me next {w}", "it rained all {w}", "once a {w} the shop closes"),
           {"year": ("a {w} of seasons",), "month": ("a {w} of weeks",), "week": ("a {w} of days",),
            "day": ("a {w} of hours",), "decade": ("a {w} of years",)}),
)


def _all_words() -> list[str]:
    return [word for cls in CLASSES for word in cls.words]


def analogies() -> list[tuple[str, str, str, str]]:
    """Every quadruple a : b = c : d that holds by construction: in a factored class, a and b differ in
    one property only, a and c in the other only, and d has b's value of the one and c's of the other
    (king : man = queen : woman and king : queen = man : woman alike)."""
    found = []
    for cls in CLASSES:
        if not cls.factored:
            continue
        by_props = {props: word for word, props in cls.words.items()}
        firsts = sorted({p[0] for p in cls.words.values()})
        seconds = sorted({p[1] for p in cls.words.values()})
        for x, x2 in itertools.permutations(firsts, 2):
            for y, y2 in itertools.permutations(seconds, 2):
                a, b, c, d = by_props[x, y], by_props[x2, y], by_props[x, y2], by_props[x2, y2]
                found += [(a, b, c, d), (a, c, b, d)]
    return found


# The four, in the book's form a : b = c : ? (all among `analogies()`).
BOOK_ANALOGIES = (("king", "man", "queen", "woman"), ("take", "took", "go", "went"),
                  ("car", "cars", "child", "children"), ("good", "better", "bad", "worse"))


def word_classes() -> dict[str, str]:
    """word → the name of its class, for every probe word."""
    return {word: cls.name for cls in CLASSES for word in cls.words}


def sentences(count: int = SENTENCES, seed: int = SEED) -> list[str]:
    """`count` sentences: each picks a class, one of its words, one axis and a template of that word's property."""
    rng = numpy.random.default_rng(seed)
    lines = []
    for _ in range(count):
        cls = CLASSES[rng.integers(len(CLASSES))]
        words = list(cls.words)
        word = words[rng.integers(len(words))]
        axis = rng.integers(len(cls.contexts))
        templates = cls.contexts[axis][cls.words[word][axis]]
        lines.append(templates[rng.integers(len(templates))].replace("{w}", word))
    return lines


@dataclass
class Generated:
    corpus: numpy.ndarray
    word_to_id: dict[str, int]
    id_to_word: dict[int, str]
    classes: dict[str, str]
    analogies: list[tuple[str, str, str, str]]


@lru_cache(maxsize=4)
def _load(count: int, seed: int) -> Generated:
    word_to_id: dict[str, int] = {}
    ids = []
    for line in sentences(count, seed):
        for word in line.split() + [EOS]:
            ids.append(word_to_id.setdefault(word, len(word_to_id)))
    id_to_word = {i: w for w, i in word_to_id.items()}
    return Generated(numpy.array(ids, dtype=numpy.int64), word_to_id, id_to_word, word_classes(), analogies())


def load(count: int = SENTENCES, seed: int = SEED) -> Generated:
    """The generated corpus as word ids (ids in order of first appearance, as the book's preprocess)."""
    made = _load(count, seed)
    return Generated(made.corpus.copy(), dict(made.word_to_id), dict(made.id_to_word),
                     dict(made.classes), list(made.analogies))


def text(count: int = SENTENCES, seed: int = SEED) -> str:
    """The corpus as text, one sentence a line (as PTB's files)."""
    return "\n".join(sentences(count, seed)) + "\n"
