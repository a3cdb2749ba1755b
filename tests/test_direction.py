"""Right-to-left languages read correctly on a phone: direction marked, phone numbers in order."""

from __future__ import annotations

import shutil
from dataclasses import replace

from bot.app import build_runtime
from bot.engine.events import Command, Start
from bot.engine.replies import Message
from bot.i18n.direction import LRI, PDI, RLM, right_to_left, shape
from tests.conftest import FIXTURES

ARABIC_HELP = """
msgctxt "onboarding/help"
msgid ""
"Modern Slavery and Exploitation Helpline: 08000 121 700. It is free and open day and night, "
"in more than 200 languages."
msgstr ""
"خط المساعدة Modern Slavery and Exploitation Helpline: 08000 121 700. "
"مجاني ومفتوح ليلاً ونهاراً، بأكثر من 200 لغة."

msgctxt "onboarding/help"
msgid "If you are in danger now, call 999."
msgstr "إذا كنت في خطر الآن، اتصل بالرقم 999."
"""


def test_a_right_to_left_message_is_marked_and_its_phone_numbers_keep_their_order():
    text = "خط المساعدة Modern Slavery Helpline: 08000 121 700. مجاني، بأكثر من 200 لغة."
    assert right_to_left("اتصل بالرقم 999") and not right_to_left("Call 999, اتصل")
    shaped = shape(text)
    assert shaped.startswith(RLM)
    assert f"{LRI}08000 121 700{PDI}" in shaped
    assert f"{LRI}200{PDI}" not in shaped  # a number in one group needs nothing
    assert shape(shaped) == shaped  # shaping twice changes nothing


def test_left_to_right_text_is_left_exactly_as_it_is():
    for text in ("Call 08000 121 700.", "Telefononi 08000 121 700.", "Gọi 116 123.", "ደውሉ 999"):
        assert shape(text) == text


def test_the_help_screen_in_arabic_reads_right_to_left_on_a_phone(tmp_path, settings, clock):
    locales = tmp_path / "locales"
    shutil.copytree(FIXTURES / "locales", locales)
    catalogue = locales / "ar" / "LC_MESSAGES" / "messages.po"
    catalogue.parent.mkdir(parents=True)
    header = (FIXTURES / "locales" / "sq" / "LC_MESSAGES" / "messages.po").read_text()
    header = header[: header.index("msgctxt")].replace("Language: sq", "Language: ar")
    catalogue.write_text(header + ARABIC_HELP)
    runtime = build_runtime(replace(settings, locales_dir=locales), clock)
    try:
        runtime.conversation.handle("rtl:1", Start("ar", chosen=True))
        replies = runtime.conversation.handle("rtl:1", Command("help")).replies
        texts = [reply.text for reply in replies if isinstance(reply, Message)]
        assert f"{RLM}إذا كنت في خطر الآن، اتصل بالرقم 999." in texts
        [helpline] = [text for text in texts if "08000" in text]
        assert helpline.startswith(RLM) and f"{LRI}08000 121 700{PDI}" in helpline
        english = [text for text in texts if text.startswith("Samaritans")]
        assert english and not english[0].startswith(RLM)  # English fallback stays as it is
    finally:
        runtime.close()
