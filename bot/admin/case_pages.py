"""The cases pages: open and recent cases, one case with its audit trail, claim and resolve.

Claiming and resolving here go through the same core as the buttons on Telegram
(`CaseRepository`), and whatever Telegram must show (the full card in the caseworker's private
chat, "Claimed by …" on the group's card, the survivor's notice) is left in the outbox for the
bot to send: the console is a separate process and never talks to Telegram itself.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.admin.accounts import Role
from bot.admin.case_views import CaseRow, claim_note, desk_of, open_first, own_waits, trail
from bot.admin.console import Console
from bot.admin.security import checked_form
from bot.escalation.cards import case_card, short_card
from bot.escalation.cases import CaseRepository, ClaimOutcome
from bot.escalation.staff import StaffRepository
from bot.storage.models import Caseworker, StaffAccount

RECENTLY_RESOLVED = 20
STAFF = (Role.CASEWORKER, Role.ADMINISTRATOR)
NOT_THE_CLAIMER = "Only the caseworker who claimed an open case can resolve it."


class TopicTitles:
    """Flow titles for the topics on a case card, from the content the bot serves: read once,
    and again whenever a new version is published (reading every flow takes a moment)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self._version: int | None = None
        self._titles: dict[str, str] | None = None

    def __call__(self) -> dict[str, str]:
        version = self.console.content.latest_version()
        if self._titles is None or version != self._version:
            today = self.console.clock.now().date()
            self._titles = self.console.load_content(self.console.settings, today).topic_titles()
            self._version = version
        return self._titles


def case_routes(console: Console) -> list[Route]:
    titles = TopicTitles(console)

    async def case_list(request: Request) -> Response:
        account = console.staff(request, *STAFF)
        now = console.clock.now()
        with console.database.transaction() as session:
            staff = StaffRepository(session)
            cases = CaseRepository(session)
            names = _names(staff)
            open_cases = open_first(cases.active())
            recent = cases.resolved_recently(RECENTLY_RESOLVED)
            active = [CaseRow.of(case, now, names) for case in open_cases]
            resolved = [CaseRow.of(case, now, names) for case in recent]
            desk = desk_of(account, staff)
            waits = own_waits(desk, [*open_cases, *recent])
        return console.render(
            request, "cases.html", active=active, resolved=resolved, desk=desk, waits=waits
        )

    async def case_page(request: Request) -> Response:
        account = console.staff(request, *STAFF)
        return _case_page(request, account, _case_id(request))

    def _case_page(
        request: Request,
        account: StaffAccount,
        case_id: int,
        status_code: int = 200,
        error: str | None = None,
    ) -> Response:
        now, topics = console.clock.now(), titles()
        with console.database.transaction() as session:
            cases, staff = CaseRepository(session), StaffRepository(session)
            case = cases.get(case_id)
            if case is None:
                raise HTTPException(404, f"There is no case #{case_id}.")
            desk = desk_of(account, staff)
            # The full card only to the caseworker who holds the case, as on Telegram.
            mine = desk.claimed(case)
            card = case_card(session, case, now, topics) if mine else short_card(case, now)
            web_card = (
                cases.console_card(case_id, desk.caseworker.telegram_user_id)
                if desk.caseworker
                else None
            )
            names = _names(staff)
            events = cases.events(case_id)
        return console.render(
            request,
            "case.html",
            status_code=status_code,
            case=case,
            row=CaseRow.of(case, now, names),
            card=card,
            full=mine,
            trail=trail(events, names),
            desk=desk,
            note=claim_note(desk, case, web_card),
            error=error,
        )

    async def claim(request: Request) -> Response:
        account = console.staff(request, Role.CASEWORKER)
        await checked_form(request)
        case_id = _case_id(request)
        with console.database.transaction() as session:
            caseworker = _acting(account, StaffRepository(session))
            outcome = CaseRepository(session).claim_from_console(
                case_id, caseworker, console.clock.now(), console.settings.office_hours
            )
        if outcome is ClaimOutcome.NOT_FOUND:
            raise HTTPException(404, f"There is no case #{case_id}.")
        if outcome in (ClaimOutcome.TAKEN, ClaimOutcome.CLOSED):
            return _case_page(
                request, account, case_id, 409, f"Case #{case_id} is {outcome.value}."
            )
        return RedirectResponse(f"/cases/{case_id}", status_code=303)

    async def resolve(request: Request) -> Response:
        account = console.staff(request, Role.CASEWORKER)
        await checked_form(request)
        case_id = _case_id(request)
        with console.database.transaction() as session:
            caseworker = _acting(account, StaffRepository(session))
            cases = CaseRepository(session)
            case = cases.get(case_id)
            if case is None:
                raise HTTPException(404, f"There is no case #{case_id}.")
            allowed = case.status == "claimed" and case.claimed_by == caseworker.telegram_user_id
            if allowed:
                cases.resolve(case, caseworker, console.clock.now())
        if not allowed:
            return _case_page(request, account, case_id, 409, NOT_THE_CLAIMER)
        return RedirectResponse(f"/cases/{case_id}", status_code=303)

    return [
        Route("/cases", case_list),
        Route("/cases/{case_id:row_id}", case_page),
        Route("/cases/{case_id:row_id}/claim", claim, methods=["POST"]),
        Route("/cases/{case_id:row_id}/resolve", resolve, methods=["POST"]),
    ]


def _case_id(request: Request) -> int:
    case_id: int = request.path_params["case_id"]
    return case_id


def _acting(account: StaffAccount, staff: StaffRepository) -> Caseworker:
    """The registered caseworker a caseworker account acts as; 403 if there is none."""
    desk = desk_of(account, staff)
    if desk.caseworker is None:
        raise HTTPException(403, desk.why_not or "Your account cannot do this.")
    return desk.caseworker


def _names(staff: StaffRepository) -> dict[int, str]:
    return {person.telegram_user_id: person.name for person in staff.caseworkers()}
