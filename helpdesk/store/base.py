"""The declarative Base every feature's models share (SQLAlchemy 1.4, 2.0-style usage).

One Base, so one MetaData describes the whole schema the Alembic history builds; each
feature declares its own tables on it in its `models.py` (helpdesk/crm, faq, accounts,
leads, audit, handoffs, analytics). helpdesk/ops/schema.py gathers them all.
"""

from __future__ import annotations

import warnings

from sqlalchemy.orm import declarative_base

Base = declarative_base()

# Numeric(scale=2) columns round-trip exactly through SQLite's float storage at this scale.
warnings.filterwarnings("ignore", message=r"Dialect sqlite\+pysqlite does \*not\* support Decimal")
