"""Translations in the web console: each language's standing in the draft, the English beside
each translation, and a native speaker's check, which is a draft change like any other."""

from __future__ import annotations

import io
import re

import pytest
from babel.messages.pofile import read_po, write_po

from bot.admin.content import ContentStore
from bot.app import load_for_console
from bot.config import PROJECT_ROOT
from bot.flows.translations import workflow
from bot.i18n.quality import UNREVIEWED
from tests.console_harness import ADMIN, CASEWORKER_USER, ConsoleUnderTest

SQ = "locales/sq/LC_MESSAGES/messages.po"
FEELINGS = (
    "after_decision/positive_decision",
    "This can bring many feelings. That is normal. Take your time.",
)
HELPLINE = (
    "after_decision/after_support",
    "If you are not sure, the helpline can explain: 08000 121 700.",
)


def content(console: ConsoleUnderTest) -> ContentStore:
    runtime = console.runtime
    return ContentStore(runtime.settings, runtime.database, runtime.clock, load_for_console)


def catalogue(text: str):
    return read_po(io.BytesIO(text.encode("utf-8")))


def entry(text: str, key: tuple[str | None, str]):
    context, source = key
    found = catalogue(text).get(source, context)
    assert found is not None, key
    return found


def draft_with_problems(console: ConsoleUnderTest) -> str:
    """In the draft: one translation gone, one fuzzy, one with the helpline number changed."""
    store = content(console)
    parsed = catalogue(store.draft_files()[SQ])
    helpline = parsed.get(HELPLINE[1], HELPLINE[0])
    helpline.string = helpline.string.replace("08000 121 700", "08000 121 701")
    parsed.get(FEELINGS[1], FEELINGS[0]).flags.add("fuzzy")
    emptied = next(m for m in parsed if m.id and m.context == "menu/menu")
    emptied.string = ""
    buffer = io.BytesIO()
    write_po(buffer, parsed, width=100)
    store.save_draft(SQ, buffer.getvalue().decode("utf-8"), "test")
    return str(emptied.id)


def cells(html: str, code: str) -> list[str]:
    """The text of each cell in a language's row of the overview."""
    row = re.search(rf'<tr>\s*<td><a href="/translations/{code}">.*?</tr>', html, re.DOTALL)
    assert row, code
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td>(.*?)</td>", row[0], re.DOTALL)
    ]


def page_token(console: ConsoleUnderTest) -> str:
    return console.form_token("/translations/sq?show=unreviewed")


def mark(console: ConsoleUnderTest, key: tuple[str | None, str], token: str | None):
    """Press "Checked by a native speaker" on one translation (`token`: the form's CSRF token)."""
    data = {"context": key[0] or "", "source": key[1], "show": "unreviewed"}
    if token is not None:
        data["csrf_token"] = token
    return console.client.post("/translations/sq/reviewed", data=data, follow_redirects=False)


@pytest.mark.security
def test_a_caseworker_cannot_reach_translations_the_flow_editor_or_publishing(console):
    console.sign_in(CASEWORKER_USER)
    token = console.form_token("/cases")  # their own valid token: the role is what is refused
    assert console.client.get("/translations").status_code == 403
    assert console.client.get("/translations/sq").status_code == 403
    assert console.client.get("/flows").status_code == 403
    assert mark(console, FEELINGS, token).status_code == 403
    published = console.client.post("/publish", data={"csrf_token": token, "summary": "x"})
    assert published.status_code == 403 and "Not allowed" in published.text
    assert content(console).drafts() == {}


def test_the_overview_counts_every_language_in_the_draft(console):
    console.sign_in(ADMIN)
    page = console.client.get("/translations")
    assert page.status_code == 200
    for code in ("am", "ar", "ckb", "fa", "ps", "ro", "sq", "ti", "vi"):
        assert f'href="/translations/{code}"' in page.text
    language, percent, checked, unreviewed, fuzzy, missing = cells(page.text, "sq")
    assert language.startswith("Albanian (Shqip)") and percent == "100%"
    assert (checked, fuzzy, missing) == ("0", "0", "0") and int(unreviewed) > 700

    draft_with_problems(console)
    after = cells(console.client.get("/translations").text, "sq")
    store = content(console)
    with store.materialised(store.draft_files()) as drafted:
        template = workflow.extract(drafted.flows_dir, PROJECT_ROOT / "bot")
        expected = workflow.status(template, drafted.locales_dir, "sq")
    assert after[1:] == [
        f"{expected.percent}%",
        "0",
        str(expected.unreviewed),
        "1",
        str(expected.missing),
    ]
    assert expected.missing == 2 and expected.unreviewed == int(unreviewed) - 3
    assert cells(console.client.get("/translations").text, "ar")[4:] == ["0", "0"]
    assert 'href="/draft"' in page.text


