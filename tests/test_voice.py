"""The voice layer without rendering: numbers said as written, phrases and cues, loudness, the cache, bad choices."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from netcore.choices import Choices, read_choices
from netcore.inputs import load_inputs
from storyboard.record import plain
from storyboard.registry import BEATS
from storyboard.subtitles import LINE_LENGTH, LINES_PER_CUE, MIN_CUE, READING_SPEED, phrases, timed_cues
from storyboard.words import numbers_text, thousands
from voice import voice_named
from voice.audio import LOUDNESS, RATE, loudness, normalise, read_audio, true_peak
from voice.engines import Espeak, Festival
from voice.errors import VoiceError
from voice.reading import numbers_in, read_aloud
from voice.speech import Synthesised


def test_numbers_are_said_as_written() -> None:
    assert read_aloud("13,002 weights") == "thirteen thousand and two weights"
    assert read_aloud("b = \u22121.22.") == "b equals minus one point two two."
    assert read_aloud("It holds 0.37.") == "It holds zero point three seven."
    assert read_aloud("95.79% right") == "ninety five point seven nine percent right"
    assert read_aloud("\u03c3(0.25) = 0.56") == "sigma of zero point two five, equals zero point five six"
    assert read_aloud("rows 6\u201312, a 28\u00d728 picture, a\u207d\u00b9\u207e and W\u2082") == (
        "rows six to twelve, a twenty eight by twenty eight picture, a one and W two"
    )
    assert read_aloud("3s, 6s and 20s") == "threes, sixes and twenties"
    assert numbers_in("b = \u22121.22, 13,002 and 95.79%, a\u207d\u00b9\u207e") == ["\u22121.22", "13,002", "95.79%"]


def _written_forms(value: object, out: set[str]) -> None:
    """Every way the storyboard may write a number of the record: whole, with separators, to 2-6 decimals, as a percentage."""
    if isinstance(value, dict):
        for v in value.values():
            _written_forms(v, out)
    elif isinstance(value, list):
        out.add(str(len(value)))
        if value and all(isinstance(v, bool) for v in value):
            out.add(thousands(sum(value)))  # how many are true: "481 of the 500 read right"
        for v in value:
            _written_forms(v, out)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer():
            out |= {str(int(value)), thousands(int(value))}
        if isinstance(value, float):
            out |= {numbers_text(value, d) for d in range(2, 7)} | {numbers_text(abs(value), d) for d in range(2, 7)}
            out.add(numbers_text(100 * value, 2) + "%")


@pytest.mark.parametrize("case", [Choices(), Choices(label=7)], ids=["default", "label7"])
@pytest.mark.parametrize("beat", BEATS, ids=lambda b: b.name)
def test_every_spoken_number_is_a_number_of_the_record(beat, case) -> None:
    record = beat.build(load_inputs(case))
    data = plain(record)
    forms: set[str] = {"0.5"}  # where the sigmoid crosses: a property of σ itself, said as "passes 0.5"
    _written_forms({"numbers": data["numbers"], "header": data["header"]}, forms)
    for step in record.steps:
        for number in numbers_in(step.words):
            assert number in forms, f"{beat.name} {step.name}: {number!r} is said but not in the record"


def test_long_words_become_phrases_that_fit_a_cue() -> None:
    words = "Short one. " + "A very long sentence with many words, " * 4 + "and an end. " + "x " * 60
    for phrase in phrases(words):
        assert len(phrase) <= LINES_PER_CUE * (LINE_LENGTH + 1), phrase
    assert " ".join(phrases(words)) == " ".join(words.split())


def test_cues_last_a_second_and_read_at_17_characters_a_second() -> None:
    said = [("Right.", 0.1, 0.5), ("The network answers 3, which is right.", 0.7, 2.4), ("And it is sure of it.", 2.8, 4.0)]
    cues = timed_cues(said, end=6.0)
    assert [c[0] for c in cues] == ["Right. The network answers 3, which is\nright.", "And it is sure of it."]  # no fragment
    for text, start, end in cues:
        assert end - start >= MIN_CUE and len(text.replace("\n", " ")) / (end - start) <= READING_SPEED + 1e-9
        assert all(len(line) <= LINE_LENGTH for line in text.split("\n")) and text.count("\n") < LINES_PER_CUE
    assert cues[0][1] == 0.1 and cues[1][1] == 2.8  # each starts when its words start


def test_normalised_speech_meets_loudness_and_true_peak() -> None:
    rng = np.random.default_rng(0)
    t = np.arange(3 * RATE) / RATE
    # Speech-like: bursts of a harmonic tone with sharp peaks, far from the target level.
    sound = (0.05 * np.sign(np.sin(2 * np.pi * 3 * t)).clip(0) * np.sin(2 * np.pi * 180 * t) ** 9).astype(np.float32)
    sound += 0.001 * rng.standard_normal(len(t)).astype(np.float32)
    out = normalise(sound)
    assert abs(loudness(out) - LOUDNESS) <= 0.5 and true_peak(out) <= -1.0


class _Counting:
    """An engine that says each phrase as a tone whose length grows with the phrase, and counts its calls."""

    name, voice = "counting", "tone"

    def __init__(self) -> None:
        self.calls = 0

    def check(self) -> None:
        pass

    def synthesise(self, texts: list[str], folder: Path) -> list[Path]:
        from voice.audio import write_wav

        self.calls += 1
        out = []
        for i, text in enumerate(texts):
            t = np.arange(int(0.06 * len(text) * RATE)) / RATE
            write_wav((0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), folder / f"{i}.wav")
            out.append(folder / f"{i}.wav")
        return out


def test_speech_is_cached_by_engine_voice_and_words(tmp_path: Path) -> None:
    engine = _Counting()
    voice = Synthesised(engine, tmp_path)
    first = voice.speak("One sentence here. And a second one, with a clause.")
    again = Synthesised(engine, tmp_path).speak("One sentence here.  And a second one, with a clause.")
    assert engine.calls == 1 and again == first
    assert [p.text for p in first.phrases] == ["One sentence here.", "And a second one, with a clause."]
    assert first.phrases[0].start == pytest.approx(0.05) and first.duration == pytest.approx(len(read_audio(first.path)) / RATE, abs=1e-3)
    Synthesised(engine, tmp_path).speak("Other words.")
    assert engine.calls == 2
    assert Synthesised(Espeak(), tmp_path).key("Other words.") != Synthesised(Festival(), tmp_path).key("Other words.")


def test_concurrent_speakers_share_the_cache_safely(tmp_path: Path) -> None:
    results, errors = [], []

    def speak() -> None:
        try:
            results.append(Synthesised(_Counting(), tmp_path).speak("The same words, said at once by two renders."))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=speak) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len({r.path for r in results}) == 1
    assert len(read_audio(results[0].path)) / RATE == pytest.approx(results[0].duration, abs=1e-3)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


def test_voice_choices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert voice_named("none", tmp_path) is None and voice_named(" None ", tmp_path) is None
    assert read_choices(env={}, config_file=tmp_path / "absent.cfg").voice == "festival"
    assert read_choices(env={"NN_VOICE": "espeak-ng"}, config_file=tmp_path / "absent.cfg").voice == "espeak-ng"
    with pytest.raises(VoiceError, match=r"unknown voice 'klingon' \(choose none, festival, espeak-ng"):
        voice_named("klingon", tmp_path)
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(VoiceError, match=r"not installed \(as root: apt-get install festival festvox-us-slt-hts\)"):
        voice_named("festival", tmp_path)


@pytest.mark.parametrize("engine", ["festival", "espeak-ng"])
def test_each_installed_engine_speaks(engine: str, tmp_path: Path) -> None:
    voice = voice_named(engine, tmp_path)
    speech = voice.speak("The weighted sum is \u22120.97. It has 13,002 weights and biases.")
    sound = read_audio(speech.path)
    assert 2.0 < speech.duration < 15.0 and len(speech.phrases) == 2
    assert abs(loudness(sound) - LOUDNESS) <= 1.0 and true_peak(sound) <= -1.0
    first, second = speech.phrases
    assert first.end < second.start  # a pause between the sentences
    gap = sound[int(first.end * RATE) + 480 : int(second.start * RATE) - 480]
    assert np.sqrt(np.mean(gap**2)) < 1e-3
