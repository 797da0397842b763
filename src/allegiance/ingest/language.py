"""Tell English articles from the rest, with the language-identification model py3langid ships."""

from __future__ import annotations

from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

#: Below this confidence a non-English verdict is not trusted (short or name-heavy text).
MIN_CONFIDENCE = 0.5


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """The ISO 639-1 code of ``text``'s language and the model's confidence in it."""
    language, confidence = _identifier().classify(text[:4000])
    return language, float(confidence)


def is_english(text: str) -> tuple[bool, str]:
    """Whether to treat ``text`` as English, and the detected language code."""
    language, confidence = detect_language(text)
    return language == "en" or confidence < MIN_CONFIDENCE, language
