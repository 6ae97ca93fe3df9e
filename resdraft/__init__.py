"""resdraft: draft, amend, consolidate and redline intergovernmental resolutions in Akoma Ntoso.

The core (everything outside ``cli``, ``render`` and ``review``) never prints and never imports
terminal libraries: it returns values and raises :class:`ResdraftError` subclasses.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import (
    AmendmentError,
    ConflictingAmendmentsError,
    InputError,
    InvalidDocumentError,
    Issue,
    ResdraftError,
    TargetNotFoundError,
    TextMismatchError,
)

if TYPE_CHECKING:
    from .amend import Consolidation, apply_proposals
    from .attributed import redline_consolidation
    from .merge import Merge, merge_proposals
    from .model import Change, ProposalDoc, Provision, Resolution
    from .propose import ProposalMeta, propose
    from .redline import Redline, diff_documents
    from .validate import assert_valid, validate_document

# The public API is imported on first use, so that `resdraft --help` does not pay for it.
_LAZY = {
    "Consolidation": "amend",
    "apply_proposals": "amend",
    "Merge": "merge",
    "merge_proposals": "merge",
    "Change": "model",
    "ProposalDoc": "model",
    "Provision": "model",
    "Resolution": "model",
    "ProposalMeta": "propose",
    "propose": "propose",
    "Redline": "redline",
    "diff_documents": "redline",
    "redline_consolidation": "attributed",
    "assert_valid": "validate",
    "validate_document": "validate",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'resdraft' has no attribute {name!r}")
    return getattr(import_module(f".{module}", __name__), name)


__version__ = "0.1.0"

__all__ = (
    "AmendmentError",
    "Change",
    "ConflictingAmendmentsError",
    "Consolidation",
    "InputError",
    "InvalidDocumentError",
    "Issue",
    "Merge",
    "ProposalDoc",
    "ProposalMeta",
    "Provision",
    "Redline",
    "ResdraftError",
    "Resolution",
    "TargetNotFoundError",
    "TextMismatchError",
    "__version__",
    "apply_proposals",
    "assert_valid",
    "diff_documents",
    "merge_proposals",
    "propose",
    "redline_consolidation",
    "validate_document",
)
