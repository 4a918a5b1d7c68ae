"""The educator's own recordings: generated takes of known lengths, the script, and every bad recording."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest

from netcore.choices import Choices
from netcore.inputs import load_inputs
from storyboard.registry import beat_named
from voice import voice_named
from voice.audio import LOUDNESS, RATE, loudness, read_audio, true_peak, write_wav
from voice.errors import VoiceError
from voice.recordings import Recordings
from voice.speech import BREATH

ROOT = Path(__file__).resolve().parents[1]
STEPS = [step.name for step in beat_named("forward").build(load_inputs(Choices())).steps]


def _take(seconds: float, lead: float = 0.7, tail: float = 0.9) -> np.ndarray:
    """A voice-like take: ``seconds`` of syllables (a buzzing 150 Hz vowel, 4 a second) between silences."""
    t = np.arange(int(seconds * RATE)) / RATE
    voiced = (0.2 * np.sin(2 * np.pi * 150 * t) * (np.sin(2 * np.pi * 4 * t) > -0.6)).astype(np.float32)
    return np.concatenate([np.zeros(int(lead * RATE), np.float32), voiced, np.zeros(int(tail * RATE), np.float32)])


def _folder(root: Path, lengths: dict[str, float], suffix: str = ".wav") -> Path:
    (root / "forward").mkdir(parents=True)
    for step, seconds in lengths.items():
        path = root / "forward" / f"{step}.wav"
        write_wav(_take(seconds), path)
        if suffix != ".wav":  # re-encode with PyAV
            with av.open(str(path)) as source, av.open(str(path.with_suffix(suffix)), "w") as out:
                stream = out.add_stream({".flac": "flac", ".ogg": "libopus", ".mp3": "libmp3lame"}[suffix], rate=RATE)
                for frame in source.decode(audio=0):
                    for packet in stream.encode(frame):
                        out.mux(packet)
                for packet in stream.encode():
                    out.mux(packet)
            path.unlink()
    return root


@pytest.mark.parametrize("suffix", [".wav", ".flac", ".ogg", ".mp3"])
def test_a_take_is_trimmed_normalised_and_timed(tmp_path: Path, suffix: str) -> None:
    folder = _folder(tmp_path / "rec", {"digit": 4.0}, suffix)
    voice = Recordings(folder, tmp_path / "cache")
    speech = voice.speak("A first phrase here. And a second phrase, a little longer than the first.", "forward", "digit")
    assert speech.duration == pytest.approx(4.0 + 0.1, abs=0.1)  # the take without its silences, 0.05 s each side
    sound = read_audio(speech.path)
    assert abs(loudness(sound) - LOUDNESS) <= 1.0 and true_peak(sound) <= -1.0
    first, second = speech.phrases
    assert first.start == pytest.approx(0.05) and second.end == pytest.approx(speech.duration - 0.05, abs=0.02)
    assert first.end == second.start
    share = 0.05 + 4.0 * len(first.text) / (len(first.text) + len(second.text))
    assert abs(first.end - share) <= 0.41  # shared by characters, then moved to the nearest pause
    at = int(first.end * RATE)
    assert np.sqrt(np.mean(sound[at - 240 : at + 240] ** 2)) < 3e-3  # which is silent (-50 dBFS; Opus leaves a little)


def test_missing_steps_are_named_in_one_line(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "rec", {"digit": 1.0, "network": 1.0})
    with pytest.raises(VoiceError) as error:
        voice_named(str(folder), tmp_path / "cache").check("forward", STEPS)
    message = str(error.value)
    assert "no recording for forward steps input, propagate, answer" in message and "\n" not in message


def test_a_fallback_voice_says_the_missing_steps(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "rec", {"digit": 1.0})
    voice = voice_named(f"{folder},espeak-ng", tmp_path / "cache")
    warnings: list[str] = []
    voice.warn = warnings.append
    voice.check("forward", STEPS)  # no error: the fallback will say them
    assert len(warnings) == 1 and "input, network, propagate, answer" in warnings[0]
    said = voice.speak("The network answers 3.", "forward", "answer")
    assert [p.text for p in said.phrases] == ["The network answers 3."]  # synthesised, timed as any speech
    recorded = voice.speak("A handwritten 3.", "forward", "digit")
    assert recorded.duration == pytest.approx(1.1, abs=0.1)  # the take, not the fallback


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"this is not audio at all", "not a readable audio file"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00", "not a readable audio file"),  # cut short
    ],
    ids=["text", "truncated"],
)
def test_not_audio_is_refused(tmp_path: Path, body: bytes, message: str) -> None:
    (tmp_path / "rec" / "forward").mkdir(parents=True)
    (tmp_path / "rec" / "forward" / "digit.wav").write_bytes(body)
    with pytest.raises(VoiceError, match=message):
        Recordings(tmp_path / "rec", tmp_path / "cache").speak("Words.", "forward", "digit")


def test_a_take_over_90_seconds_is_refused(tmp_path: Path) -> None:
    (tmp_path / "rec" / "forward").mkdir(parents=True)
    write_wav(np.zeros(91 * RATE, np.float32) + 0.1, tmp_path / "rec" / "forward" / "digit.wav")
    with pytest.raises(VoiceError, match="longer than 90 s"):
        Recordings(tmp_path / "rec", tmp_path / "cache").speak("Words.", "forward", "digit")


def test_a_silent_take_warns(tmp_path: Path) -> None:
    (tmp_path / "rec" / "forward").mkdir(parents=True)
    write_wav(np.zeros(2 * RATE, np.float32), tmp_path / "rec" / "forward" / "digit.wav")
    warnings: list[str] = []
    speech = Recordings(tmp_path / "rec", tmp_path / "cache", warn=warnings.append).speak("Words.", "forward", "digit")
    assert speech.phrases == () and len(warnings) == 1 and "is silent" in warnings[0]


def test_a_path_that_is_not_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(VoiceError, match="no such folder of recordings"):
        voice_named(str(tmp_path / "absent"), tmp_path / "cache")


def _manim(tmp_path: Path, voice: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NN_")} | {"NN_VOICE": str(voice)}
    manim = str(Path(sys.executable).with_name("manim"))
    return subprocess.run(
        [manim, "-ql", "--save_sections", "--media_dir", str(tmp_path / "media"), "scenes/forward.py", "ForwardPass"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )


@pytest.mark.render
def test_each_section_lasts_its_recording_and_a_breath(tmp_path: Path) -> None:
    lengths = dict(zip(STEPS, [12.0, 2.0, 9.0, 3.0, 10.0]))
    done = _manim(tmp_path, _folder(tmp_path / "rec", lengths))
    assert done.returncode == 0, done.stderr[-2000:]
    folder = tmp_path / "media" / "videos" / "forward" / "480p15"
    sections = json.loads((folder / "sections" / "ForwardPass.json").read_text())
    for section in sections:
        assert float(section["duration"]) >= lengths[section["name"]] + 0.1 + BREATH - 0.07, section
    assert float(sections[0]["duration"]) < 12.1 + BREATH + 0.2  # the take set this step's length, not the animation
    with av.open(str(folder / "ForwardPass.mp4")) as clip:
        assert clip.streams.audio[0].rate == RATE


@pytest.mark.render
def test_a_render_with_a_step_missing_stops_with_one_line(tmp_path: Path) -> None:
    done = _manim(tmp_path, _folder(tmp_path / "rec", {"digit": 1.0}))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and "no recording for forward steps input, network, propagate, answer" in errors[0]
    assert not list((tmp_path / "media").rglob("*.mp4"))


@pytest.mark.render
def test_script_lists_every_step_with_its_words_and_animation_time(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NN_")}
    done = subprocess.run(
        [sys.executable, "-m", "studio", "script", "neuron-bias", "--out", str(tmp_path / "rec")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    entries = json.loads((tmp_path / "rec" / "script.json").read_text())
    steps = beat_named("neuron-bias").build(load_inputs(Choices())).steps
    assert [(e["step"], e["words"]) for e in entries] == [(s.name, s.words) for s in steps]
    assert all(1.0 < e["animation_seconds"] < 20.0 for e in entries)
    assert (tmp_path / "rec" / "neuron-bias").is_dir() and "neuron-bias/bias.wav" in (tmp_path / "rec" / "script.md").read_text()
