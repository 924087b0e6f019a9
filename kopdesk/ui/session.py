"""What every screen and dialog of an open workspace needs: the workspace, the acting user, the runner, events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kopdesk.domain.users import Perm, User
from kopdesk.services.workspace import Workspace
from kopdesk.ui.events import AppEvents
from kopdesk.ui.runner import Runner


@dataclass
class Session:
    ws: Workspace
    user: User
    runner: Runner
    events: AppEvents

    def can(self, perm: Perm) -> bool:
        return self.user.can(perm)

    @staticmethod
    def today() -> dt.date:
        return dt.date.today()
