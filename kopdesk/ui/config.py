"""Where KopDesk keeps its small per-user state: recent files, the last opened workspace, the log file.

Honours ``KOPDESK_CONFIG_DIR`` (tests set it); otherwise platformdirs' user config / log / data dirs.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir, user_log_dir

APP = "KopDesk"
MAX_RECENT = 8


def config_dir() -> Path:
    d = Path(os.environ.get("KOPDESK_CONFIG_DIR") or user_config_dir(APP, appauthor=False))
    d.mkdir(parents=True, exist_ok=True)
    return d


def log_dir() -> Path:
    override = os.environ.get("KOPDESK_CONFIG_DIR")
    d = Path(override) / "log" if override else Path(user_log_dir(APP, appauthor=False))
    d.mkdir(parents=True, exist_ok=True)
    return d


def log_file() -> Path:
    return log_dir() / "kopdesk.log"


def data_dir() -> Path:
    override = os.environ.get("KOPDESK_CONFIG_DIR")
    d = Path(override) / "data" if override else Path(user_data_dir(APP, appauthor=False))
    d.mkdir(parents=True, exist_ok=True)
    return d


def demo_path() -> Path:
    return data_dir() / "contoh-koperasi.kopdesk"


def _state_file() -> Path:
    return config_dir() / "kopdesk-ui.json"


def load_state() -> dict:
    try:
        data = json.loads(_state_file().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def save_state(state: dict) -> None:
    path = _state_file()
    tmp = path.with_suffix(".tmp")
    try:
        tmp.write_text(json.dumps(state, indent=2, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # losing the recent list is not worth an error dialog


def recent_files() -> list[str]:
    return [p for p in load_state().get("recent", []) if isinstance(p, str)]


def existing_recent_files() -> list[str]:
    return [p for p in recent_files() if Path(p).exists()]


def remember(path: str | os.PathLike) -> None:
    p = str(Path(path).resolve())
    state = load_state()
    recent = [r for r in state.get("recent", []) if r != p]
    state["recent"] = [p, *recent][:MAX_RECENT]
    state["last"] = p
    save_state(state)


def forget_last() -> None:
    state = load_state()
    state.pop("last", None)
    save_state(state)


def last_opened() -> str | None:
    last = load_state().get("last")
    return last if isinstance(last, str) and Path(last).exists() else None
