"""Grid, number and planning puzzles."""

CATALOG: dict[str, str] = {
    "puzzles/sudoku-v1": "palaestra.envs.puzzles.sudoku:Sudoku",
}
