"""The flow editor: every flow, a flow's nodes, and one node's text in English beside a
language, with its buttons. Saving writes the draft and shows the draft's check next to the
fields; nothing here publishes. Administrators only."""

from __future__ import annotations

import hashlib
import re

from babel import Locale, UnknownLocaleError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.admin.accounts import Role
from bot.admin.console import Console
from bot.admin.draft_problems import in_content_terms, over, placed
from bot.admin.flow_editing import FlowDocument, FlowEditError, NodeFields
from bot.admin.flow_listing import FLOW_FILE, flow_file, node_flows, summary
from bot.admin.node_edits import NodeEdit, catalogue_languages, catalogue_of, edited_files
from bot.admin.node_translations import Translated, translations_in
from bot.admin.security import checked_form
from bot.flows.plain_language import grade
from bot.i18n.translator import language_name

_FIELD = re.compile(r"^(say|label|goto|tr-say|tr-label)-(\d+)$")
ELSEWHERE_SHOWN = 20
SAVED = "Saved to the draft. Nothing changes for survivors until the draft is published."
STALE = (
    "Someone changed this node since you opened it, so nothing was saved. Here it is as it is "
    "now: make your change again."
)


class _Stale(Exception):
    """The page the form came from showed the node as it no longer is."""


def flow_routes(console: Console) -> list[Route]:
    pages = FlowPages(console)
    return [
        Route("/flows", pages.flows),
        Route("/flows/{flow}", pages.flow),
        Route("/flows/{flow}/{node}", pages.node, methods=["GET", "POST"]),
    ]


class FlowPages:
    def __init__(self, console: Console) -> None:
        self.console = console
        self.store = console.content

    async def flows(self, request: Request) -> Response:
        self.console.staff(request, Role.ADMINISTRATOR)
        files = await run_in_threadpool(self.store.draft_files)
        drafts = set(self.store.drafts())
        summaries = [summary(path, text) for path, text in files.items() if FLOW_FILE.match(path)]
        return self.console.render(request, "flows.html", flows=summaries, drafts=drafts)

    async def flow(self, request: Request) -> Response:
        self.console.staff(request, Role.ADMINISTRATOR)
        files = await run_in_threadpool(self.store.draft_files)
        flow = summary(*flow_file(files, request.path_params["flow"]))
        changed = flow.path in self.store.drafts()
        return self.console.render(request, "flow.html", flow=flow, changed=changed)

    async def node(self, request: Request) -> Response:
        account = self.console.staff(request, Role.ADMINISTRATOR)
        flow_id, node_id = request.path_params["flow"], request.path_params["node"]
        if request.method == "GET":
            language = request.query_params.get("language")
            return await self._node_page(request, flow_id, node_id, language)
        form = await checked_form(request)
        asked = str(form.get("language", "")) or None

        def change(files: dict[str, str]) -> dict[str, str]:
            path, text = flow_file(files, flow_id)
            language = asked if asked in catalogue_languages(files) else None
            shown = _seen(
                _node_fields(text, node_id), _translations(files, flow_id, node_id, language)
            )
            if form.get("seen") != shown:
                raise _Stale
            return edited_files(files, path, node_id, _edit(form, language))

        try:
            changed = await run_in_threadpool(self.store.change_drafts, change, account.username)
        except _Stale:
            return await self._node_page(
                request, flow_id, node_id, asked, notice=STALE, status_code=409
            )
        notice = SAVED if changed else "Nothing changed."
        return await self._node_page(request, flow_id, node_id, asked, notice=notice)

    async def _node_page(
        self,
        request: Request,
        flow_id: str,
        node_id: str,
        language: str | None,
        notice: str | None = None,
        status_code: int = 200,
    ) -> Response:
        files = await run_in_threadpool(self.store.draft_files)
        path, text = flow_file(files, flow_id)
        fields = _node_fields(text, node_id)
        languages = catalogue_languages(files)
        language = language if language in languages else None
        translations = _translations(files, flow_id, node_id, language)
        report = in_content_terms(await run_in_threadpool(self.store.check_draft), files)
        lines: dict[str, dict[str, frozenset[int]]] = {path: _field_lines(fields)}
        if language:
            lines[catalogue_of(language)] = _translation_lines(fields, translations)
        problems = placed(report.problems, node_id, lines)
        figures = {m.index: grade(m.text, report.hard_terms) for m in fields.messages}
        return self.console.render(
            request,
            "node.html",
            status_code=status_code,
            flow=flow_id,
            node=fields,
            node_flows=node_flows(files),
            language=language,
            language_label=language_name(language) if language else None,
            direction=_direction(language),
            languages=[(code, language_name(code)) for code in languages],
            translations=translations,
            problems=problems,
            elsewhere=[p for p in problems.elsewhere if p.severity == "error"][:ELSEWHERE_SHOWN],
            elsewhere_count=len(problems.elsewhere),
            figures={i: (g, w, over(g, w, report.limits)) for i, (g, w) in figures.items()},
            limits=report.limits,
            seen=_seen(fields, translations),
            notice=notice,
            publishable=report.publishable,
        )


