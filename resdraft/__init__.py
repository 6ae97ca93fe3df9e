"""resdraft: draft, amend, consolidate and redline intergovernmental resolutions in Akoma Ntoso.

The core (everything outside ``cli``, ``render`` and ``review``) never prints and never imports
terminal libraries: it returns values and raises :class:`ResdraftError` subclasses.
"""

from __future__ import annotations

from .amend import Consolidation, apply_proposals
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
from .model import Change, ProposalDoc, Provision, Resolution
from .propose import ProposalMeta, propose
from .redline import Redline, diff_documents, redline_consolidation
from .validate import assert_valid, validate_document

__version__ = "0.1.0"

__all__ = (
    "AmendmentError",
    "Change",
    "ConflictingAmendmentsError",
    "Consolidation",
    "InputError",
    "InvalidDocumentError",
    "Issue",
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
    "propose",
    "redline_consolidation",
    "validate_document",
)
