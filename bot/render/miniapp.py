"""The consultant's Mini App as HTML: one page whose small script fetches server-rendered parts.

No build chain: the page, its style and its script are the strings below.
The script reads Telegram's signed `initData` and theme from the address's
fragment (`#tgWebAppData=…&tgWebAppThemeParams=…`, as Telegram opens a Mini
App), sends the `initData` with every request, sorts tables in place, and
puts Telegram's theme colours into CSS variables. Every text is rendered on
the server in the consultant's language; each amount in its client's
currency.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING, NamedTuple

from bot.i18n import LANGUAGES, N_, _, current_locale, use_currency, use_locale
from bot.i18n.numbers import format_date, format_number
from bot.render.clients import (
    ADVISED,
    FILTERS,
    HEADLINES,
    client_title,
    decision_line,
    decision_text,
    person,
    spent,
    standing_lines,
)
from bot.render.document import labelled
from bot.render.follow_up_report import COLUMNS, MONEY_COLUMNS, PlanStory
from bot.render.values import money
from bot.spec import Spec

if TYPE_CHECKING:
    from bot.app.portfolio import Standing
    from bot.storage import Decision

HEADER = "X-Telegram-Init-Data"  # the request header the page sends `initData` in
REFUSED = N_("Open this page from the bot's menu button in Telegram.")
SORT_BY = N_("Sort by:")  # above the headings, which a phone shows as buttons over the clients' cards

SHELL = """<!doctype html>
<html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Clients</title>
<style>
:root { color-scheme: light dark; }
body { margin: 0; padding: 12px; font: 15px/1.4 system-ui, sans-serif;
  background: var(--tg-theme-bg-color, #fff); color: var(--tg-theme-text-color, #222); }
a { color: var(--tg-theme-link-color, #2678b6); }
h1 { font-size: 18px; margin: 4px 0 10px; }
h2 { font-size: 16px; margin: 16px 0 6px; }
.hint, .sub { color: var(--tg-theme-hint-color, #777); font-size: 13px; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 6px 6px; border-bottom: 1px solid var(--tg-theme-secondary-bg-color, #eee);
  vertical-align: top; }
th { cursor: pointer; white-space: nowrap; background: var(--tg-theme-secondary-bg-color, #f4f4f5); }
th[aria-sort=ascending]::after { content: " ▲"; }
th[aria-sort=descending]::after { content: " ▼"; }
td.num { text-align: right; white-space: nowrap; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0; }
.button { display: inline-block; padding: 8px 12px; border-radius: 8px; text-decoration: none;
  background: var(--tg-theme-button-color, #2678b6); color: var(--tg-theme-button-text-color, #fff); }
.lines p { margin: 2px 0; }
img.chart { width: 100%; height: auto; }
td.client { min-width: 7em; }
.dot { display: inline-block; width: 12px; height: 12px; border-radius: 50%; }
.u0 { background: #2e9e5b; } .u1 { background: #e0b020; } .u2, .u3 { background: #e07a20; }
.u4, .u5 { background: #d64541; }
.sort-hint { display: none; margin: 0 0 4px; }
/* On a phone each row is a card of labelled lines, and the headings are sort buttons above the cards:
   nine columns side by side would make the consultant scroll sideways to read one client. */
@media (max-width: 640px) {
  table, tbody, tr, td { display: block; }
  thead tr { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 4px; }
  th { border-radius: 14px; padding: 4px 10px; border: none; white-space: normal; }
  tbody tr { border: 1px solid var(--tg-theme-secondary-bg-color, #ddd); border-radius: 10px; margin: 8px 0;
    padding: 6px 10px; }
  td, td.num { display: flex; justify-content: space-between; gap: 12px; border: none; padding: 2px 0;
    text-align: right; white-space: normal; }
  td::before { content: attr(data-label); color: var(--tg-theme-hint-color, #777); text-align: left; }
  td.client { display: block; text-align: left; font-size: 15px; }
  td.client::before { content: none; }
  .sort-hint { display: block; }
}
</style></head>
<body><main id="view"><p class="hint">…</p></main>
<script>
const fragment = new URLSearchParams(location.hash.slice(1));
const init = (window.Telegram && Telegram.WebApp && Telegram.WebApp.initData) || fragment.get("tgWebAppData") || "";
const theme = JSON.parse(fragment.get("tgWebAppThemeParams") || "{}");
for (const [key, value] of Object.entries(theme)) {
  document.documentElement.style.setProperty("--tg-theme-" + key.replaceAll("_", "-"), value);
}
const view = document.getElementById("view");
function signed(path) { return path + "?init=" + encodeURIComponent(init); }
async function show(path) {
  const answer = await fetch(path, {headers: {"HEADER": init}});
  view.innerHTML = await answer.text();
  view.dataset.status = answer.status;
  view.querySelectorAll("[data-go]").forEach(link => link.onclick = event => {
    event.preventDefault(); show(link.dataset.go); window.scrollTo(0, 0); });
  view.querySelectorAll("[data-file]").forEach(link => link.href = signed(link.dataset.file));
  view.querySelectorAll("[data-src]").forEach(image => image.src = signed(image.dataset.src));
  view.querySelectorAll("th[data-col]").forEach(heading => heading.onclick = () => sort(heading));
}
function sort(heading) {
  const body = heading.closest("table").tBodies[0];
  const column = Number(heading.dataset.col);
  const up = heading.getAttribute("aria-sort") !== "ascending";
  const key = row => row.cells[column].dataset.sort;
  const rows = [...body.rows].sort((a, b) => {
    const x = key(a), y = key(b), nx = parseFloat(x), ny = parseFloat(y);
    const order = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y);
    return up ? order : -order;
  });
  rows.forEach(row => body.appendChild(row));
  heading.closest("tr").querySelectorAll("th").forEach(other => other.setAttribute("aria-sort",
    other === heading ? (up ? "ascending" : "descending") : "none"));
}
show("clients");
</script></body></html>
""".replace('"HEADER"', f'"{HEADER}"')


class Cell(NamedTuple):
    """One table cell: its HTML (already escaped), the value the table sorts it by, and its class."""

    html: str
    sort: str | float
    kind: str = ""  # "num": a figure, right-aligned; "client": the client's name, a phone card's title


def _cell(text: str, sort: str | float, number: bool = False) -> Cell:
    return Cell(escape(text), sort, "num" if number else "")


def _table(headings: Sequence[str], rows: Sequence[Sequence[Cell]], table_id: str = "") -> str:
    """A table sorted by tapping a heading; each cell carries its heading, which a phone shows beside it."""
    head = "".join(f'<th data-col="{column}" aria-sort="none">{escape(text)}</th>'
                   for column, text in enumerate(headings))
    body = []
    for row in rows:
        cells = []
        for heading, cell in zip(headings, row, strict=True):
            classes = f' class="{cell.kind}"' if cell.kind else ""
            cells.append(f'<td{classes} data-label="{escape(heading)}" data-sort="{escape(str(cell.sort))}">'
                         f"{cell.html}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    ident = f' id="{table_id}"' if table_id else ""
    return (f'<div class="scroll"><table{ident}><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>")


def _figure(value: float | None) -> str:
    return "–" if value is None else format_number(value, current_locale(), 1)


def clients_page(standings: Sequence[Standing], tokens: Sequence[str], spec: Spec) -> str:
    """The sortable table of every client, most urgent first; each name opens the client's page."""
    headings = [_("Client"), _("Urgency"), _("Advice"), _("New customers a month"),
                _("New customers a month that pay for the plan"), _("Cost so far"), _("Decisions"),
                _("Weeks since the last check-in"), _("Reminders unanswered")]
    rows = []
    for standing, token in zip(standings, tokens, strict=True):
        advice, decision = standing.advice, standing.decision
        name = person(standing.client.name)
        with use_currency(standing.currency):
            cost = spent(advice) if advice else "–"
        rows.append([
            Cell(f'<a href="#" data-go="clients/{token}">{escape(name)}</a>'
                 f'<div class="sub">{escape(standing.client.business or "")}</div>', name, kind="client"),
            Cell(f'<span class="dot u{standing.urgency}" title="{standing.urgency}"></span>', 5 - standing.urgency),
            _cell(_(ADVISED[advice.choice]) if advice else "–", advice.choice if advice else ""),
            _cell(_figure(standing.pace), standing.pace if standing.pace is not None else -1, number=True),
            _cell(_figure(standing.needed), standing.needed if standing.needed is not None else -1, number=True),
            _cell(cost, -1 if advice is None or advice.cost_so_far is None else float(advice.cost_so_far),
                  number=True),
            _cell(decision_text(decision) if decision else "–", decision.state if decision else ""),
            _cell(str(standing.weeks_quiet) if standing.weeks_quiet is not None else "–",
                  standing.weeks_quiet if standing.weeks_quiet is not None else -1, number=True),
            _cell(str(standing.unanswered), standing.unanswered, number=True)])
    return (f"<h1>{escape(_('Your clients, most urgent first'))}</h1>"
            f'<p class="hint">{escape(labelled(_(FILTERS["all"]), str(len(rows))))}</p>'
            f'<p class="hint sort-hint">{escape(_(SORT_BY))}</p>'
            + _table(headings, rows, "clients") +
            f'<div class="actions"><a class="button" data-file="checkins.csv" download>'
            f"{escape(_('All check-ins (CSV)'))}</a></div>")


def client_page(standing: Standing, token: str, spec: Spec, plans: Sequence[PlanStory],
                decisions: Sequence[Decision]) -> str:
    """One client: where they stand, the chart, every check-in as a table, the decisions, and the files."""
    parts = [f'<p><a href="#" data-go="clients">← {escape(_("Your clients, most urgent first"))}</a></p>',
             f"<h1>{escape(client_title(standing.client, spec))}</h1>"]
    if standing.client.headline:
        parts.append(f'<p class="sub">{escape(_(HEADLINES[standing.client.headline]))}</p>')
    parts.append('<div class="lines">' + "".join(f"<p>{escape(line)}</p>" for line in standing_lines(standing))
                 + "</div>")
    if plans and plans[-1].checkins:
        parts.append(f'<img class="chart" alt="{escape(_("Chart"))}" data-src="clients/{token}/chart.png">')
    parts.append(f"<h2>{escape(_('Check-ins:'))}</h2>" + _checkin_table(plans))
    if decisions:
        parts.append(f"<h2>{escape(_('Decisions:'))}</h2>")
        parts.append("<ul>" + "".join(f"<li>{escape(decision_line(d))}</li>" for d in decisions) + "</ul>")
    if plans:
        parts.append(f'<div class="actions"><a class="button" data-file="clients/{token}/follow-up.pdf" download>'
                     f'{escape(_("Follow-up (PDF)"))}</a><a class="button" data-file="clients/{token}/checkins.csv" '
                     f'download>{escape(_("Check-ins (CSV)"))}</a></div>')
    return "".join(parts)


def _checkin_table(plans: Sequence[PlanStory]) -> str:
    rows = [(story, checkin) for story in plans for checkin in story.checkins]
    if not rows:
        return f"<p>{escape(_('No check-in yet.'))}</p>"
    locale = current_locale()
    body = []
    for story, checkin in rows:
        cells = [_cell(format_date(checkin.at.date(), locale), checkin.at.isoformat()),
                 _cell(str(story.number), story.number, number=True)]
        with use_currency(story.verdict.currency):
            for key, _label in COLUMNS:
                value = checkin.answers.get(key)
                shown = "–" if value is None else money(value) if key in MONEY_COLUMNS else format_number(value, locale)
                cells.append(_cell(shown, value if value is not None else -1, number=True))
        body.append(cells)
    return _table([_("Date"), _("Plan"), *(_(label) for _key, label in COLUMNS)], body)


def refused() -> str:
    """What a request without valid `initData` is shown, in both languages (whose it is, nobody knows)."""
    said = []
    for language in LANGUAGES:
        with use_locale(language):
            said.append(f"<p>{escape(_(REFUSED))}</p>")
    return "".join(said)
