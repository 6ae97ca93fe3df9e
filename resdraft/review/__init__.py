"""The terminal review application (``resdraft review``): Textual widgets over resdraft.session.

``controller`` holds the state and writes every decision to the session file at once; it imports
neither textual nor rich. ``render`` builds rich ``Text`` (document text is never parsed as
markup); ``app`` and ``screens`` are the Textual application.
"""
