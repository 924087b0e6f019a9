"""When was this workspace last backed up? A small read over existing services (no service exposes the
``last_backup_at`` meta yet): the newest backup file in the known backup folders, or the last backup the ui made."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kopdesk.services import profile as profile_svc
from kopdesk.services.workspace import Workspace
from kopdesk.ui import config


def record_backup(ws: Workspace, dest: Path) -> None:
    state = config.load_state()
    state.setdefault("backups", {})[str(ws.path)] = {"at": dt.datetime.now().isoformat(timespec="seconds"),
                                                      "file": str(dest)}
    config.save_state(state)


def last_backup(ws: Workspace) -> tuple[dt.datetime, Path] | None:
    found: list[tuple[dt.datetime, Path]] = []
    entry = config.load_state().get("backups", {}).get(str(ws.path))
    if isinstance(entry, dict):
        try:
            found.append((dt.datetime.fromisoformat(entry["at"]), Path(entry["file"])))
        except (KeyError, ValueError, TypeError):
            pass
    folders = [ws.path.parent / "cadangan-kopdesk"]
    settings_dir = profile_svc.get_app_settings(ws).backup_dir
    if settings_dir:
        folders.append(Path(settings_dir))
    for folder in folders:
        if not folder.is_dir():
            continue
        for f in folder.glob(f"{ws.path.stem}-cadangan-*.kopdesk"):
            try:
                found.append((dt.datetime.fromtimestamp(f.stat().st_mtime), f))
            except OSError:
                pass
    return max(found, default=None, key=lambda x: x[0])