def test_a_language_shows_english_beside_each_translation_right_to_left_where_it_reads_so(
    console,
):
    console.sign_in(ADMIN)
    arabic = console.client.get("/translations/ar").text
    assert '<td dir="rtl" lang="ar">' in arabic and '<td dir="ltr" lang="en">' in arabic
    albanian = console.client.get("/translations/sq").text
    assert '<td dir="ltr" lang="sq">' in albanian and '<td dir="rtl"' not in albanian
    assert (
        '<td dir="ltr" lang="en">This can bring many feelings. That is normal. Take your time.</td>'
        in albanian
    )
    assert "Kjo mund të sjellë shumë ndjenja. Është normale. Mos nxitoni." in albanian
    assert console.client.get("/translations/xx").status_code == 404


def test_the_filter_shows_what_is_missing_and_why(console):
    emptied = draft_with_problems(console)
    console.sign_in(ADMIN)
    missing = console.client.get("/translations/sq?show=missing").text
    rows = re.findall(r"<tr>\s*<td>", missing)
    assert len(rows) == 2
    assert HELPLINE[1] in missing
    assert "missing: a number of the English is missing or changed: 08000 121 700" in missing
    assert emptied in missing
    assert FEELINGS[1] not in missing
    fuzzy = console.client.get("/translations/sq?show=fuzzy").text
    assert FEELINGS[1] in fuzzy and len(re.findall(r"<tr>\s*<td>", fuzzy)) == 1
    assert "Checked by a native speaker" not in fuzzy  # only unreviewed ones can be marked


def test_marking_a_translation_checked_changes_the_draft_only(console):
    console.sign_in(ADMIN)
    live = content(console).live_files()[SQ]
    answer = mark(console, FEELINGS, page_token(console))
    assert answer.status_code == 303
    assert answer.headers["location"] == "/translations/sq?show=unreviewed&marked=1"

    drafted = content(console).drafts()[SQ]
    assert UNREVIEWED not in entry(drafted, FEELINGS).flags
    assert UNREVIEWED in entry(drafted, HELPLINE).flags  # only that one
    assert content(console).live_files()[SQ] == live  # survivors see it once published
    assert UNREVIEWED in entry(live, FEELINGS).flags

    page = console.client.get(answer.headers["location"]).text
    assert "Marked as checked in the draft" in page and 'href="/draft"' in page
    assert FEELINGS[1] not in page  # no longer unreviewed
    checked = console.client.get("/translations/sq?show=checked").text
    assert FEELINGS[1] in checked
    assert cells(console.client.get("/translations").text, "sq")[2] == "1"


@pytest.mark.security
def test_marking_needs_the_csrf_token_and_an_unreviewed_translation(console):
    draft_with_problems(console)
    console.sign_in(ADMIN)
    before = content(console).drafts()
    assert mark(console, HELPLINE, token=None).status_code == 403
    refused = mark(console, HELPLINE, page_token(console))  # missing: a changed number
    assert refused.status_code == 409 and "can be marked" in refused.text
    assert mark(console, FEELINGS, page_token(console)).status_code == 409  # fuzzy
    unknown = (None, "No such words anywhere")
    assert mark(console, unknown, page_token(console)).status_code == 409
    assert content(console).drafts() == before


def test_the_term_base_is_shown_beside_a_string_that_uses_a_key_term(console):
    console.sign_in(ADMIN)
    page = console.client.get("/translations/am").text
    row = next(
        part
        for part in page.split("<tr>")
        if '<td dir="ltr" lang="en">what is conclusive grounds</td>' in part
    )
    assert '<span lang="en">conclusive grounds</span>' in row
    assert '<span dir="ltr" lang="am">የመጨረሻ ውሳኔ</span>' in row
    persian = console.client.get("/translations/fa").text
    assert '(Dari: <span dir="rtl" lang="prs">حاضری دادن</span>)' in persian
    rows = page.split("<tr>")
    plain = next(row for row in rows if '<td dir="ltr" lang="en">Delete this chat</td>' in row)
    assert '<td class="terms">' in plain and "<li>" not in plain  # no key term, nothing shown


def test_a_counted_message_shows_every_plural_form_and_can_be_marked_checked(console):
    console.sign_in(ADMIN)
    page = console.client.get("/translations/ar").text
    row = next(part for part in page.split("<tr>") if "{days} day left." in part)
    assert "<small>more than one:</small> {days} days left." in row
    assert '<dt dir="ltr" lang="en">two (2)</dt><dd>بقي يومان.</dd>' in row
    assert '<dt dir="ltr" lang="en">few (3, 4, 5, ...)</dt><dd>بقيت {days} أيام.</dd>' in row
    token = console.form_token("/translations/ar")
    marked = console.client.post(
        "/translations/ar/reviewed",
        data={"csrf_token": token, "context": "", "source": "{days} day left.", "show": "all"},
        follow_redirects=False,
    )
    assert marked.status_code == 303
    drafts = content(console).drafts()
    drafted = entry(drafts["locales/ar/LC_MESSAGES/messages.po"], (None, "{days} day left."))
    assert UNREVIEWED not in drafted.flags and len(drafted.string) == 6
