"""Work around a reference-count bug of PySide6 6.12 on CPython 3.11.

Measured here (Nov 2026): every time Qt calls a Python override that returns ``None`` (``QAbstractItemModel.data``
for a role the model does not answer, ``headerData``) the reference count of ``None`` drops by one; the same
happens to ``True`` for ``QWizardPage.isComplete``. A table repaint does that thousands of times, so after a while
CPython deallocates ``None`` and the process dies ("Fatal Python error: none_dealloc" / "bool_dealloc").

CPython 3.12 made these singletons immortal, which makes the bug harmless. On 3.11 we do the same by hand: give
them a reference count so large that no session can exhaust it. Remove when PySide6 is fixed or Python >= 3.12.
"""

from __future__ import annotations

import ctypes
import sys

_DONE = False
BOOST = 1 << 40


def immortalise_singletons() -> None:
    global _DONE
    if _DONE or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for obj in (None, True, False):
        # ob_refcnt is the first field of every PyObject (a Py_ssize_t) in release builds
        ctypes.c_ssize_t.from_address(id(obj)).value += BOOST
    _DONE = True


immortalise_singletons()
