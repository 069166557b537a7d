"""clean-news: strip boilerplate from scraped news text and explain every removal.

>>> from cleaner import clean
>>> doc = clean("Read more")
>>> [(r.category, r.rule) for r in doc.removed]
[('navigation', 'navigation_link')]
"""

__version__ = "0.1.0"

from .config import Config  # noqa: E402
from .document import CATEGORIES, Document, RecordDict, Removal  # noqa: E402
from .errors import InputError  # noqa: E402
from .pipeline import Cleaner, clean  # noqa: E402
from .rules import RuleError  # noqa: E402
from .schema import record_schema  # noqa: E402

__all__ = ["CATEGORIES", "Cleaner", "Config", "Document", "InputError", "RecordDict", "Removal", "RuleError", "clean", "record_schema", "__version__"]
