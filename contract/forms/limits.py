"""Hard limits on what a form definition may contain.

A definition is pushed to every terminal in a fleet; one that is too large or
too clever would freeze or crash the lobby screen everywhere at once. These
limits are generous for real forms (the largest sample has ~25 fields) and are
checked before anything else is built, by the hub (``kiosk-hub forms validate``)
and again by the terminal before it activates a form.
"""

from __future__ import annotations

MAX_FILE_BYTES = 2 * 1024 * 1024  # a definition file (.json/.yaml)
MAX_XLSX_BYTES = 5 * 1024 * 1024
MAX_XLSX_ROWS = 3000  # per sheet
MAX_NESTING = 12  # JSON/YAML container depth; a real definition needs 7
MAX_NODES = 200_000  # containers + scalars in the whole document
MAX_PAGES = 100
MAX_FIELDS = 500  # in the whole form
MAX_FIELDS_PER_PAGE = 200
MAX_CHOICES = 2000  # per field (searchable lists of streets, nationalities...)
MAX_ID_CHARS = 64
MAX_LABEL_CHARS = 500  # labels, titles, choice labels, messages
MAX_HINT_CHARS = 1000
MAX_LONG_TEXT_CHARS = 20_000  # consent policy text, note bodies
MAX_PATTERN_CHARS = 200
MAX_EXPR_CHARS = 1000
MAX_EXPR_DEPTH = 24  # nesting of parentheses/calls/operators
MAX_EXPR_NODES = 200
MAX_DEPENDENCY_CHAIN = 32  # longest chain of calculations/relevance depending on each other
MAX_STRING_VALUE = 10_000  # longest string an expression may produce at run time
MAX_VALUE_CHARS = 20_000  # longest answer a resident can enter (long_text)
MAX_SIGNATURE_POINTS = 20_000
MAX_SIGNATURE_PNG_B64 = 2 * 1024 * 1024
