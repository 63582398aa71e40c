"""The whole schema: every feature's tables on the store's one Base, and how a database
differs from them.

Each feature owns its tables (helpdesk/<feature>/models.py), and the store below them
knows none; only this module, at the top of the layers, sees them all. Upgrading needs
none of it (every migration states its own change). Comparing the models with a database
does: Alembic's autogenerate and `alembic check` get this metadata through
`config.attributes["target_metadata"]` (see helpdesk/store/migrations/env.py).
"""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData

from helpdesk.accounts import models as accounts_models
from helpdesk.analytics import models as analytics_models
from helpdesk.audit import models as audit_models
from helpdesk.campaigns import models as campaigns_models
from helpdesk.crm import models as crm_models
from helpdesk.faq import models as faq_models
from helpdesk.handoffs import models as handoffs_models
from helpdesk.leads import models as leads_models
from helpdesk.store.base import Base
from helpdesk.store.database import get_engine

FEATURE_MODELS = (crm_models, faq_models, accounts_models, leads_models, audit_models,
                  handoffs_models, analytics_models, campaigns_models)
SCHEMA: MetaData = Base.metadata


def schema_differences(url: str | None = None, **options: Any) -> list[Any]:
    """What autogenerate would put in a new migration for the database at URL (types
    compared; OPTIONS such as compare_server_default go to Alembic); [] when they agree."""
    with get_engine(url).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, **options})
        return compare_metadata(context, SCHEMA)
