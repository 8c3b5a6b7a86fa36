"""Counting without walking the archive: exact up to a cap, the query planner's estimate above.

Reader listings, search and the desk's lists all count this way, so no page runs an exact
`COUNT(*)` over hundreds of thousands of rows on every request.
"""

import json

from django.db import connections

# Counted exactly up to here (an index walk of at most this many entries); above, estimated.
COUNT_CAP = 10_000


def planner_estimate(queryset):
    """How many rows PostgreSQL's planner expects `queryset` to return (no rows are read)."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return queryset.count()
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def bounded_count(queryset, cap=None):
    """(count, approximate): exact up to `cap` rows (default COUNT_CAP), else the planner's
    estimate (at least cap + 1), so counting never reads more than `cap` rows."""
    cap = cap or COUNT_CAP
    counted = queryset.order_by()[: cap + 1].count()
    if counted <= cap:
        return counted, False
    return max(planner_estimate(queryset.order_by()), cap + 1), True
