"""Tabular environments: table QA, fact verification, text-to-SQL and spreadsheets."""

CATALOG: dict[str, str] = {
    "tabular/cell-lookup-v1": "palaestra.envs.tabular.cell_lookup:CellLookup",
    "tabular/filtered-count-v1": "palaestra.envs.tabular.filtered_count:FilteredCount",
    "tabular/conditional-aggregate-v1": "palaestra.envs.tabular.aggregate:ConditionalAggregate",
    "tabular/group-by-aggregate-v1": "palaestra.envs.tabular.group_by_aggregate:GroupByAggregate",
    "tabular/argmax-row-v1": "palaestra.envs.tabular.argmax_row:ArgmaxRow",
    "tabular/top-k-v1": "palaestra.envs.tabular.top_k:TopK",
    "tabular/entity-rank-v1": "palaestra.envs.tabular.entity_rank:EntityRank",
    "tabular/distinct-count-v1": "palaestra.envs.tabular.distinct_count:DistinctCount",
    "tabular/percent-change-v1": "palaestra.envs.tabular.percent_change:PercentChange",
    "tabular/running-total-v1": "palaestra.envs.tabular.running_total:RunningTotal",
    "tabular/date-range-filter-v1": "palaestra.envs.tabular.date_range:DateRangeFilter",
    "tabular/median-mode-v1": "palaestra.envs.tabular.median_mode:MedianMode",
    "tabular/ratio-comparison-v1": "palaestra.envs.tabular.ratio:RatioComparison",
    "tabular/missing-values-v1": "palaestra.envs.tabular.missing_values:MissingValues",
    "tabular/fact-verification-v1": "palaestra.envs.tabular.fact_verification:FactVerification",
    "tabular/duplicate-rows-v1": "palaestra.envs.tabular.duplicate_rows:DuplicateRows",
    # TAB-B: SQL, multi-table and spreadsheet environments
    "tabular/text-to-sql-v1": "palaestra.envs.tabular.text_to_sql:TextToSql",
    "tabular/text-to-sql-duckdb-v1": "palaestra.envs.tabular.text_to_sql_duckdb:TextToSqlDuckDB",
    "tabular/sql-output-v1": "palaestra.envs.tabular.sql_output:SqlOutput",
    "tabular/sql-repair-v1": "palaestra.envs.tabular.sql_repair:SqlRepair",
    "tabular/join-aggregate-v1": "palaestra.envs.tabular.join_aggregate:JoinAggregate",
    "tabular/anti-join-v1": "palaestra.envs.tabular.anti_join:AntiJoin",
    "tabular/pivot-cell-v1": "palaestra.envs.tabular.pivot_cell:PivotCell",
    "tabular/multi-hop-lookup-v1": "palaestra.envs.tabular.multi_hop_lookup:MultiHopLookup",
    "tabular/spreadsheet-formula-v1": (
        "palaestra.envs.tabular.spreadsheet_formula:SpreadsheetFormula"
    ),
    "tabular/table-transform-v1": "palaestra.envs.tabular.table_transform:TableTransform",
}