def _node_fields(text: str, node_id: str) -> NodeFields:
    try:
        return FlowDocument(text).node(node_id)
    except FlowEditError as error:
        raise HTTPException(404, f"This node cannot be edited here: {error}.") from None


def _translations(
    files: dict[str, str], flow_id: str, node_id: str, language: str | None
) -> dict[str, Translated]:
    if language is None:
        return {}
    return translations_in(files[catalogue_of(language)], f"{flow_id}/{node_id}")


def _field_lines(fields: NodeFields) -> dict[str, frozenset[int]]:
    # Transitions before labels: on a one-line button, a broken `goto` belongs by the `goto`.
    lines = {f"say-{m.index}": m.lines for m in fields.messages}
    lines.update({f"goto-{b.index}": b.goto_lines for b in fields.buttons})
    lines.update({f"label-{b.index}": b.label_lines for b in fields.buttons})
    lines["ask"] = fields.question_lines
    return lines


def _translation_lines(
    fields: NodeFields, translations: dict[str, Translated]
) -> dict[str, frozenset[int]]:
    lines = {}
    for name, source in [(f"tr-say-{m.index}", m.text) for m in fields.messages] + [
        (f"tr-label-{b.index}", b.label) for b in fields.buttons
    ]:
        if (entry := translations.get(source)) is not None:
            lines[name] = frozenset({entry.line})
    return lines


def _edit(form: FormData, language: str | None) -> NodeEdit:
    """The form's fields (`say-0`, `goto-2`, `tr-label-1`...), by kind and index."""
    sent: dict[str, dict[int, str]] = {kind: {} for kind in ("say", "label", "goto")}
    sent.update({"tr-say": {}, "tr-label": {}})
    for key, value in form.multi_items():
        if (found := _FIELD.match(key)) and isinstance(value, str):
            sent[found[1]][int(found[2])] = value
    return NodeEdit(
        messages=sent["say"],
        labels=sent["label"],
        gotos=sent["goto"],
        questions=str(form["ask"]) if isinstance(form.get("ask"), str) else None,
        language=language,
        translated_messages=sent["tr-say"],
        translated_labels=sent["tr-label"],
        reviewed=form.get("reviewed") == "yes",
    )


def _seen(fields: NodeFields, translations: dict[str, Translated]) -> str:
    """What the page showed of the node, hashed: a save based on an older page is refused
    rather than silently undoing someone else's change."""
    shown = [
        [m.text for m in fields.messages],
        [(b.label, b.goto) for b in fields.buttons],
        list(fields.questions),
        sorted((source, t.text) for source, t in translations.items()),
    ]
    return hashlib.sha256(repr(shown).encode("utf-8")).hexdigest()[:32]


def _direction(language: str | None) -> str:
    if language is None:
        return "ltr"
    try:
        order = Locale.parse(language).character_order
    except (ValueError, UnknownLocaleError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"
