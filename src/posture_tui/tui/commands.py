"""Command palette provider: "jump to client" by name or birth date."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from posture_tui.store.api import ClientSummary
from posture_tui.tui.workstation import workstation

if TYPE_CHECKING:
    pass


def client_label(summary: ClientSummary) -> str:
    born = summary.birth_date.isoformat() if summary.birth_date else "birth date unknown"
    return f"Client: {summary.name} ({born})"


FUZZY_UP_TO = 2000  # clients scored one by one with the palette's fuzzy matcher
SHOWN_AT_MOST = 200  # in a larger store: the most recent clients holding every word typed


class ClientProvider(Provider):
    """Offers every client; choosing one opens their history."""

    def _clients(self, query: str = "", limit: int | None = None) -> list[ClientSummary]:
        """Every client of a store of up to FUZZY_UP_TO (the palette's fuzzy match picks);
        in a larger one the store's search picks, so a key costs the same at 100,000."""
        app = workstation(self)
        try:
            page = app.repository.client_page(query, SHOWN_AT_MOST if limit is None else limit)
            if page.total > FUZZY_UP_TO:
                return list(page.rows)
            return app.repository.list_clients() if limit is None else list(page.rows)
        except Exception:
            return []

    def _open(self, client_id: str) -> None:
        workstation(self).open_client(client_id)

    async def discover(self) -> Hits:
        for summary in self._clients(limit=20):
            yield DiscoveryHit(
                Content(client_label(summary)),  # a str would be parsed as markup
                partial(self._open, summary.id),
                text=client_label(summary),
                help="jump to client",
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for summary in self._clients(query):
            label = client_label(summary)
            score = matcher.match(label)
            if score > 0:
                # highlight() parses its input as markup: a name with "[/" would crash it.
                shown = Content(label) if "[" in label else matcher.highlight(label)
                yield Hit(
                    score,
                    shown,
                    partial(self._open, summary.id),
                    text=label,
                    help="jump to client",
                )
