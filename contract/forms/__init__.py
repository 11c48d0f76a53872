"""Versioned form definitions: model, validation, expressions, session state, spreadsheets.

The public surface::

    load_definition(path) -> FormDefinition        # .json / .yaml / .xlsx, validated
    FormDefinition.from_dict(d)                      # validated, FormError if not
    validate_definition(d) -> list[str]              # reasons; empty means valid
    FormState(definition, prefill, lang)             # one session's answers
    contract.forms.xlsx.convert_xlsx(path) -> dict      # spreadsheet authoring

See ``docs/forms.md`` for the format.
"""

from contract.forms.display import ReviewRow, format_date
from contract.forms.expr import ExprError, Expression
from contract.forms.loading import load_definition, load_directory, parse_document, read_document
from contract.forms.model import Choice, Field, FormDefinition, FormError, Page, filter_choices
from contract.forms.state import FormState
from contract.forms.validate import validate_definition

__all__ = [
    "Choice",
    "ExprError",
    "Expression",
    "Field",
    "FormDefinition",
    "FormError",
    "FormState",
    "Page",
    "ReviewRow",
    "filter_choices",
    "format_date",
    "load_definition",
    "load_directory",
    "parse_document",
    "read_document",
    "validate_definition",
]
