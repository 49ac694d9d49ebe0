"""Tabular environments: question answering over generated tables, fact verification, SQL and sheets."""

CATALOG: dict[str, str] = {
}
